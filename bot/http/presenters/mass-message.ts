import type { ListedMassMessage } from '../../domain/mass-messages/list-mass-messages';
import type { MassMessage } from '../../generated/prisma/client';

/** A mass-message task as the staff API shows it: who sends it, to how many, and how many got it so far. */
export function presentMassMessage(m: MassMessage & Partial<Pick<ListedMassMessage, 'guide'>>) {
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
