import { z } from 'zod';
import { defineJob } from '../define-job';

export const followUpDueJob = defineJob({
  name: 'follow-up-due',
  schema: z.object({ followUpId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // key: the due time (epoch ms), so a follow-up moved to another time gets a job of its own.
  jobId: ({ followUpId }, dueAtMs) => `follow-up:${followUpId}:${dueAtMs ?? ''}`,
});
