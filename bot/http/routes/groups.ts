import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { addListMembers, removeListMembers } from '../../domain/groups/change-list-members';
import { computeReachPlan } from '../../domain/groups/compute-reach-plan';
import { countGroupMembers } from '../../domain/groups/count-group-members';
import { createGroup } from '../../domain/groups/create-group';
import { createGroupFollowUps } from '../../domain/groups/create-group-follow-ups';
import { deleteGroup } from '../../domain/groups/delete-group';
import { findGroupById } from '../../domain/groups/find-group';
import { listGroupMembers, streamGroupMembers } from '../../domain/groups/list-group-members';
import { listGroups } from '../../domain/groups/list-groups';
import { updateGroup } from '../../domain/groups/update-group';
import {
  CreateGroupInput,
  GroupFollowUpInput,
  GroupMemberRefsInput,
  GroupMembersQuery,
  ReachPlanQuery,
  UpdateGroupInput,
} from '../contract/groups';
import { escapeCsvFormula } from '../presenters/csv-cell';
import {
  presentAddedMembers,
  presentGroupCount,
  presentGroupFollowUps,
  presentGroupList,
  presentGroupMembers,
  presentGroupResponse,
  presentReachPlan,
  presentRemovedMembers,
} from '../presenters/group';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

const CSV_COLUMNS = [
  { key: 'relationId', header: 'relation_id' },
  { key: 'customerName', header: '客户' },
  { key: 'externalUserid', header: 'external_userid' },
  { key: 'guideName', header: '导购' },
  { key: 'guideUserid', header: 'guide_userid' },
  { key: 'storeName', header: '门店' },
  { key: 'lifecycleStage', header: '生命周期' },
  { key: 'spendCents', header: 'spend_cents' },
];

/** Member groups (会员分组): definitions, members, export, follow-ups for a group, the monthly reach plan. */
export const groupRoutes: StaffRoutes = (router, deps) => {
  router.get('/groups', async (ctx) => {
    ctx.body = presentGroupList(await listGroups(deps));
  });

  router.post('/groups', async (ctx) => {
    const input = parseInput(CreateGroupInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentGroupResponse(await createGroup(deps, ctx.state.actor, input));
  });

  router.get('/groups/:id', async (ctx) => {
    ctx.body = presentGroupResponse(await findGroupById(deps, ctx.params.id!));
  });

  router.patch('/groups/:id', async (ctx) => {
    const changes = parseInput(UpdateGroupInput, ctx.request.body);
    ctx.body = presentGroupResponse(await updateGroup(deps, ctx.state.actor, ctx.params.id!, changes));
  });

  router.delete('/groups/:id', async (ctx) => {
    await deleteGroup(deps, ctx.state.actor, ctx.params.id!);
    ctx.status = 204;
  });

  router.get('/groups/:id/count', async (ctx) => {
    ctx.body = presentGroupCount(await countGroupMembers(deps, ctx.state.actor, ctx.params.id!));
  });

  router.get('/groups/:id/members', async (ctx) => {
    const page = parseInput(GroupMembersQuery, ctx.query);
    ctx.body = presentGroupMembers(await listGroupMembers(deps, ctx.state.actor, ctx.params.id!, page));
  });

  router.get('/groups/:id/export.csv', async (ctx) => {
    // Loaded before streaming starts, so an unknown group is still a 404 and not a broken download.
    const group = await findGroupById(deps, ctx.params.id!);
    // Customer names are chosen by customers: one that starts a formula must reach Excel as text.
    const csv = stringify({
      header: true,
      columns: CSV_COLUMNS,
      bom: true,
      cast: { string: escapeCsvFormula },
    });
    const rows = Readable.from(streamGroupMembers(deps, group, ctx.state.actor));
    rows.on('error', (error) => {
      deps.logger.error({ err: error, groupId: group.id }, 'group export failed mid-stream');
      csv.destroy(error);
    });
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`group-${group.id}.csv`);
    ctx.body = rows.pipe(csv);
  });

  router.post('/groups/:id/members', async (ctx) => {
    const refs = parseInput(GroupMemberRefsInput, ctx.request.body);
    ctx.body = presentAddedMembers(await addListMembers(deps, ctx.state.actor, ctx.params.id!, refs));
  });

  router.post('/groups/:id/members/remove', async (ctx) => {
    const refs = parseInput(GroupMemberRefsInput, ctx.request.body);
    ctx.body = presentRemovedMembers(await removeListMembers(deps, ctx.state.actor, ctx.params.id!, refs));
  });

  router.post('/groups/:id/follow-ups', async (ctx) => {
    const input = parseInput(GroupFollowUpInput, ctx.request.body);
    const result = await createGroupFollowUps(deps, ctx.state.actor, ctx.params.id!, input);
    ctx.status = result.created > 0 ? 201 : 200;
    ctx.body = presentGroupFollowUps(result);
  });

  router.get('/reach-plan', async (ctx) => {
    const query = parseInput(ReachPlanQuery, ctx.query);
    const plan = { byGroup: query.byGroup, oneToOne: query.oneToOne };
    ctx.body = presentReachPlan(await computeReachPlan(deps, ctx.state.actor, { month: query.month, plan }));
  });
};
