import type { DomainDeps } from '../deps';
import { changeRelationTags } from '../tags/change-relation-tags';
import { requestTagPush } from '../tags/request-tag-push';

/**
 * An add through one of our channels (its State): the relation records the channel and gets the channel's tags.
 * This runs while processing the add event, which the welcome job never waits for (its own queue, served first),
 * so tagging cannot delay the greeting. Channels deleted since still apply: the customer used the code while it
 * was live. Returns the channel's name, or null when the State is not ours.
 */
export async function applyChannelOnAdd(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'enqueue' | 'logger'>,
  relation: { guideId: string; customerId: string },
  state: string | undefined,
): Promise<string | null> {
  if (!state) return null;
  const channel = await deps.db.contactWay.findUnique({ where: { state } });
  if (!channel) return null;
  const row = await deps.db.guideCustomer.update({
    where: { guideId_customerId: relation },
    data: { contactWayId: channel.id },
    select: { id: true },
  });
  // A tag deleted since the channel was made is skipped; the others still apply.
  const live = await deps.db.tag.findMany({
    where: { id: { in: channel.tagIds }, deletedAt: null, strategyId: null },
    select: { id: true },
  });
  if (live.length > 0) {
    const { changeIds } = await changeRelationTags(deps.pool, { kind: 'hq', label: 'channel' }, row.id, {
      add: live.map((t) => t.id),
      remove: [],
      source: `channel:${state}`,
    });
    const first = changeIds[0];
    if (first) await requestTagPush(deps.enqueue, row.id, first);
  }
  return channel.name;
}
