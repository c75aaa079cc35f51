import type { JobName } from '../bot/domain/jobs/job-definitions';
import type { JobHandler } from './define-handler';
import { followUpDueHandler } from './handlers/follow-up-due';
import { initialSyncHandler } from './handlers/initial-sync';
import { processCallbackEventHandler } from './handlers/process-callback-event';
import { pushPendingTagsHandler } from './handlers/push-pending-tags';
import { pushTagChangesHandler } from './handlers/push-tag-changes';
import { readMassMessageResultsHandler } from './handlers/read-mass-message-results';
import { reconcileEventsHandler } from './handlers/reconcile-events';
import { reconcileFollowUpsHandler } from './handlers/reconcile-follow-ups';
import { reconcileRelationsHandler } from './handlers/reconcile-relations';
import { reconcileTagChangesHandler } from './handlers/reconcile-tag-changes';
import { refreshCustomerPurchasesHandler } from './handlers/refresh-customer-purchases';
import { refreshExternalContactHandler } from './handlers/refresh-external-contact';
import { remindGuideHandler } from './handlers/remind-guide';
import { sendWelcomeHandler } from './handlers/send-welcome';
import { syncCorpTagsHandler } from './handlers/sync-corp-tags';
import { syncMomentsHandler } from './handlers/sync-moments';
import { followMomentTasksHandler } from './handlers/follow-moment-tasks';
import { updateLifecycleStagesHandler } from './handlers/update-lifecycle-stages';

/** A handler for every job definition: a definition without one is a compile error here. */
export const HANDLERS: { [N in JobName]: JobHandler<N> } = {
  'process-callback-event': processCallbackEventHandler,
  'initial-sync': initialSyncHandler,
  'reconcile-events': reconcileEventsHandler,
  'send-welcome': sendWelcomeHandler,
  'follow-up-due': followUpDueHandler,
  'remind-guide': remindGuideHandler,
  'reconcile-follow-ups': reconcileFollowUpsHandler,
  'reconcile-relations': reconcileRelationsHandler,
  'sync-corp-tags': syncCorpTagsHandler,
  'push-tag-changes': pushTagChangesHandler,
  'push-pending-tags': pushPendingTagsHandler,
  'reconcile-tag-changes': reconcileTagChangesHandler,
  'read-mass-message-results': readMassMessageResultsHandler,
  'refresh-customer-purchases': refreshCustomerPurchasesHandler,
  'refresh-external-contact': refreshExternalContactHandler,
  'update-lifecycle-stages': updateLifecycleStagesHandler,
  'sync-moments': syncMomentsHandler,
  'follow-moment-tasks': followMomentTasksHandler,
};
