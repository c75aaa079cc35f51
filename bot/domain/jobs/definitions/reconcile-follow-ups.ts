import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const reconcileFollowUpsJob = defineJob({
  name: 'reconcile-follow-ups',
  schema: z.object({ graceMs: z.number().int().min(0).default(60_000) }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // key: the scheduler's tick.
  jobId: keyedJobId('reconcile-follow-ups'),
});
