import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
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
import { presentGroup } from '../presenters/group';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

const GroupInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(1000).nullish(),
  kind: z.enum(['RULE', 'LIST']),
  // Validated by the domain (parseGroupRule), which says which part of the tree is wrong.
  rule: z.unknown().optional(),
});
const GroupChanges = GroupInput.omit({ kind: true }).partial();
const MembersPage = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const MemberRefs = z
  .strictObject({
    // Lower-cased: PostgreSQL matches either case, and the not-found list compares with what it returns.
    relationIds: z
      .array(z.guid().transform((s) => s.toLowerCase()))
      .max(1000)
      .optional(),
    pairs: z
      .array(
        z.strictObject({ guideUserid: z.string().min(1).max(64), externalUserid: z.string().min(1).max(64) }),
      )
      .max(1000)
      .optional(),
  })
  .refine((r) => (r.relationIds?.length ?? 0) + (r.pairs?.length ?? 0) > 0, 'give relationIds or pairs');
const FollowUpInput = z.strictObject({
  title: z.string().trim().min(1).max(100),
  note: z.string().max(1000).optional(),
  dueAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
  key: z.string().min(1).max(64).optional(),
});
const ReachPlanQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  byGroup: z.coerce.number().min(0).max(1).default(0.7),
  oneToOne: z.coerce.number().min(0).max(1).default(0.3),
});

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
    ctx.body = { groups: (await listGroups(deps)).map(presentGroup) };
  });

  router.post('/groups', async (ctx) => {
    const input = parseInput(GroupInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = { group: presentGroup(await createGroup(deps, ctx.state.actor, input)) };
  });

  router.get('/groups/:id', async (ctx) => {
    ctx.body = { group: presentGroup(await findGroupById(deps.db, ctx.params.id!)) };
  });

  router.patch('/groups/:id', async (ctx) => {
    const changes = parseInput(GroupChanges, ctx.request.body);
    ctx.body = { group: presentGroup(await updateGroup(deps, ctx.state.actor, ctx.params.id!, changes)) };
  });

  router.delete('/groups/:id', async (ctx) => {
    await deleteGroup(deps, ctx.state.actor, ctx.params.id!);
    ctx.status = 204;
  });

  router.get('/groups/:id/count', async (ctx) => {
    ctx.body = await countGroupMembers(deps, ctx.state.actor, ctx.params.id!);
  });

  router.get('/groups/:id/members', async (ctx) => {
    const page = parseInput(MembersPage, ctx.query);
    ctx.body = await listGroupMembers(deps, ctx.state.actor, ctx.params.id!, page);
  });

  router.get('/groups/:id/export.csv', async (ctx) => {
    // Loaded before streaming starts, so an unknown group is still a 404 and not a broken download.
    const group = await findGroupById(deps.db, ctx.params.id!);
    // Customer names are chosen by customers: a leading = + - @ would be a formula in Excel (CSV injection).
    const csv = stringify({ header: true, columns: CSV_COLUMNS, bom: true, escape_formulas: true });
    const rows = Readable.from(streamGroupMembers(deps.pool, group, ctx.state.actor));
    rows.on('error', (error) => {
      deps.logger.error({ err: error, groupId: group.id }, 'group export failed mid-stream');
      csv.destroy(error);
    });
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`group-${group.id}.csv`);
    ctx.body = rows.pipe(csv);
  });

  router.post('/groups/:id/members', async (ctx) => {
    const refs = parseInput(MemberRefs, ctx.request.body);
    ctx.body = await addListMembers(deps, ctx.state.actor, ctx.params.id!, refs);
  });

  router.post('/groups/:id/members/remove', async (ctx) => {
    const refs = parseInput(MemberRefs, ctx.request.body);
    ctx.body = await removeListMembers(deps, ctx.state.actor, ctx.params.id!, refs);
  });

  router.post('/groups/:id/follow-ups', async (ctx) => {
    const input = parseInput(FollowUpInput, ctx.request.body);
    const result = await createGroupFollowUps(deps, ctx.state.actor, ctx.params.id!, input);
    ctx.status = result.created > 0 ? 201 : 200;
    ctx.body = { ...result, dueAt: result.dueAt.toISOString() };
  });

  router.get('/reach-plan', async (ctx) => {
    const query = parseInput(ReachPlanQuery, ctx.query);
    const plan = { byGroup: query.byGroup, oneToOne: query.oneToOne };
    ctx.body = await computeReachPlan(deps, ctx.state.actor, { month: query.month, plan });
  });
};
