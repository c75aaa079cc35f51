import { z } from 'zod';
import { listChannels } from '../../domain/channels/list-channels';
import { createChannel, deleteChannel, updateChannel } from '../../domain/channels/manage-channels';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

const Welcome = z.object({
  // send_welcome_msg takes ≤4000 bytes of text and ≤9 attachments (API.md §3.3).
  text: z
    .string()
    .min(1)
    .refine((s) => Buffer.byteLength(s) <= 4000, 'at most 4000 bytes'),
  attachments: z.array(z.record(z.string(), z.unknown())).max(9).default([]),
});
const ChannelFields = z.object({
  name: z.string().trim().min(1).max(64),
  purpose: z.enum(['STORE', 'GUIDE', 'CAMPAIGN']),
  storeId: z.uuid().nullable().optional(),
  // WeCom: a multi-member way takes at most 100 members (doc 92228).
  userids: z.array(z.string().min(1).max(64)).min(1).max(100),
  skipVerify: z.boolean(),
  tagIds: z.array(z.uuid()).max(100),
  welcome: Welcome.nullable().optional(),
  remark: z.string().max(30).optional(),
});
const ChannelBody = ChannelFields.extend({
  skipVerify: ChannelFields.shape.skipVerify.default(true),
  tagIds: ChannelFields.shape.tagIds.default([]),
});
// No defaults: a field left out of a PATCH keeps its value.
const ChannelPatch = ChannelFields.partial();
const Id = z.object({ id: z.uuid() });

/** 「联系我」 channels (渠道活码): per store, guide or campaign, with auto-tags and a welcome. */
export const channelRoutes: StaffRoutes = (router, deps) => {
  router.get('/channels', async (ctx) => {
    ctx.body = { channels: await listChannels(deps.pool) };
  });

  router.post('/channels', async (ctx) => {
    const input = parseInput(ChannelBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = { channel: await createChannel(deps, ctx.state.actor, input) };
  });

  router.patch('/channels/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    const input = parseInput(ChannelPatch, ctx.request.body);
    ctx.body = { channel: await updateChannel(deps, ctx.state.actor, id, input) };
  });

  router.delete('/channels/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params);
    await deleteChannel(deps, ctx.state.actor, id);
    ctx.status = 204;
  });
};
