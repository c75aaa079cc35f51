import { useCallback, useEffect, useRef, useState } from 'react';
import type { Script } from '@contract/scripts';
import { getScripts } from '@/features/scripts/api/get-scripts';

export const SCRIPTS_PAGE_SIZE = 30;

interface ScriptsFilter {
  relationId: string;
  q: string;
  category: string | null;
}

type ScriptsState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'success'; scripts: Script[]; nextCursor: string | null };

/**
 * Scripts for this customer (placeholders filled in by the server), filtered by keyword and category. The
 * categories are remembered across filters, so the chips do not vanish when one is chosen.
 */
export function useScripts({ relationId, q, category }: ScriptsFilter) {
  const [state, setState] = useState<ScriptsState>({ status: 'loading' });
  const [categories, setCategories] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const cursorRef = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    getScripts(
      { relationId, q: q || undefined, category: category ?? undefined, limit: SCRIPTS_PAGE_SIZE },
      controller.signal,
    ).then(
      (page) => {
        if (controller.signal.aborted) return;
        cursorRef.current = page.nextCursor;
        setCategories((known) => [...known, ...page.categories.filter((c) => !known.includes(c))]);
        setState({ status: 'success', scripts: page.scripts, nextCursor: page.nextCursor });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [relationId, q, category, attempt]);

  const loadMore = useCallback(async () => {
    const after = cursorRef.current;
    if (after === null) return;
    const page = await getScripts({
      relationId,
      q: q || undefined,
      category: category ?? undefined,
      after,
      limit: SCRIPTS_PAGE_SIZE,
    });
    cursorRef.current = page.nextCursor;
    setState((s) => {
      if (s.status !== 'success') return s;
      const seen = new Set(s.scripts.map((x) => x.id));
      return {
        status: 'success',
        scripts: [...s.scripts, ...page.scripts.filter((x) => !seen.has(x.id))],
        nextCursor: page.nextCursor,
      };
    });
  }, [relationId, q, category]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, categories, loadMore, retry };
}
