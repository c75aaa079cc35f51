import { z } from 'zod';
import { defineJob } from '../define-job';

export const remindGuideJob = defineJob({
  name: 'remind-guide',
  schema: z.object({ guideId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // One digest per guide: every follow-up falling due asks for the same job. A digest put off until later
  // (working hours, the reminder window) passes that time as its key.
  jobId: ({ guideId }, retryAtMs) =>
    retryAtMs === undefined ? `remind:${guideId}` : `remind:${guideId}:${retryAtMs}`,
});
