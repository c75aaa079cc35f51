import type { z } from 'zod';
import { initialSyncJob } from './handlers/initial-sync';
import { processCallbackEventJob } from './handlers/process-callback-event';
import { followUpDueJob } from './handlers/follow-up-due';
import { reconcileEventsJob } from './handlers/reconcile-events';
import { reconcileFollowUpsJob } from './handlers/reconcile-follow-ups';
import { remindGuideJob } from './handlers/remind-guide';
import { sendWelcomeJob } from './handlers/send-welcome';
import { pushTagChangesJob } from './handlers/push-tag-changes';
import { reconcileTagChangesJob } from './handlers/reconcile-tag-changes';
import { readMassMessageResultsJob } from './handlers/read-mass-message-results';
import { syncCorpTagsJob } from './handlers/sync-corp-tags';
import { refreshCustomerPurchasesJob } from './handlers/refresh-customer-purchases';
import { updateLifecycleStagesJob } from './handlers/update-lifecycle-stages';

/** Every job the workers know. `enqueue(name, payload)` is type-checked against this list. */
export const JOBS = {
  [processCallbackEventJob.name]: processCallbackEventJob,
  [initialSyncJob.name]: initialSyncJob,
  [reconcileEventsJob.name]: reconcileEventsJob,
  [sendWelcomeJob.name]: sendWelcomeJob,
  [followUpDueJob.name]: followUpDueJob,
  [remindGuideJob.name]: remindGuideJob,
  [reconcileFollowUpsJob.name]: reconcileFollowUpsJob,
  [syncCorpTagsJob.name]: syncCorpTagsJob,
  [pushTagChangesJob.name]: pushTagChangesJob,
  [reconcileTagChangesJob.name]: reconcileTagChangesJob,
  [readMassMessageResultsJob.name]: readMassMessageResultsJob,
  [refreshCustomerPurchasesJob.name]: refreshCustomerPurchasesJob,
  [updateLifecycleStagesJob.name]: updateLifecycleStagesJob,
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]['schema']>;
