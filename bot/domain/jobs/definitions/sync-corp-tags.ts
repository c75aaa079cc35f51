import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const syncCorpTagsJob = defineJob({
  name: 'sync-corp-tags',
  schema: z.object({ reason: z.string().max(200).default('scheduled') }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    // Kept two hours: the scheduler asks every 30 s with the hour's key, and a kept job is not added again.
    removeOnComplete: { age: 7_200 },
    removeOnFail: { age: 600 },
  },
  // key: the scheduler's hour (`h<hour>`) or a callback's 2-second window (bot/domain/tags/request-tag-sync.ts).
  jobId: keyedJobId('tag-sync'),
});
