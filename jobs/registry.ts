import type { z } from 'zod';
import { initialSyncJob } from './handlers/initial-sync';
import { processCallbackEventJob } from './handlers/process-callback-event';
import { reconcileEventsJob } from './handlers/reconcile-events';

/** Every job the workers know. `enqueue(name, payload)` is type-checked against this list. */
export const JOBS = {
  [processCallbackEventJob.name]: processCallbackEventJob,
  [initialSyncJob.name]: initialSyncJob,
  [reconcileEventsJob.name]: reconcileEventsJob,
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]['schema']>;
