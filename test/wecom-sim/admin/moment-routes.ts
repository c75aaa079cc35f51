import type Router from '@koa/router';
import { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { readJson } from './request';

/**
 * Admin routes (`/__sim/...`) for Moments: a member posts or deletes a post, a customer likes or comments (the
 * simulator methods of the same names, actions/action-methods.ts). WeCom sends no callback for any of them.
 */

const postBody = z.object({
  userid: z.string().min(1),
  text: z.string().max(2000).optional(),
  images: z.array(z.string().min(1)).max(9).optional(),
  createTime: z.number().int().positive().optional(),
});
const reactBody = z.object({ externalUserid: z.string().min(1), reaction: z.enum(['like', 'comment']) });

export function registerMomentRoutes(router: Router, sim: WecomSimulator): void {
  router.get('/moments', (ctx) => {
    ctx.body = { moments: sim.state.moments };
  });
  router.post('/moments', async (ctx) => {
    ctx.body = { moment: sim.guidePostsMoment(await readJson(ctx, postBody)) };
  });
  router.post('/moments/:momentId/delete', (ctx) => {
    sim.guideDeletesMoment(ctx.params.momentId ?? '');
    ctx.body = { deleted: true };
  });
  router.post('/moments/:momentId/react', async (ctx) => {
    const body = await readJson(ctx, reactBody);
    sim.customerReactsToMoment(ctx.params.momentId ?? '', body.externalUserid, body.reaction);
    ctx.body = { reacted: true };
  });
}
