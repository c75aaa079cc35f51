import { z } from 'zod';
import { createMassMessages } from '../../domain/mass-messages/create-mass-messages';
import { listMassMessages } from '../../domain/mass-messages/list-mass-messages';
import { sendMassMessageToGroup } from '../../domain/mass-messages/send-to-group';
import { presentMassMessage } from '../presenters/mass-message';
import { optionalFilter, parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

// Byte and attachment limits are WeCom's and checked by the domain (checkMassContent).
const MassMessageInput = z.strictObject({
  content: z.strictObject({
    text: z.string().max(4000).optional(),
    attachments: z.array(z.record(z.string(), z.unknown())).max(9).optional(),
  }),
  audience: z
    .array(
      z.strictObject({
        guideUserid: z.string().min(1).max(64),
        externalUserids: z.array(z.string().min(1).max(64)).min(1).max(50_000),
      }),
    )
    .min(1)
    .max(1000),
  groupId: z.uuid().optional(),
});
const GroupMassMessageInput = z.strictObject({ content: MassMessageInput.shape.content });
const Id = z.object({ id: z.uuid() });
// Optional; a client that may retry (a timeout, a double tap) sends the same one again.
const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 of A-Z a-z 0-9 _ -')
  .optional();
const idempotencyKeyOf = (header: string) => parseInput(IdempotencyKey, header || undefined);
const ListQuery = z.object({
  guideUserid: optionalFilter(64),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** 企业群发: HQ creates one task per guide; the list shows how far each got. */
export const massMessageRoutes: StaffRoutes = (router, deps) => {
  router.post('/mass-messages', async (ctx) => {
    const input = parseInput(MassMessageInput, ctx.request.body);
    const idempotencyKey = idempotencyKeyOf(ctx.get('idempotency-key'));
    const created = await createMassMessages(deps, ctx.state.actor, { ...input, idempotencyKey });
    ctx.status = 201;
    ctx.body = { massMessages: created.map((m) => presentMassMessage(m)) };
  });

  router.post('/groups/:id/mass-messages', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    const { content } = parseInput(GroupMassMessageInput, ctx.request.body);
    const idempotencyKey = idempotencyKeyOf(ctx.get('idempotency-key'));
    const created = await sendMassMessageToGroup(deps, ctx.state.actor, id, content, idempotencyKey);
    ctx.status = 201;
    ctx.body = { massMessages: created.map((m) => presentMassMessage(m)) };
  });

  router.get('/mass-messages', async (ctx) => {
    const query = parseInput(ListQuery, ctx.query);
    const { massMessages, nextCursor } = await listMassMessages(deps, ctx.state.actor, query);
    ctx.body = { massMessages: massMessages.map((m) => presentMassMessage(m)), nextCursor };
  });
};
