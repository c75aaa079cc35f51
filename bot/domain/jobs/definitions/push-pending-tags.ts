import { z } from 'zod';
import { defineJob } from '../define-job';

/**
 * One slice of the tag pump (bot/domain/tags/push-pending-tags.ts): pending tag changes pushed to WeCom from
 * relation `after` on. Each slice queues the next in the other lane, so a chain always has a job queued or
 * running under one of the two ids, and a request for the pump while a chain runs adds nothing.
 */
export const pushPendingTagsJob = defineJob({
  name: 'push-pending-tags',
  schema: z.object({
    after: z.uuid().nullable().default(null),
    lane: z.enum(['a', 'b']).default('a'),
  }),
  // PostgreSQL holds what is pending; a slice that failed is started again by the reconciler's next tick.
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  jobId: ({ lane }) => `push-pending-tags:${lane}`,
});
