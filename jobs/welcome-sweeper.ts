import type { DomainDeps } from '../bot/domain/deps';
import { findOpenWelcomes } from '../bot/domain/welcome/find-open-welcomes';
import { MAX_WELCOMES_PER_JOB } from '../bot/domain/welcome/welcome-timing';
import { isRetryable } from '../bot/errors';
import { welcomeBatcherFor } from './welcome-batchers';

export interface WelcomeSweeper {
  stop(): void;
}

export interface WelcomeSweeperOptions {
  /** How often PostgreSQL is asked for adds nobody is greeting. */
  everyMs?: number;
  /** Adds younger than this are left to their queued job. */
  graceMs?: number;
  /** Wraps each batch, so the priority governor counts it as welcome work (jobs/priorities.ts). */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** In a healthy burst the queued job claims an add within a few hundred milliseconds of its arrival. */
export const WELCOME_SWEEP_GRACE_MS = 1_500;
const SWEEP_EVERY_MS = 500;
const SWEEP_LIMIT = 1_000;

/**
 * The welcome's path that needs no queue: every `everyMs` it asks PostgreSQL for adds whose welcome_code is still
 * valid and that nobody is greeting (their job never reached Redis, Redis lost it, or the worker that claimed
 * them died) and greets them through the worker's shared welcome batcher, with the same claims as the job.
 * Redis killed or flushed mid-burst, the welcomes still go out inside WeCom's 20 seconds instead of falling back
 * to greeting follow-ups. A batch is not awaited by the tick, so a slow one does not hold up the next finds; an
 * add already on its way from here is not sent again meanwhile.
 */
export function startWelcomeSweeper(deps: DomainDeps, options: WelcomeSweeperOptions = {}): WelcomeSweeper {
  const graceMs = options.graceMs ?? WELCOME_SWEEP_GRACE_MS;
  const track = options.track ?? (<T>(work: () => Promise<T>) => work());
  const onTheirWay = new Set<string>();
  let isSweeping = false;

  const send = async (eventIds: string[]) => {
    try {
      const results = await track(() => welcomeBatcherFor(deps).send(eventIds));
      const counts: Record<string, number> = {};
      for (const [eventId, outcome] of results) {
        const key = outcome instanceof Error ? (isRetryable(outcome) ? 'to retry' : 'failed') : outcome;
        counts[key] = (counts[key] ?? 0) + 1;
        if (key === 'failed') deps.logger.error({ eventId, err: outcome }, 'welcome failed for good');
      }
      // Those to retry were released (or are held by another sender): a later sweep finds them again.
      deps.logger.info({ counts }, 'welcomes found in PostgreSQL handled');
    } catch (error) {
      deps.logger.warn({ err: error, count: eventIds.length }, 'welcomes found in PostgreSQL not sent yet');
    } finally {
      for (const id of eventIds) onTheirWay.delete(id);
    }
  };

  const sweep = async () => {
    if (isSweeping) return;
    isSweeping = true;
    try {
      const found = await findOpenWelcomes(deps.pool, { graceMs, limit: SWEEP_LIMIT });
      const ids = found.filter((id) => !onTheirWay.has(id));
      if (ids.length === 0) return;
      deps.logger.info({ count: ids.length }, 'welcomes nobody is sending: sending them from PostgreSQL');
      for (const id of ids) onTheirWay.add(id);
      for (let i = 0; i < ids.length; i += MAX_WELCOMES_PER_JOB)
        void send(ids.slice(i, i + MAX_WELCOMES_PER_JOB));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not look for welcomes nobody is sending');
    } finally {
      isSweeping = false;
    }
  };

  const timer = setInterval(() => void sweep(), options.everyMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
