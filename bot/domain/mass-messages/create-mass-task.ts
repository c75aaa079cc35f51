import { Prisma, type MassMessage } from '../../generated/prisma/client';
import { type MassMessageContent, addMsgTemplate } from '../../wecom/api/mass-message';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';

export interface NewMassTask {
  guideId: string;
  guideUserid: string;
  /** At most 10,000 (one add_msg_template call); callers split bigger lists. */
  externalUserids: string[];
  content: MassMessageContent;
  groupId?: string;
  /** Makes the task idempotent: a second call with the same key returns the first task and calls WeCom never. */
  requestKey?: string;
}

/**
 * One add_msg_template call for one guide, recorded as a MassMessage whatever WeCom answers: with its msgid (so
 * the results reader can turn deliveries into interactions) or as FAILED with WeCom's error, so HQ sees which
 * guide's task did not reach WeCom. The row is written before WeCom is called: a task WeCom accepted is never
 * untracked, and with a `requestKey` a repeated request finds the row and sends nothing twice (at most once: a
 * crash between the two leaves a row with no msgid, which nothing reads as sent). `recipientCount` is how many
 * customers the call named; `failList` those WeCom refused at once.
 */
export async function createMassTask(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  task: NewMassTask,
): Promise<MassMessage> {
  let row: MassMessage;
  try {
    row = await deps.db.massMessage.create({
      data: {
        guideId: task.guideId,
        groupId: task.groupId ?? null,
        content: {
          text: task.content.text ?? '',
          attachments: task.content.attachments ?? [],
        } as Prisma.InputJsonValue,
        recipientCount: task.externalUserids.length,
        requestKey: task.requestKey ?? null,
      },
    });
  } catch (error) {
    const isRepeat = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
    if (!isRepeat || !task.requestKey) throw error;
    return deps.db.massMessage.findUniqueOrThrow({ where: { requestKey: task.requestKey } });
  }
  try {
    const created = await addMsgTemplate(deps.wecom, {
      sender: task.guideUserid,
      externalUserids: task.externalUserids,
      content: task.content,
    });
    return await deps.db.massMessage.update({
      where: { id: row.id },
      data: { msgid: created.msgid, failList: created.failList },
    });
  } catch (error) {
    // Database errors and the like are the caller's to handle; WeCom's answer is this task's outcome.
    if (!isWecomError(error)) throw error;
    deps.logger.warn(
      { errcode: error.errcode, guide: task.guideUserid },
      'add_msg_template refused; task recorded as failed',
    );
    return deps.db.massMessage.update({
      where: { id: row.id },
      data: { status: 'FAILED', error: error.message.slice(0, 500) },
    });
  }
}
