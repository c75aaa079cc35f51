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
  /**
   * Which of these add events still have their processing job in Redis (queued by the same call as their
   * welcome job). Such an add's welcome job is most likely there too, only behind others in a slow burst: it is
   * left to it, rather than claimed twice while the worker is already short of time.
   */
  findQueuedEvents?: (eventIds: string[]) => Promise<Set<string>>;
}

/** In a healthy burst the queued job claims an add within a few hundred milliseconds of its arrival. */
export const WELCOME_SWEEP_GRACE_MS = 1_500;
const SWEEP_EVERY_MS = 500;
const SWEEP_LIMIT = 1_000;
/** A Redis that has gone (the case this sweeper is for) is not waited for. */
const QUEUE_LOOKUP_MS = 500;

/**
 * The welcome's path that needs no queue: every `everyMs` it asks PostgreSQL for adds whose welcome_code is still
 * valid and that nobody is greeting (their job never reached Redis, Redis lost it, or the worker that claimed
 * them died) and greets them through the worker's shared welcome batcher, with the same claims as the job.
 * Redis killed or flushed mid-burst, the welcomes still go out inside WeCom's 20 seconds instead of falling back
 * to greeting follow-ups. An add never claimed whose processing job is still in Redis is left to its welcome job
 * (queued with it): in a burst that is only slow, claiming it twice would cost time the worker lacks. A batch
 * is not awaited by the tick, so a slow one does not hold up the next finds; an add already on its way from
 * here is not sent again meanwhile.
 */
export function startWelcomeSweeper(deps: DomainDeps, options: WelcomeSweeperOptions = {}): WelcomeSweeper {
  const graceMs = options.graceMs ?? WELCOME_SWEEP_GRACE_MS;
  const track = options.track ?? (<T>(work: () => Promise<T>) => work());
  const onTheirWay = new Set<string>();
  const queuedAmong = async (eventIds: string[]): Promise<Set<string>> => {
    if (!options.findQueuedEvents) return new Set();
    let timer: NodeJS.Timeout | undefined;
    const gone = new Promise<Set<string>>((resolve) => {
      timer = setTimeout(() => resolve(new Set()), QUEUE_LOOKUP_MS);
    });
    // Redis down or failing: no job can be counted on, so every add found is greeted from here.
    const found = options.findQueuedEvents(eventIds).catch(() => new Set<string>());
    return Promise.race([found, gone]).finally(() => clearTimeout(timer));
  };
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
      const found = (await findOpenWelcomes(deps.pool, { graceMs, limit: SWEEP_LIMIT })).filter(
        (w) => !onTheirWay.has(w.id),
      );
      // A lapsed or released claim is nobody's any more; a welcome never claimed may still have its job queued.
      const neverClaimed = found.filter((w) => !w.wasClaimed).map((w) => w.id);
      const queued = neverClaimed.length > 0 ? await queuedAmong(neverClaimed) : new Set<string>();
      const ids = found.map((w) => w.id).filter((id) => !queued.has(id));
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
