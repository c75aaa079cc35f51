import type { DomainDeps } from '../deps';
import { type WelcomeOutcome, sendWelcomes } from './send-welcomes';

export type WelcomeResults = Map<string, WelcomeOutcome | Error>;

export interface WelcomeBatcher {
  /** Greets these adds in the next shared batch; resolves with their results (as sendWelcomes gives them). */
  send(eventIds: string[]): Promise<WelcomeResults>;
}

interface Pending {
  eventIds: string[];
  resolve: (results: WelcomeResults) => void;
  reject: (error: unknown) => void;
}

/**
 * Merges the welcomes of jobs running at the same time into shared batches. In a burst the callback route
 * stores a few events per commit, so each welcome job holds two or three adds; merged, a batch costs the same
 * five statements for dozens. Welcomes that arrive while the runs are busy go into the next run; when idle a
 * lone job runs at once. The claims in welcome_message, not this, keep an add from being greeted twice.
 */
export function createWelcomeBatcher(
  deps: DomainDeps,
  options: { maxBatch?: number; maxConcurrentRuns?: number } = {},
): WelcomeBatcher {
  const maxBatch = options.maxBatch ?? 100;
  const maxConcurrentRuns = options.maxConcurrentRuns ?? 4;
  let queue: Pending[] = [];
  let runs = 0;

  const drain = async (): Promise<void> => {
    runs += 1;
    while (queue.length > 0) {
      // Whole jobs only, at least one, so that each job's adds are answered by one run.
      let size = 0;
      let count = 0;
      while (count < queue.length && (count === 0 || size + queue[count]!.eventIds.length <= maxBatch)) {
        size += queue[count]!.eventIds.length;
        count += 1;
      }
      const batch = queue.slice(0, count);
      queue = queue.slice(count);
      try {
        const results = await sendWelcomes(deps, [...new Set(batch.flatMap((p) => p.eventIds))]);
        for (const p of batch) p.resolve(new Map(p.eventIds.map((id) => [id, resultOf(results, id)])));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    runs -= 1;
  };

  return {
    send(eventIds) {
      return new Promise<WelcomeResults>((resolve, reject) => {
        queue.push({ eventIds, resolve, reject });
        if (runs < maxConcurrentRuns) void drain();
      });
    },
  };
}

function resultOf(results: WelcomeResults, eventId: string): WelcomeOutcome | Error {
  return results.get(eventId) ?? new Error(`no welcome outcome for event ${eventId}`);
}
