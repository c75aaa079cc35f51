import { createMassMessages } from '../../domain/mass-messages/create-mass-messages';
import { listMassMessages } from '../../domain/mass-messages/list-mass-messages';
import { sendMassMessageToGroup } from '../../domain/mass-messages/send-to-group';
import { IdParams } from '../contract/common';
import {
  GroupMassMessageInput,
  IdempotencyKey,
  MassMessageInput,
  MassMessageListQuery,
} from '../contract/mass-messages';
import { presentCreatedMassMessages, presentMassMessageList } from '../presenters/mass-message';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

const idempotencyKeyOf = (header: string) => parseInput(IdempotencyKey, header || undefined);

/** 企业群发: HQ creates one task per guide; the list shows how far each got. */
export const massMessageRoutes: StaffRoutes = (router, deps) => {
  router.post('/mass-messages', async (ctx) => {
    const input = parseInput(MassMessageInput, ctx.request.body);
    const idempotencyKey = idempotencyKeyOf(ctx.get('idempotency-key'));
    const created = await createMassMessages(deps, ctx.state.actor, { ...input, idempotencyKey });
    ctx.status = 201;
    ctx.body = presentCreatedMassMessages(created);
  });

  router.post('/groups/:id/mass-messages', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const { content } = parseInput(GroupMassMessageInput, ctx.request.body);
    const idempotencyKey = idempotencyKeyOf(ctx.get('idempotency-key'));
    const created = await sendMassMessageToGroup(deps, ctx.state.actor, id, content, idempotencyKey);
    ctx.status = 201;
    ctx.body = presentCreatedMassMessages(created);
  });

  router.get('/mass-messages', async (ctx) => {
    const query = parseInput(MassMessageListQuery, ctx.query);
    ctx.body = presentMassMessageList(await listMassMessages(deps, ctx.state.actor, query));
  });
};
