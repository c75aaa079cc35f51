import { z } from 'zod';
import { defineJob } from '../define-job';

export const pushTagChangesJob = defineJob({
  name: 'push-tag-changes',
  schema: z.object({ relationId: z.uuid() }),
  options: {
    // Passing WeCom errors (busy, rate limits) retry here; beyond that the reconciler asks again later.
    attempts: 6,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // key: the edit (its first change id) or the reconciler's minute; see bot/domain/tags/request-tag-push.ts.
  jobId: ({ relationId }, key) => `tags:${relationId}:${key ?? ''}`,
});
