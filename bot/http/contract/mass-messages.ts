import { z } from 'zod';
import { type IsoDateTime, JsonObject, type JsonValue, type Page, Text, optionalFilter } from './common';

// Byte and attachment limits are WeCom's and checked by the domain (checkMassContent).
const MassMessageContent = z.strictObject({
  text: Text.max(4000).optional(),
  attachments: z.array(JsonObject).max(9).optional(),
});

/** POST /mass-messages: one task per guide, each to that guide's customers. */
export const MassMessageInput = z.strictObject({
  content: MassMessageContent,
  audience: z
    .array(
      z.strictObject({
        guideUserid: Text.min(1).max(64),
        externalUserids: z.array(Text.min(1).max(64)).min(1).max(50_000),
      }),
    )
    .min(1)
    .max(1000),
  groupId: z.uuid().optional(),
});
export type MassMessageInput = z.input<typeof MassMessageInput>;

/** POST /groups/:id/mass-messages: the group's members are the audience. */
export const GroupMassMessageInput = z.strictObject({ content: MassMessageContent });
export type GroupMassMessageInput = z.input<typeof GroupMassMessageInput>;

/**
 * The optional Idempotency-Key header of both POSTs: a client that may retry (a timeout, a double tap) sends
 * the same one again and nothing is created twice.
 */
export const IdempotencyKey = Text.regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 of A-Z a-z 0-9 _ -').optional();

/** GET /mass-messages?guideUserid&after&limit. */
export const MassMessageListQuery = z.object({
  guideUserid: optionalFilter(64),
  after: Text.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type MassMessageListQuery = z.input<typeof MassMessageListQuery>;

export type MassMessageStatus = 'CREATED' | 'SENDING' | 'FINISHED' | 'FAILED';

/** A mass-message task: who sends it, to how many, and how many got it so far. */
export interface MassMessage {
  id: string;
  /** WeCom's msgid; null until WeCom accepted the task (or when it refused it). */
  msgid: string | null;
  /** In lists only. */
  guide?: { userid: string; name: string };
  groupId: string | null;
  /** As stored: `{ text, attachments }` in WeCom's shapes. */
  content: JsonValue;
  status: MassMessageStatus;
  recipientCount: number;
  /** external_userids WeCom refused at creation. */
  failList: string[];
  sentCount: number;
  resultsReadAt: IsoDateTime | null;
  error: string | null;
  createdAt: IsoDateTime;
}

/** POST /mass-messages and POST /groups/:id/mass-messages (201). */
export interface CreatedMassMessagesResponse {
  massMessages: MassMessage[];
}

/** GET /mass-messages: newest first. */
export interface MassMessageListResponse extends Page {
  massMessages: MassMessage[];
}
