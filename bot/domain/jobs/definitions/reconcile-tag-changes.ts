import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const reconcileTagChangesJob = defineJob({
  name: 'reconcile-tag-changes',
  schema: z.object({}),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // key: the scheduler's tick.
  jobId: keyedJobId('reconcile-tag-changes'),
});
