import { listRelationTimeline } from '../../domain/timeline/list-relation-timeline';
import { IdParams } from '../contract/common';
import { TimelineQuery } from '../contract/timeline';
import { presentTimeline } from '../presenters/timeline';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** A relation's history (客户轨迹), newest first, paged. */
export const timelineRoutes: StaffRoutes = (router, deps) => {
  router.get('/relations/:id/timeline', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const page = parseInput(TimelineQuery, ctx.query);
    ctx.body = presentTimeline(await listRelationTimeline(deps, ctx.state.actor, id, page));
  });
};
