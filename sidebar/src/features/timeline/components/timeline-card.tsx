import { InfiniteScroll, Skeleton, Steps } from 'antd-mobile';
import type { TimelineKind } from '@contract/timeline';
import { ErrorState } from '@/components/ui/error-state';
import { SectionCard } from '@/components/ui/section-card';
import { formatDateTime } from '@/lib/format';
import { useTimeline } from '@/features/timeline/hooks/use-timeline';

const KIND_LABELS: Record<TimelineKind, string> = {
  added: '添加',
  welcomed: '欢迎语',
  deleted: '删除',
  tag_added: '标签',
  tag_removed: '标签',
  order: '订单',
  interaction: '互动',
  follow_up_done: '跟进',
};

/** 客户轨迹: what happened with this customer, newest first, more as the guide scrolls. */
export function TimelineCard({ relationId }: { relationId: string }) {
  const { state, loadMore, retry } = useTimeline(relationId);
  return (
    <SectionCard title="客户轨迹">
      {state.status === 'loading' && (
        <div role="status" aria-label="轨迹加载中">
          <Skeleton.Paragraph lineCount={5} animated />
        </div>
      )}
      {state.status === 'error' && (
        <ErrorState compact error={state.error} onRetry={retry} title="轨迹加载失败" />
      )}
      {state.status === 'success' && state.items.length === 0 && <p className="muted">还没有轨迹</p>}
      {state.status === 'success' && state.items.length > 0 && (
        <>
          <Steps direction="vertical" className="timeline">
            {state.items.map((item) => (
              <Steps.Step
                key={item.id}
                status="finish"
                title={
                  <span>
                    <span className={`timeline-kind timeline-kind-${item.kind}`}>
                      {KIND_LABELS[item.kind]}
                    </span>
                    {item.title}
                  </span>
                }
                description={
                  <>
                    {item.detail && <span className="timeline-detail">{item.detail}</span>}
                    <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                  </>
                }
              />
            ))}
          </Steps>
          <InfiniteScroll loadMore={loadMore} hasMore={state.nextCursor !== null} />
        </>
      )}
    </SectionCard>
  );
}
