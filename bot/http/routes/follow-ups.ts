import { listFollowUps } from '../../domain/follow-ups/list-follow-ups';
import { markFollowUpDone } from '../../domain/follow-ups/mark-follow-up-done';
import { reportSidebarMessage } from '../../domain/follow-ups/report-sidebar-message';
import { snoozeFollowUp } from '../../domain/follow-ups/snooze-follow-up';
import { IdParams } from '../contract/common';
import { SnoozeInput } from '../contract/customer-view';
import { FollowUpDoneInput, FollowUpListQuery } from '../contract/follow-ups';
import { SidebarMessageInput } from '../contract/interactions';
import { presentFollowUpDone, presentFollowUpList } from '../presenters/follow-up';
import { presentSidebarMessage } from '../presenters/interaction';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** Follow-ups: what is due, soonest first, marking one done or snoozing it, and messages the sidebar sent. */
export const followUpRoutes: StaffRoutes = (router, deps) => {
  router.post('/interactions/sidebar-messages', async (ctx) => {
    const input = parseInput(SidebarMessageInput, ctx.request.body);
    const recorded = await reportSidebarMessage(deps, ctx.state.actor, input);
    ctx.status = recorded.isNew ? 201 : 200;
    ctx.body = presentSidebarMessage(recorded);
  });

  router.get('/follow-ups', async (ctx) => {
    const { status, ...query } = parseInput(FollowUpListQuery, ctx.query);
    ctx.body = presentFollowUpList(
      await listFollowUps(deps, ctx.state.actor, { ...query, statuses: status }),
    );
  });

  router.post('/follow-ups/:id/done', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const { guideUserid } = parseInput(FollowUpDoneInput, ctx.request.body ?? {});
    ctx.body = presentFollowUpDone(
      await markFollowUpDone(deps, ctx.state.actor, { followUpId: id, guideUserid }),
    );
  });

  router.post('/follow-ups/:id/snooze', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const { until } = parseInput(SnoozeInput, ctx.request.body);
    ctx.body = presentFollowUpDone(await snoozeFollowUp(deps, ctx.state.actor, { followUpId: id, until }));
  });
};
