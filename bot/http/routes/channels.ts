import { listChannels } from '../../domain/channels/list-channels';
import { createChannel, deleteChannel, updateChannel } from '../../domain/channels/manage-channels';
import { CreateChannelInput, UpdateChannelInput } from '../contract/channels';
import { IdParams } from '../contract/common';
import { presentChannel, presentChannelList } from '../presenters/channel';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** 「联系我」 channels (渠道活码): per store, guide or campaign, with auto-tags and a welcome. */
export const channelRoutes: StaffRoutes = (router, deps) => {
  router.get('/channels', async (ctx) => {
    ctx.body = presentChannelList(await listChannels(deps));
  });

  router.post('/channels', async (ctx) => {
    const input = parseInput(CreateChannelInput, ctx.request.body);
    ctx.status = 201;
    ctx.body = presentChannel(await createChannel(deps, ctx.state.actor, input));
  });

  router.patch('/channels/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const input = parseInput(UpdateChannelInput, ctx.request.body);
    ctx.body = presentChannel(await updateChannel(deps, ctx.state.actor, id, input));
  });

  router.delete('/channels/:id', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    await deleteChannel(deps, ctx.state.actor, id);
    ctx.status = 204;
  });
};
