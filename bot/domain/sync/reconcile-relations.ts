import { batchGetByUser, getExternalContact, getFollowUserList } from '../../wecom/api/external-contact';
import { isWecomError } from '../../wecom/errors';
import { applyContactEvent } from '../contacts/apply-contact-event';
import type { DomainDeps } from '../deps';
import { getCorpSettings } from '../settings/corp-settings';

export interface RelationsReconciliation {
  /** False until the corp's first import finished (corp_settings.relations_imported_at): then nothing is compared. */
  isImported: boolean;
  guides: number;
  /** Relations WeCom lists. */
  listed: number;
  /** Listed by WeCom, missing (or not active) here: healed as the add we never got. */
  added: number;
  /** Active here, no longer listed by WeCom (and so confirmed one by one): healed as the deletion we never got. */
  removed: number;
}

// batch/get_by_user takes at most 100 userids and returns at most 100 rows a page (API.md §3.2).
const USERIDS_PER_CALL = 100;
const ROWS_PER_PAGE = 100;

interface OurRelation {
  userid: string;
  external_userid: string;
  status: string;
  last_event_at: Date | null;
  added_at: Date | null;
}

/**
 * Anti-entropy with WeCom: walks every guide's customers (`get_follow_user_list`, then `batch/get_by_user` by
 * cursor, 100 guides a call, within the client's rate limits) and compares them with ours, 100 guides at a time
 * in one query. What differs is healed the way the missed callback would have been:
 * - a relation WeCom has and we lack is applied as an add without a welcome_code (its code is long gone): the
 *   relation, the profile, a greeting follow-up and the 7-day interaction follow-up;
 * - a relation we think active that WeCom no longer lists is confirmed with `externalcontact/get` and applied
 *   as the guide's deletion (what takes a customer off a guide's list; a customer who deletes the guide stays
 *   listed, one-way, so that case cannot be seen here).
 * A deletion newer than WeCom's add time stands (follow_user can lag a deletion). WeCom offers no "changed since"
 * for relations, so every run reads them all: about one call per 100 relations.
 */
export async function reconcileRelations(
  deps: DomainDeps,
  now = new Date(),
): Promise<RelationsReconciliation> {
  const result: RelationsReconciliation = { isImported: false, guides: 0, listed: 0, added: 0, removed: 0 };
  if (!(await getCorpSettings(deps)).relationsImportedAt) return result;
  result.isImported = true;
  const userids = await getFollowUserList(deps.wecom);
  result.guides = userids.length;
  for (let i = 0; i < userids.length; i += USERIDS_PER_CALL) {
    const chunk = userids.slice(i, i + USERIDS_PER_CALL);
    const listed = await listRelations(deps, chunk);
    result.listed += listed.size;
    const ours = await ourRelations(deps, chunk);

    for (const [key, follow] of listed) {
      const our = ours.get(key);
      if (our?.status === 'ACTIVE') continue;
      const addedAt = follow.createtime ? new Date(follow.createtime * 1000) : now;
      if (our?.last_event_at && our.last_event_at >= addedAt) continue; // our deletion is newer
      const [userid, externalUserid] = splitKey(key);
      await applyContactEvent(deps, {
        changeType: 'add_external_contact',
        userid,
        externalUserid,
        occurredAt: addedAt,
        state: follow.state || undefined,
        hasWelcomeCode: false,
      });
      result.added += 1;
    }

    for (const [key, our] of ours) {
      // Added after WeCom's list was read, or already gone: nothing to confirm.
      if (our.status !== 'ACTIVE' || listed.has(key) || (our.added_at && our.added_at > now)) continue;
      if (await isGoneFromWecom(deps, our)) {
        await applyContactEvent(deps, {
          changeType: 'del_external_contact',
          userid: our.userid,
          externalUserid: our.external_userid,
          occurredAt: now,
          source: 'RECONCILED',
        });
        result.removed += 1;
      }
    }
  }
  if (result.added + result.removed > 0) deps.logger.warn(result, 'relations healed from WeCom');
  return result;
}

/** Every relation of these guides as WeCom lists it, keyed by guide and customer. */
async function listRelations(
  deps: Pick<DomainDeps, 'wecom'>,
  userids: string[],
): Promise<Map<string, { createtime?: number; state?: string }>> {
  const listed = new Map<string, { createtime?: number; state?: string }>();
  let cursor: string | undefined;
  do {
    const page = await batchGetByUser(deps.wecom, userids, cursor, ROWS_PER_PAGE);
    for (const { external_contact: contact, follow_info: follow } of page.external_contact_list) {
      listed.set(keyOf(follow.userid, contact.external_userid), {
        createtime: follow.createtime,
        state: follow.state,
      });
    }
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return listed;
}

async function ourRelations(
  { pool }: Pick<DomainDeps, 'pool'>,
  userids: string[],
): Promise<Map<string, OurRelation>> {
  const { rows } = await pool.query<OurRelation>(
    `SELECT g.userid, c.external_userid, gc.status, gc.last_event_at, gc.added_at
     FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
     WHERE g.userid = ANY($1::text[])`,
    [userids],
  );
  return new Map(rows.map((r) => [keyOf(r.userid, r.external_userid), r]));
}

/** WeCom's own answer for one relation: gone when the customer no longer lists the guide, or is gone. */
async function isGoneFromWecom(deps: Pick<DomainDeps, 'wecom'>, our: OurRelation): Promise<boolean> {
  try {
    const detail = await getExternalContact(deps.wecom, our.external_userid);
    return !detail.follow_user.some((f) => f.userid === our.userid);
  } catch (error) {
    // 84061: not (or no longer) a contact of anyone here; 40096: an external_userid WeCom does not know.
    if (isWecomError(error) && (error.errcode === 84061 || error.errcode === 40096)) return true;
    throw error;
  }
}

const keyOf = (userid: string, externalUserid: string) => `${userid}\n${externalUserid}`;
const splitKey = (key: string) => key.split('\n') as [string, string];
