import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const refreshCustomerPurchasesJob = defineJob({
  name: 'refresh-customer-purchases',
  schema: z.object({ customerId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // key: the order that asked (one refresh per order).
  jobId: keyedJobId('purchases'),
});
