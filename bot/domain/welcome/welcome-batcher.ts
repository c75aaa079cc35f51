import { createBatcher } from '../batching/create-batcher';
import type { DomainDeps } from '../deps';
import { type WelcomeOutcome, sendWelcomes } from './send-welcomes';

export type WelcomeResults = Map<string, WelcomeOutcome | Error>;

export interface WelcomeBatcher {
  /** Greets these adds in the next shared batch; resolves with their results (as sendWelcomes gives them). */
  send(eventIds: string[]): Promise<WelcomeResults>;
}

/**
 * Merges the welcomes of jobs running at the same time into shared batches. In a burst the callback route
 * stores a few events per commit, so each welcome job holds two or three adds; merged, a batch costs the same
 * five statements for dozens. Whole jobs only, so that each job's adds are answered by one run. The claims in
 * welcome_message, not this, keep an add from being greeted twice.
 */
export function createWelcomeBatcher(
  deps: DomainDeps,
  options: { maxBatch?: number; maxConcurrentRuns?: number } = {},
): WelcomeBatcher {
  const batcher = createBatcher<string[], WelcomeResults>({
    maxBatch: options.maxBatch ?? 100,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 4,
    sizeOf: (eventIds) => eventIds.length,
    run: async (jobs) => {
      const results = await sendWelcomes(deps, [...new Set(jobs.flat())]);
      return jobs.map((eventIds) => ({
        status: 'fulfilled',
        value: new Map(eventIds.map((id) => [id, resultOf(results, id)])),
      }));
    },
  });
  return { send: (eventIds) => batcher.submit(eventIds) };
}

function resultOf(results: WelcomeResults, eventId: string): WelcomeOutcome | Error {
  return results.get(eventId) ?? new Error(`no welcome outcome for event ${eventId}`);
}
