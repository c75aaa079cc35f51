export interface Batcher<I, R> {
  /** Adds the item to the next batch; resolves or rejects with its own result once that batch has run. */
  submit(item: I): Promise<R>;
}

export interface BatcherOptions<I, R> {
  /**
   * Runs one batch and answers each of its items, in order. Throwing rejects the whole batch; an item that
   * failed on its own is answered `rejected` while its neighbours still succeed.
   */
  run: (items: I[]) => Promise<PromiseSettledResult<R>[]>;
  /** The most a batch holds, counted by `sizeOf`. */
  maxBatch: number;
  /** Batches run at once: while one waits on PostgreSQL or WeCom, the next is already on its way. */
  maxConcurrentRuns: number;
  /** An item's share of `maxBatch` (default 1); an item is never split, and a batch holds at least one. */
  sizeOf?: (item: I) => number;
}

interface Pending<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Merges work that arrives while earlier batches are running into the next batch. Under load this turns a
 * round trip (a commit, a Redis call, a query) per item into one per batch; when idle a lone item runs at once.
 * The callback route's event writes and the worker's welcomes both go through one of these.
 */
export function createBatcher<I, R>(options: BatcherOptions<I, R>): Batcher<I, R> {
  const sizeOf = options.sizeOf ?? (() => 1);
  let queue: Pending<I, R>[] = [];
  let runs = 0;

  const takeBatch = (): Pending<I, R>[] => {
    let size = 0;
    let count = 0;
    while (count < queue.length) {
      const next = sizeOf(queue[count]!.item);
      if (count > 0 && size + next > options.maxBatch) break;
      size += next;
      count += 1;
    }
    const batch = queue.slice(0, count);
    queue = queue.slice(count);
    return batch;
  };

  const drain = async (): Promise<void> => {
    runs += 1;
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        const results = await options.run(batch.map((p) => p.item));
        batch.forEach((p, i) => {
          const result = results[i];
          if (result?.status === 'fulfilled') p.resolve(result.value);
          else p.reject(result ? result.reason : new Error('the batch gave this item no result'));
        });
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    runs -= 1;
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (runs < options.maxConcurrentRuns) void drain();
      });
    },
  };
}
