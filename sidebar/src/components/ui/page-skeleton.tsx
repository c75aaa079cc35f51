import { Skeleton } from 'antd-mobile';

/**
 * The page's shape while it loads: a header block and a few lines, so nothing jumps when data arrives, and what
 * it waits for in words (on a slow network grey blocks alone look like a page that broke).
 */
export function PageSkeleton({ label = '加载中' }: { label?: string }) {
  return (
    <div className="page" role="status" aria-label={label} aria-busy="true">
      <div className="skeleton-header">
        <Skeleton animated className="skeleton-avatar" />
        <div className="skeleton-lines">
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={2} animated />
        </div>
      </div>
      <Skeleton.Paragraph lineCount={4} animated />
      <Skeleton.Paragraph lineCount={3} animated />
      <p className="skeleton-label" aria-hidden>
        {label}…
      </p>
    </div>
  );
}
