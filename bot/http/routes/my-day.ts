import { getMyDay } from '../../domain/my-day/get-my-day';
import { presentMyDay } from '../presenters/my-day';
import type { StaffRoutes } from './staff-api';

/** The guide's day: what is due today across their customers (the page opened outside a chat). */
export const myDayRoutes: StaffRoutes = (router, deps) => {
  router.get('/my-day', async (ctx) => {
    ctx.body = presentMyDay(await getMyDay(deps, ctx.state.actor));
  });
};
