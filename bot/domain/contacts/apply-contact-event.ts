import type { RelationStatus } from '../../generated/prisma/client';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { cancelFollowUps } from '../follow-ups/close-follow-ups';
import { createGreetingFollowUp, createInteractionFollowUp } from '../follow-ups/schedule-contact-follow-ups';
import { applyChannelOnAdd } from '../channels/apply-channel';
import { ensurePair } from './ensure-pair';
import { syncExternalContact } from './sync-external-contact';

/** The fields of a change_external_contact callback (API.md §2.2). */
export interface ContactEvent {
  changeType: string;
  userid: string;
  externalUserid: string;
  occurredAt: Date;
  state?: string;
  /** Whether the add carried a WelcomeCode: then the welcome job greets, or falls back to a follow-up. */
  hasWelcomeCode?: boolean;
  source?: string;
  failReason?: string;
}

/** Handles one change_external_contact callback. Idempotent: running it twice leaves the same rows. */
export async function applyContactEvent(deps: DomainDeps, event: ContactEvent): Promise<string> {
  switch (event.changeType) {
    case 'add_external_contact':
    case 'add_half_external_contact':
      await recordAdd(deps, event);
      return 'relation added';
    case 'edit_external_contact':
      // Edits made in the WeCom client arrive without details: re-read and reconcile.
      await syncExternalContact(deps, event.externalUserid);
      return 'contact refreshed';
    case 'del_external_contact':
      return setRelationStatus(deps, event, 'DELETED_BY_GUIDE');
    case 'del_follow_user':
      return setRelationStatus(deps, event, 'DELETED_BY_CUSTOMER');
    case 'transfer_fail':
      // UserID is the takeover member; the customer stays with the original guide, so re-read who follows whom.
      await syncExternalContact(deps, event.externalUserid);
      return `transfer failed (${event.failReason ?? 'unknown reason'}), contact refreshed`;
    default:
      return `change type ${event.changeType} stored, nothing to do yet`;
  }
}

async function recordAdd(deps: DomainDeps, event: ContactEvent): Promise<void> {
  const pair = await ensurePair(deps, event);
  try {
    await syncExternalContact(deps, event.externalUserid);
  } catch (error) {
    // The add stands without the profile (a one-way add answers 84061); only a passing failure is retried.
    if (!isWecomError(error) || error.isRetryable) throw error;
    deps.logger.warn(
      { errcode: error.errcode, externalUserid: event.externalUserid },
      'add recorded without profile',
    );
  }
  if (!(await markAdded(deps, pair, event))) return;
  // The lifecycle clock starts at the customer's first add (DESIGN.md §2 会员生命周期).
  await deps.db.$executeRaw`
    UPDATE customer SET joined_at = LEAST(coalesce(joined_at, ${event.occurredAt}), ${event.occurredAt})
    WHERE id = ${pair.customerId}::uuid`;
  await applyChannelOnAdd(deps, pair, event.state);
  const added = { ...pair, addedAt: event.occurredAt };
  if (!event.hasWelcomeCode) {
    // No code means WeCom will not let us greet for the guide (a console welcome, a chat already started…).
    await createGreetingFollowUp(
      deps,
      added,
      '客户添加时没有可用的欢迎语（无 welcome_code），请主动打个招呼',
    );
  }
  await createInteractionFollowUp(deps, added);
}

/**
 * Applies the add unless a newer event already changed the relation. One conditional UPDATE, so an add and a
 * deletion of the same pair processed at once cannot both win: the row lock orders them and the newer stands.
 */
async function markAdded(
  { db }: DomainDeps,
  pair: { guideId: string; customerId: string },
  event: ContactEvent,
): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE guide_customer
    SET status_changed_at = CASE WHEN status <> 'ACTIVE' THEN now() ELSE status_changed_at END,
        status = 'ACTIVE', delete_source = NULL, state = coalesce(${event.state ?? null}, state),
        last_event_at = ${event.occurredAt}, updated_at = now()
    WHERE guide_id = ${pair.guideId}::uuid AND customer_id = ${pair.customerId}::uuid
      AND (last_event_at IS NULL OR last_event_at <= ${event.occurredAt})`;
  return count > 0;
}

const CANCEL_REASON: Record<string, string> = {
  DELETED_BY_GUIDE: 'the guide deleted the customer',
  DELETED_BY_CUSTOMER: 'the customer deleted the guide',
  DELETE_BY_TRANSFER: 'the customer was transferred to another guide',
  RECONCILED: 'WeCom no longer lists the customer for the guide',
};

async function setRelationStatus(
  deps: DomainDeps,
  event: ContactEvent,
  status: RelationStatus,
): Promise<string> {
  let relation = await findRelation(deps, event);
  if (!relation) {
    // We never saw this pair (e.g. before the initial sync): learn it from WeCom, then record the deletion.
    try {
      await syncExternalContact(deps, event.externalUserid);
    } catch (error) {
      if (!isWecomError(error) || error.isRetryable) throw error;
      return `unknown relation, WeCom says ${error.errcode}: nothing to delete`;
    }
    relation = await findRelation(deps, event);
    if (!relation) return 'unknown relation: nothing to delete';
  }
  // Conditional, like markAdded: an older event never undoes a newer one, even when both run at once.
  const count = await deps.db.$executeRaw`
    UPDATE guide_customer
    SET status_changed_at = CASE WHEN status <> ${status}::relation_status THEN now() ELSE status_changed_at END,
        status = ${status}::relation_status, delete_source = ${event.source ?? null},
        last_event_at = ${event.occurredAt}, updated_at = now()
    WHERE id = ${relation.id}::uuid AND (last_event_at IS NULL OR last_event_at <= ${event.occurredAt})`;
  if (count === 0) return 'older than the relation state: ignored';
  const reason = CANCEL_REASON[event.source ?? ''] ?? CANCEL_REASON[status] ?? status;
  const cancelled = await cancelFollowUps(
    deps.db,
    { guideId: relation.guideId, customerId: relation.customerId },
    reason,
  );
  return `relation ${status.toLowerCase()}, ${cancelled} follow-up(s) cancelled`;
}

function findRelation({ db }: DomainDeps, event: ContactEvent) {
  return db.guideCustomer.findFirst({
    where: { guide: { userid: event.userid }, customer: { externalUserid: event.externalUserid } },
  });
}
