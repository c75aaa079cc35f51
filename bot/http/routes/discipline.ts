import { followUpDiscipline } from '../../domain/follow-ups/follow-up-discipline';
import { DisciplineWeekQuery, type DisciplineWeekResponse } from '../contract/discipline';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** The desk's follow-up discipline, week by week, beside the Moments audit. */
export const disciplineRoutes: StaffRoutes = (router, deps) => {
  router.get('/discipline/weeks', async (ctx) => {
    const query = parseInput(DisciplineWeekQuery, ctx.query);
    ctx.body = (await followUpDiscipline(deps, ctx.state.actor, query)) satisfies DisciplineWeekResponse;
  });
};
