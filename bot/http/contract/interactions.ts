import { z } from 'zod';
import { BusinessDateTime, Text } from './common';

export const INTERACTION_SOURCES = [
  'SIDEBAR_MESSAGE',
  'GROUP_CHAT',
  'MASS_MESSAGE',
  'ARCHIVE_IMPORT',
] as const;

/** POST /api/v1/interactions/sidebar-messages: a message the guide sent from the sidebar. */
export const SidebarMessageInput = z.strictObject({
  guideUserid: Text.min(1).max(64).optional(),
  externalUserid: Text.min(1).max(64),
  /** Made up once per message by the page, so a retried report is recorded once. */
  clientId: Text.regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 of A-Z a-z 0-9 _ -'),
  sentAt: BusinessDateTime.optional(),
});
export type SidebarMessageInput = z.input<typeof SidebarMessageInput>;

/** POST /api/v1/interactions/sidebar-messages: 201 when new, 200 when reported before. */
export interface SidebarMessageResponse {
  isNew: boolean;
  /** Follow-ups the message met and closed. */
  closedFollowUps: number;
}

/** POST /api/integrations/interactions (signed, server to server): a batch from a conversation archive. */
export const InteractionsImportInput = z.object({
  interactions: z
    .array(
      z.object({
        guideUserid: Text.min(1).max(64),
        externalUserid: Text.min(1).max(64),
        source: z.enum(INTERACTION_SOURCES).default('ARCHIVE_IMPORT'),
        occurredAt: BusinessDateTime,
        externalId: Text.min(1).max(128).optional(),
      }),
    )
    .min(1)
    .max(1000),
});
export type InteractionsImportInput = z.input<typeof InteractionsImportInput>;

/** One row's outcome, in the order sent: an unknown pair is rejected on its row only. */
export type InteractionResult =
  { status: 'recorded' | 'duplicate'; closedFollowUps: number } | { status: 'rejected'; reason: string };

export interface InteractionsImportResponse {
  results: InteractionResult[];
}
