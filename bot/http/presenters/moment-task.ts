import type { MomentTask } from '../../generated/prisma/client';
import type { MomentTaskView } from '../contract/moment-library';

type Results = { senders: { userid: string; published: boolean; reached: number | null }[] };

export function presentMomentTask(t: MomentTask & { item: { id: string; title: string } }): MomentTaskView {
  return {
    id: t.id,
    item: t.item,
    status: t.status === 'created' ? 'created' : t.status === 'failed' ? 'failed' : 'creating',
    error: t.status === 'failed' ? { errcode: t.errcode ?? -1, errmsg: t.errmsg ?? '' } : null,
    momentId: t.momentId,
    senderUserids: t.senderUserids,
    tagIds: t.tagIds,
    invalidSenders: t.invalidSenders,
    invalidTags: t.invalidTags,
    // Written only by refreshMomentTask, in this shape.
    results: t.results && t.resultsAt ? { ...(t.results as Results), at: t.resultsAt.toISOString() } : null,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
  };
}
