import type { RelationStatus } from '../../generated/prisma/client';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { cancelFollowUps } from '../follow-ups/close-follow-ups';
import { createGreetingFollowUp, createInteractionFollowUp } from '../follow-ups/schedule-contact-follow-ups';
import { ensureGuide } from './ensure-guide';
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
  const { customerId } = await syncExternalContact(deps, event.externalUserid);
  const guide = await ensureGuide(deps, event.userid);
  const isCurrent = await upsertAddedRelation(deps, event, guide.id, customerId);
  if (!isCurrent) return;
  const pair = { guideId: guide.id, customerId, addedAt: event.occurredAt };
  if (!event.hasWelcomeCode) {
    // No code means WeCom will not let us greet for the guide (a console welcome, a chat already started…).
    await createGreetingFollowUp(deps, pair, 'the add event carried no welcome_code');
  }
  await createInteractionFollowUp(deps, pair);
}

/** Returns false when a newer event already applied to this relation (this add is stale). */
async function upsertAddedRelation(
  deps: DomainDeps,
  event: ContactEvent,
  guideId: string,
  customerId: string,
): Promise<boolean> {
  const where = { guideId_customerId: { guideId, customerId } };
  const relation = await deps.db.guideCustomer.findUnique({ where });
  if (!relation) {
    // follow_user can lag the add itself: the callback is proof enough of the relation.
    await deps.db.guideCustomer.create({
      data: {
        guideId,
        customerId,
        state: event.state ?? null,
        addedAt: event.occurredAt,
        lastEventAt: event.occurredAt,
      },
    });
    return true;
  }
  if (relation.lastEventAt && relation.lastEventAt > event.occurredAt) return false;
  await deps.db.guideCustomer.update({
    where: { id: relation.id },
    data: {
      status: 'ACTIVE',
      statusChangedAt: relation.status === 'ACTIVE' ? undefined : new Date(),
      deleteSource: null,
      state: event.state ?? relation.state,
      lastEventAt: event.occurredAt,
    },
  });
  return true;
}

const CANCEL_REASON: Record<string, string> = {
  DELETED_BY_GUIDE: 'the guide deleted the customer',
  DELETED_BY_CUSTOMER: 'the customer deleted the guide',
  DELETE_BY_TRANSFER: 'the customer was transferred to another guide',
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
  if (relation.lastEventAt && relation.lastEventAt > event.occurredAt)
    return 'older than the relation state: ignored';
  await deps.db.guideCustomer.update({
    where: { id: relation.id },
    data: {
      status,
      statusChangedAt: relation.status === status ? undefined : new Date(),
      deleteSource: event.source ?? null,
      lastEventAt: event.occurredAt,
    },
  });
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
