import { z } from 'zod';
import { type IsoDateTime, JsonObject, Text } from './common';

export const CHANNEL_PURPOSES = ['STORE', 'GUIDE', 'CAMPAIGN'] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

const Welcome = z.object({
  // send_welcome_msg takes ≤4000 bytes of text and ≤9 attachments (API.md §3.3). TextEncoder, not Buffer:
  // the same UTF-8 byte count, and it exists in the browser too.
  text: Text.min(1).refine((s) => new TextEncoder().encode(s).length <= 4000, 'at most 4000 bytes'),
  attachments: z.array(JsonObject).max(9).default([]),
});
const ChannelFields = z.object({
  name: Text.trim().min(1).max(64),
  purpose: z.enum(CHANNEL_PURPOSES),
  storeId: z.uuid().nullable().optional(),
  // WeCom: a multi-member way takes at most 100 members (doc 92228).
  userids: z.array(Text.min(1).max(64)).min(1).max(100),
  skipVerify: z.boolean(),
  tagIds: z.array(z.uuid()).max(100),
  welcome: Welcome.nullable().optional(),
  remark: Text.max(30).optional(),
});

/** POST /channels. */
export const CreateChannelInput = ChannelFields.extend({
  skipVerify: ChannelFields.shape.skipVerify.default(true),
  tagIds: ChannelFields.shape.tagIds.default([]),
});
export type CreateChannelInput = z.input<typeof CreateChannelInput>;

/** PATCH /channels/:id. No defaults: a field left out keeps its value. */
export const UpdateChannelInput = ChannelFields.partial();
export type UpdateChannelInput = z.input<typeof UpdateChannelInput>;

/** A channel in GET /channels: with its welcome text and how many customers it brought (Dates in the domain). */
export interface ChannelSummary<D = IsoDateTime> {
  id: string;
  name: string;
  /** One of CHANNEL_PURPOSES (the list query types it as text). */
  purpose: string;
  state: string;
  qrCode: string | null;
  userids: string[];
  tagIds: string[];
  skipVerify: boolean;
  storeId: string | null;
  welcomeText: string | null;
  /** Customers added through it, and of those still connected. */
  added: number;
  active: number;
  createdAt: D;
}

/** GET /channels, newest first. */
export interface ChannelListResponse {
  channels: ChannelSummary[];
}

/** A channel as POST /channels and PATCH /channels/:id answer: the stored row. */
export interface Channel {
  id: string;
  /** WeCom's config_id. */
  configId: string;
  /** The State WeCom echoes on adds through this channel. */
  state: string;
  name: string;
  purpose: ChannelPurpose;
  storeId: string | null;
  /** 1 = one guide, 2 = several. */
  type: number;
  /** 2 = QR code. */
  scene: number;
  userids: string[];
  skipVerify: boolean;
  qrCode: string | null;
  tagIds: string[];
  remark: string | null;
  deletedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** POST /channels (201) and PATCH /channels/:id. */
export interface ChannelResponse {
  channel: Channel;
}
