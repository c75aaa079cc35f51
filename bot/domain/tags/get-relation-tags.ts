import type { RelationTagsResponse } from '../../http/contract/tags';
import type { DomainDeps } from '../deps';
import { SqlParams } from '../../db';
import { notFound } from '../../errors';
import { type Actor, relationScopeSql } from '../access/actor';

export type RelationTagView = RelationTagsResponse<Date>;

/** What the sidebar shows for one customer of one guide: every kind of tag, and changes still on their way. */
export async function getRelationTags(
  { pool }: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  relationId: string,
): Promise<RelationTagView> {
  const params = new SqlParams();
  const id = params.add(relationId, 'uuid');
  const scope = relationScopeSql(actor, params);
  // Three reads at once (the tag-edit response waits for them); tags and changes are only shown if the first
  // finds the relation within the actor's scope.
  const [relation, tags, changes] = await Promise.all([
    pool.query<{ personal_tags: string[] }>(
      `SELECT gc.personal_tags FROM guide_customer gc WHERE gc.id = ${id} AND ${scope}`,
      params.values,
    ),
    pool.query<{
      id: string;
      name: string;
      group_name: string;
      strategy_id: number | null;
      pending: boolean;
    }>(
      `SELECT t.id, t.name, g.name AS group_name, t.strategy_id,
              EXISTS (SELECT 1 FROM tag_change tc WHERE tc.relation_id = rt.relation_id AND tc.tag_id = t.id
                      AND tc.status = 'PENDING') AS pending
       FROM relation_tag rt JOIN tag t ON t.id = rt.tag_id JOIN tag_group g ON g.id = t.group_id
       WHERE rt.relation_id = $1 AND t.deleted_at IS NULL
       ORDER BY g."order" DESC, t."order" DESC, t.name`,
      [relationId],
    ),
    pool.query<{
      id: string;
      tag_name: string;
      op: 'ADD' | 'REMOVE';
      status: 'PENDING' | 'FAILED';
      error: string | null;
      last_errcode: number | null;
      updated_at: Date;
    }>(
      `SELECT tc.id, t.name AS tag_name, tc.op, tc.status, tc.error, tc.last_errcode, tc.updated_at
       FROM tag_change tc JOIN tag t ON t.id = tc.tag_id
       WHERE tc.relation_id = $1 AND (tc.status = 'PENDING'
         OR (tc.status = 'FAILED' AND tc.updated_at > now() - interval '30 days'))
       ORDER BY tc.created_at DESC LIMIT 100`,
      [relationId],
    ),
  ]);
  const row = relation.rows[0];
  if (!row) throw notFound('relation_not_found', `no customer relation ${relationId}`);
  return {
    relationId,
    corpTags: tags.rows
      .filter((t) => t.strategy_id === null)
      .map((t) => ({ id: t.id, name: t.name, groupName: t.group_name, pending: t.pending })),
    ruleGroupTags: tags.rows
      .filter((t) => t.strategy_id !== null)
      .map((t) => ({ id: t.id, name: t.name, groupName: t.group_name })),
    personalTags: row.personal_tags,
    changes: changes.rows.map((c) => ({
      id: c.id,
      tagName: c.tag_name,
      op: c.op,
      status: c.status,
      error: c.error,
      errcode: c.last_errcode,
      at: c.updated_at,
    })),
  };
}

/** The relation between a guide and a customer, as WeCom names them (the sidebar knows both ids). */
export async function findRelationId(
  { pool }: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  guideUserid: string,
  externalUserid: string,
): Promise<string> {
  const params = new SqlParams();
  const { rows } = await pool.query<{ id: string }>(
    `SELECT gc.id FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
     WHERE g.userid = ${params.add(guideUserid)} AND c.external_userid = ${params.add(externalUserid)}
       AND ${relationScopeSql(actor, params)}`,
    params.values,
  );
  const id = rows[0]?.id;
  if (!id) throw notFound('relation_not_found', `${guideUserid} has no customer ${externalUserid}`);
  return id;
}
