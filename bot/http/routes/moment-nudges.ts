import type Router from '@koa/router';
import type { DomainDeps } from '../../domain/deps';
import { nudgeGuide } from '../../domain/moments/nudge-guide';
import { MomentNudgeInput, type MomentNudgeResponse } from '../contract/moments';
import type { StaffState } from '../middlewares/staff-auth';
import { parseInput } from '../validate';

/** The desk's nudge: an app message to a guide about their Moments week (it needs the app's agentid). */
export function momentNudgeRoutes(options: { agentId: number; sidebarUrl: string | undefined }) {
  return (router: Router<StaffState>, deps: DomainDeps): void => {
    router.post('/moments/nudges', async (ctx) => {
      const input = parseInput(MomentNudgeInput, ctx.request.body);
      const nudge = await nudgeGuide({ ...deps, ...options }, ctx.state.actor, input);
      ctx.status = 201;
      ctx.body = { ...nudge, sentAt: nudge.sentAt.toISOString() } satisfies MomentNudgeResponse;
    });
  };
}
