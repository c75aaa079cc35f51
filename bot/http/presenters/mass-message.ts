import type { ListedMassMessage } from '../../domain/mass-messages/list-mass-messages';
import type { MassMessage } from '../../generated/prisma/client';
import type {
  CreatedMassMessagesResponse,
  MassMessageListResponse,
  MassMessage as MassMessageView,
} from '../contract/mass-messages';

/** A mass-message task as the staff API shows it: who sends it, to how many, and how many got it so far. */
export function presentMassMessage(
  m: MassMessage & Partial<Pick<ListedMassMessage, 'guide'>>,
): MassMessageView {
  return {
    id: m.id,
    msgid: m.msgid,
    ...(m.guide ? { guide: { userid: m.guide.userid, name: m.guide.name } } : {}),
    groupId: m.groupId,
    content: m.content,
    status: m.status,
    recipientCount: m.recipientCount,
    failList: m.failList,
    sentCount: m.sentCount,
    resultsReadAt: m.resultsReadAt?.toISOString() ?? null,
    error: m.error,
    createdAt: m.createdAt.toISOString(),
  };
}

/** The tasks a POST created, one per guide (or per 10,000 customers of a guide). */
export function presentCreatedMassMessages(created: MassMessage[]): CreatedMassMessagesResponse {
  return { massMessages: created.map((m) => presentMassMessage(m)) };
}

export function presentMassMessageList(page: {
  massMessages: ListedMassMessage[];
  nextCursor: string | null;
}): MassMessageListResponse {
  return { massMessages: page.massMessages.map((m) => presentMassMessage(m)), nextCursor: page.nextCursor };
}
