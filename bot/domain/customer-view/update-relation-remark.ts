import { SqlParams } from '../../db';
import { AppError, notFound } from '../../errors';
import { isWecomError } from '../../wecom/errors';
import { remarkExternalContact } from '../../wecom/api/external-contact';
import { type Actor, relationScopeSql } from '../access/actor';
import type { DomainDeps } from '../deps';

export interface RemarkChange {
  /** '' clears it. Absent: left as it is, here and in WeCom. */
  remark?: string;
  description?: string;
}

export interface RelationRemark {
  relationId: string;
  remark: string | null;
  description: string | null;
}

/** What WeCom's refusals mean for the guide, in their words; anything else is WeCom's errcode as it came. */
const REFUSALS: Record<number, { status: number; message: string }> = {
  84061: { status: 409, message: '企业微信拒绝修改备注（84061）：该客户已不是这位导购的好友' },
  40096: { status: 409, message: '企业微信拒绝修改备注（40096）：企业微信不认识这个客户' },
  60111: { status: 409, message: '企业微信拒绝修改备注（60111）：企业微信不认识这位导购' },
  40058: { status: 400, message: '企业微信拒绝修改备注（40058）：备注最多20个字，描述最多150个字' },
};

/**
 * Changes the guide's remark and description on a customer: in WeCom first (`externalcontact/remark`), then in
 * our row, so the two never disagree. A WeCom refusal changes nothing here and answers with its errcode
 * (`wecom_<errcode>`, message shown): a 409 when the relation is gone in WeCom, a 502 for anything else. WeCom
 * sends no callback for an API write, so our row is written here; a later edit_external_contact re-read finds
 * the same values; if writing it fails, a re-read from WeCom is queued to mend it. A relation outside the actor's
 * scope is a 404 like one that does not exist.
 */
export async function updateRelationRemark(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'enqueue' | 'logger'>,
  actor: Actor,
  relationId: string,
  change: RemarkChange,
): Promise<RelationRemark> {
  const params = new SqlParams();
  const id = params.add(relationId, 'uuid');
  const { rows } = await deps.pool.query<{ guide_userid: string; external_userid: string }>(
    `SELECT g.userid AS guide_userid, c.external_userid
     FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
     WHERE gc.id = ${id} AND ${relationScopeSql(actor, params)}`,
    params.values,
  );
  const relation = rows[0];
  if (!relation) throw notFound('relation_not_found', `no customer relation ${relationId}`);
  try {
    await remarkExternalContact(deps.wecom, {
      userid: relation.guide_userid,
      external_userid: relation.external_userid,
      ...(change.remark !== undefined ? { remark: change.remark } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
    });
  } catch (error) {
    if (!isWecomError(error) || error.errcode === 0 || error.isRetryable) throw error;
    const refusal = REFUSALS[error.errcode];
    throw new AppError(
      `wecom_${error.errcode}`,
      refusal?.message ?? `企业微信拒绝修改备注（${error.errcode}）`,
      { status: refusal?.status ?? 502, expose: true, cause: error },
    );
  }
  const stored = (value: string | undefined) => (value === undefined ? undefined : value || null);
  try {
    const row = await deps.db.guideCustomer.update({
      where: { id: relationId },
      data: { remark: stored(change.remark), description: stored(change.description) },
      select: { remark: true, description: true },
    });
    return { relationId, remark: row.remark, description: row.description };
  } catch (error) {
    // WeCom has the new remark and we do not (PostgreSQL failed in between): a re-read from WeCom, queued,
    // mends our row when it can; the guide gets the error and may save again (the same write, harmless).
    await deps
      .enqueue('refresh-external-contact', { externalUserid: relation.external_userid })
      .catch((queueError: unknown) =>
        deps.logger.error(
          { err: queueError, relationId },
          'remark is in WeCom but not in our row, and its repair could not be queued',
        ),
      );
    throw error;
  }
}
