import { z } from 'zod';
import { defineJob } from '../define-job';

/**
 * Re-reads one customer from WeCom (externalcontact/get) into our rows: the repair when WeCom accepted a write of
 * ours (a remark) and our own row could not be written after it. Retried for about an hour: PostgreSQL may be
 * down for a while, and the read is the same whenever it runs.
 */
export const refreshExternalContactJob = defineJob({
  name: 'refresh-external-contact',
  schema: z.object({ externalUserid: z.string().min(1).max(64) }),
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
  jobId: () => undefined,
});
