import { recordMomentShare, suggestMoment } from '../../domain/moments/suggest-moment';
import {
  MomentShareInput,
  type MomentShareResponse,
  type MomentSuggestionResponse,
} from '../contract/moment-share';
import { presentLibraryItem } from '../presenters/library-item';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** The sidebar's Moments card: today's suggestion under the plan, and the guide's share of it. */
export const momentSuggestionRoutes: StaffRoutes = (router, deps) => {
  router.get('/moments/suggestion', async (ctx) => {
    const s = await suggestMoment(deps, ctx.state.actor);
    const [item, ...alternatives] = s.items.map((i) => ({
      ...presentLibraryItem(i),
      matchingCustomers: i.matchingCustomers,
    }));
    ctx.body = {
      week: s.week,
      progress: s.progress,
      today: s.today,
      kind: s.kind,
      reason: s.reason,
      needed: s.needed,
      daysLeft: s.daysLeft,
      item: item ?? null,
      alternatives,
      window: s.window
        ? { start: s.window.start.toISOString(), end: s.window.end.toISOString(), open: s.window.open }
        : null,
      shares: s.shares.map((share) => ({ ...presentShare(share), title: share.title })),
    } satisfies MomentSuggestionResponse;
  });

  router.post('/moments/shares', async (ctx) => {
    const input = parseInput(MomentShareInput, ctx.request.body);
    const share = await recordMomentShare(deps, ctx.state.actor, input);
    ctx.status = 201;
    ctx.body = presentShare(share) satisfies MomentShareResponse;
  });
};

function presentShare(s: {
  id: string;
  itemId: string;
  via: string;
  sharedAt: Date;
  confirmedAt: Date | null;
}): MomentShareResponse {
  return {
    id: s.id,
    itemId: s.itemId,
    via: s.via === 'copy' ? 'copy' : 'client',
    sharedAt: s.sharedAt.toISOString(),
    confirmedAt: s.confirmedAt?.toISOString() ?? null,
  };
}
