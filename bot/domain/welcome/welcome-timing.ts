import { createHash } from 'node:crypto';

/** A welcome_code is valid for 20 seconds from the add event (API.md §3.3). */
export const WELCOME_WINDOW_MS = 20_000;
/** Pause between retries of 41096 / busy answers; the job queue's backoff uses the same value. */
export const WELCOME_RETRY_MS = 1_000;
/**
 * How long a claim holds a welcome unless its run renews it (every WELCOME_LEASE_RENEW_MS while it is at work,
 * however long its WeCom calls take): a welcome claimed by a worker that died is free for another sender within
 * seconds, inside the 20-second window. It keeps a stalled job that Bull runs again from sending while the
 * first run still is.
 */
export const WELCOME_LEASE_MS = 4_000;
export const WELCOME_LEASE_RENEW_MS = 1_000;
/** Adds greeted by one job: a batch the callback route stored together (bot/domain/events/enqueue-event-jobs.ts). */
export const MAX_WELCOMES_PER_JOB = 50;
/** How long an add that is being welcomed waits before its other processing (profile, follow-ups) starts. */
export const WELCOME_HEAD_START_MS = 2_000;

/** The same adds make the same job id (the reconciler's single adds keep the id they always had). */
export function welcomeJobId(eventIds: readonly string[]): string {
  if (eventIds.length === 1) return `welcome:${eventIds[0]}`;
  return `welcomes:${createHash('sha1').update(eventIds.join(',')).digest('hex')}`;
}
