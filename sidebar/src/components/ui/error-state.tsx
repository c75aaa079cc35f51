import { Button } from 'antd-mobile';
import { ExclamationCircleOutline } from 'antd-mobile-icons';
import { errorText } from '@/lib/error-text';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  /** Inside a card (smaller) rather than a whole page. */
  compact?: boolean;
}

/**
 * A failed read: what went wrong in Chinese, and a retry. (Not antd-mobile's ErrorBlock: its illustrations
 * weigh 35 KB, a quarter of the page's JavaScript budget.)
 */
export function ErrorState({ error, onRetry, title = '加载失败', compact = false }: ErrorStateProps) {
  return (
    <div className={compact ? 'state state-compact' : 'page state'} role="alert">
      <ExclamationCircleOutline className="state-icon state-icon-error" aria-hidden />
      <div className="state-title">{title}</div>
      <p className="state-description">{errorText(error)}</p>
      {onRetry && (
        <Button color="primary" size="small" onClick={onRetry}>
          重试
        </Button>
      )}
    </div>
  );
}
