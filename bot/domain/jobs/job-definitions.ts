import type { z } from 'zod';
import type { EnqueueOptions } from './define-job';
import { followMomentTasksJob } from './definitions/follow-moment-tasks';
import { followUpDueJob } from './definitions/follow-up-due';
import { initialSyncJob } from './definitions/initial-sync';
import { processCallbackEventJob } from './definitions/process-callback-event';
import { pushPendingTagsJob } from './definitions/push-pending-tags';
import { pushTagChangesJob } from './definitions/push-tag-changes';
import { readMassMessageResultsJob } from './definitions/read-mass-message-results';
import { reconcileEventsJob } from './definitions/reconcile-events';
import { reconcileFollowUpsJob } from './definitions/reconcile-follow-ups';
import { reconcileRelationsJob } from './definitions/reconcile-relations';
import { reconcileTagChangesJob } from './definitions/reconcile-tag-changes';
import { refreshCustomerPurchasesJob } from './definitions/refresh-customer-purchases';
import { refreshExternalContactJob } from './definitions/refresh-external-contact';
import { remindGuideJob } from './definitions/remind-guide';
import { sendWelcomeJob } from './definitions/send-welcome';
import { syncCorpTagsJob } from './definitions/sync-corp-tags';
import { syncMomentsJob } from './definitions/sync-moments';
import { updateLifecycleStagesJob } from './definitions/update-lifecycle-stages';

/** Every kind of background job. The worker (jobs/registry.ts) must have a handler for each. */
export const JOB_DEFINITIONS = {
  [processCallbackEventJob.name]: processCallbackEventJob,
  [initialSyncJob.name]: initialSyncJob,
  [reconcileEventsJob.name]: reconcileEventsJob,
  [sendWelcomeJob.name]: sendWelcomeJob,
  [followUpDueJob.name]: followUpDueJob,
  [remindGuideJob.name]: remindGuideJob,
  [reconcileFollowUpsJob.name]: reconcileFollowUpsJob,
  [reconcileRelationsJob.name]: reconcileRelationsJob,
  [syncCorpTagsJob.name]: syncCorpTagsJob,
  [pushTagChangesJob.name]: pushTagChangesJob,
  [pushPendingTagsJob.name]: pushPendingTagsJob,
  [reconcileTagChangesJob.name]: reconcileTagChangesJob,
  [readMassMessageResultsJob.name]: readMassMessageResultsJob,
  [refreshCustomerPurchasesJob.name]: refreshCustomerPurchasesJob,
  [refreshExternalContactJob.name]: refreshExternalContactJob,
  [updateLifecycleStagesJob.name]: updateLifecycleStagesJob,
  [syncMomentsJob.name]: syncMomentsJob,
  [followMomentTasksJob.name]: followMomentTasksJob,
} as const;

export type JobName = keyof typeof JOB_DEFINITIONS;
export type JobDefinitionOf<N extends JobName> = (typeof JOB_DEFINITIONS)[N];
/** What a caller passes (defaults not yet applied). */
export type JobPayload<N extends JobName> = z.input<JobDefinitionOf<N>['schema']>;
/** What the handler gets (validated, defaults applied). */
export type ParsedJobPayload<N extends JobName> = z.output<JobDefinitionOf<N>['schema']>;

/** Queues a job: a wrong name or payload is a compile error wherever this is called. */
export type Enqueue = <N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options?: EnqueueOptions,
) => Promise<void>;

/** Many jobs of one kind in one Redis round trip. */
export type EnqueueMany = <N extends JobName>(
  name: N,
  jobs: { payload: JobPayload<N>; options?: EnqueueOptions }[],
) => Promise<void>;
