import type { RelationStatus } from '../../generated/prisma/client';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { ensureGuide } from './ensure-guide';
import { syncExternalContact } from './sync-external-contact';

/** The fields of a change_external_contact callback (API.md §2.2). */
export interface ContactEvent {
  changeType: string;
  userid: string;
  externalUserid: string;
  occurredAt: Date;
  state?: string;
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
  const where = { guideId_customerId: { guideId: guide.id, customerId } };
  const relation = await deps.db.guideCustomer.findUnique({ where });
  if (!relation) {
    // follow_user can lag the add itself: the callback is proof enough of the relation.
    await deps.db.guideCustomer.create({
      data: {
        guideId: guide.id,
        customerId,
        state: event.state ?? null,
        addedAt: event.occurredAt,
        lastEventAt: event.occurredAt,
      },
    });
    return;
  }
  if (relation.lastEventAt && relation.lastEventAt > event.occurredAt) return; // a newer event already applied
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
}

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
  return `relation ${status.toLowerCase()}`;
}

function findRelation({ db }: DomainDeps, event: ContactEvent) {
  return db.guideCustomer.findFirst({
    where: { guide: { userid: event.userid }, customer: { externalUserid: event.externalUserid } },
  });
}
