import { Button } from 'antd-mobile';
import type { WecomProblem } from '@/lib/wecom-errors';

/** A JS-SDK failure: what the guide can do, what the admin must fix, and the SDK's words for a screenshot. */
export function SdkErrorPage({ problem, onRetry }: { problem: WecomProblem; onRetry: () => void }) {
  return (
    <main className="page page-message sdk-error" role="alert" aria-label="无法连接企业微信">
      <h1 className="sdk-error-title">{problem.title}</h1>
      <p>{problem.forGuide}</p>
      {problem.forAdmin && (
        <section className="admin-fix" aria-label="管理员需要处理">
          <h2>管理员需要处理</h2>
          <p>{problem.forAdmin}</p>
        </section>
      )}
      {problem.detail && <p className="muted detail">{problem.detail}</p>}
      {problem.kind !== 'not_in_wecom' && (
        <Button color="primary" onClick={onRetry}>
          重新打开
        </Button>
      )}
    </main>
  );
}
