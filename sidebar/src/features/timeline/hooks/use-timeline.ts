import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineItem } from '@contract/timeline';
import { getTimeline } from '@/features/timeline/api/get-timeline';

export const TIMELINE_PAGE_SIZE = 20;

type TimelineState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; items: TimelineItem[]; nextCursor: string | null };

/** The relation's history page by page: the first page here, the next ones as the list scrolls. */
export function useTimeline(relationId: string) {
  const [state, setState] = useState<TimelineState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const cursorRef = useRef<string | null>(null);

  useEffect(() => {
    let isCurrent = true;
    setState({ status: 'loading' });
    getTimeline(relationId, { limit: TIMELINE_PAGE_SIZE }).then(
      (page) => {
        if (!isCurrent) return;
        cursorRef.current = page.nextCursor;
        setState({ status: 'success', items: page.items, nextCursor: page.nextCursor });
      },
      (error: unknown) => {
        if (isCurrent) setState({ status: 'error', error });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [relationId, attempt]);

  // InfiniteScroll calls this and shows its own retry when it throws.
  const loadMore = useCallback(async () => {
    const after = cursorRef.current;
    if (after === null) return;
    const page = await getTimeline(relationId, { after, limit: TIMELINE_PAGE_SIZE });
    cursorRef.current = page.nextCursor;
    setState((s) => {
      if (s.status !== 'success') return s;
      // Keyset pages do not overlap, but a retried page must not show an item twice.
      const seen = new Set(s.items.map((i) => i.id));
      return {
        status: 'success',
        items: [...s.items, ...page.items.filter((i) => !seen.has(i.id))],
        nextCursor: page.nextCursor,
      };
    });
  }, [relationId]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, loadMore, retry };
}
