import type { ChannelSummary as ContractChannelSummary } from '../../http/contract/channels';
import type { DomainDeps } from '../deps';

export type ChannelSummary = ContractChannelSummary<Date>;

/** Live channels, newest first, with how many customers each brought. */
export async function listChannels({ pool }: Pick<DomainDeps, 'pool'>): Promise<ChannelSummary[]> {
  const { rows } = await pool.query<ChannelSummary>(
    `SELECT cw.id, cw.name, cw.purpose, cw.state, cw.qr_code AS "qrCode", cw.userids, cw.tag_ids AS "tagIds",
            cw.skip_verify AS "skipVerify", cw.store_id AS "storeId", wt.text AS "welcomeText",
            count(gc.id)::int AS added, count(gc.id) FILTER (WHERE gc.status = 'ACTIVE')::int AS active,
            cw.created_at AS "createdAt"
     FROM contact_way cw
     LEFT JOIN guide_customer gc ON gc.contact_way_id = cw.id
     LEFT JOIN welcome_template wt ON wt.scope = 'CHANNEL' AND wt.state = cw.state AND wt.is_active
     WHERE cw.deleted_at IS NULL
     GROUP BY cw.id, wt.text
     ORDER BY cw.created_at DESC`,
  );
  return rows;
}
