import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }
  | { status: 'success'; data: T; error?: undefined };

export type QueryResult<T> = QueryState<T> & {
  /**
   * Fetch again; with `{ silent: true }` the current data stays on screen until the answer replaces it (and
   * stays if the refresh fails).
   */
  reload: (options?: { silent?: boolean }) => void;
  /** Change the data in place after a write answered (the server's answer, not a guess). */
  setData: (update: (data: T) => T) => void;
};

/**
 * One read, refetched when `key` changes. A small hook instead of a data library: the sidebar has a handful of
 * reads, each shown once per visit, so caching and deduplication would buy little for their weight.
 */
export function useQuery<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): QueryResult<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const silentRef = useRef(false);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const controller = new AbortController();
    const isSilent = silentRef.current;
    silentRef.current = false;
    if (!isSilent) setState({ status: 'loading' });
    fetcherRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A quiet refresh that failed leaves what is on screen: it was right a moment ago.
        setState((s) => (isSilent && s.status === 'success' ? s : { status: 'error', error }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback((options?: { silent?: boolean }) => {
    silentRef.current = options?.silent ?? false;
    setGeneration((g) => g + 1);
  }, []);
  const setData = useCallback((update: (data: T) => T) => {
    setState((s) => (s.status === 'success' ? { status: 'success', data: update(s.data) } : s));
  }, []);

  return { ...state, reload, setData };
}
