import type { ChannelSummary } from '../../domain/channels/list-channels';
import type { ContactWay } from '../../generated/prisma/client';
import type { ChannelListResponse, ChannelResponse } from '../contract/channels';

/** GET /channels: each channel with its welcome text and how many customers it brought. */
export function presentChannelList(channels: ChannelSummary[]): ChannelListResponse {
  return {
    channels: channels.map((c) => ({
      id: c.id,
      name: c.name,
      purpose: c.purpose,
      state: c.state,
      qrCode: c.qrCode,
      userids: c.userids,
      tagIds: c.tagIds,
      skipVerify: c.skipVerify,
      storeId: c.storeId,
      welcomeText: c.welcomeText,
      added: c.added,
      active: c.active,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

/** A created or updated channel: the stored row, field for field. */
export function presentChannel(c: ContactWay): ChannelResponse {
  return {
    channel: {
      id: c.id,
      configId: c.configId,
      state: c.state,
      name: c.name,
      purpose: c.purpose,
      storeId: c.storeId,
      type: c.type,
      scene: c.scene,
      userids: c.userids,
      skipVerify: c.skipVerify,
      qrCode: c.qrCode,
      tagIds: c.tagIds,
      remark: c.remark,
      deletedAt: c.deletedAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    },
  };
}
