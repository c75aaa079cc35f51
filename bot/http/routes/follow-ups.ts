import { z } from 'zod';
import { listFollowUps } from '../../domain/follow-ups/list-follow-ups';
import { markFollowUpDone } from '../../domain/follow-ups/mark-follow-up-done';
import { reportSidebarMessage } from '../../domain/follow-ups/report-sidebar-message';
import { presentFollowUp } from '../presenters/follow-up';
import { optionalFilter, parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

const STATUSES = ['PENDING', 'REMINDED', 'DONE', 'CANCELLED', 'EXPIRED'] as const;
const ListQuery = z.object({
  guideUserid: optionalFilter(64),
  // One status or several, comma-separated: ?status=PENDING,REMINDED.
  status: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim().toUpperCase()))
    .pipe(z.array(z.enum(STATUSES)).min(1))
    .optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const Id = z.object({ id: z.uuid() });
const SidebarMessage = z.strictObject({
  guideUserid: z.string().min(1).max(64).optional(),
  externalUserid: z.string().min(1).max(64),
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 of A-Z a-z 0-9 _ -'),
  sentAt: z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .optional(),
});
const DoneInput = z.strictObject({ guideUserid: z.string().min(1).max(64).optional() }).default({});

/** Follow-ups: what is due, soonest first, marking one done, and messages the sidebar sent. */
export const followUpRoutes: StaffRoutes = (router, deps) => {
  router.post('/interactions/sidebar-messages', async (ctx) => {
    const input = parseInput(SidebarMessage, ctx.request.body);
    const recorded = await reportSidebarMessage(deps, ctx.state.actor, input);
    ctx.status = recorded.isNew ? 201 : 200;
    ctx.body = recorded;
  });

  router.get('/follow-ups', async (ctx) => {
    const { status, ...query } = parseInput(ListQuery, ctx.query);
    const page = await listFollowUps(deps, ctx.state.actor, { ...query, statuses: status });
    ctx.body = { followUps: page.followUps.map((f) => presentFollowUp(f)), nextCursor: page.nextCursor };
  });

  router.post('/follow-ups/:id/done', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    const { guideUserid } = parseInput(DoneInput, ctx.request.body ?? {});
    const followUp = await markFollowUpDone(deps, ctx.state.actor, { followUpId: id, guideUserid });
    ctx.body = { followUp: presentFollowUp(followUp) };
  });
};
