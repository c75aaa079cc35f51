import type { MassMessage } from '../../generated/prisma/client';
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
}

/**
 * One add_msg_template call for one guide, recorded as a MassMessage whatever WeCom answers: with its msgid (so
 * the results reader can turn deliveries into interactions) or as FAILED with WeCom's error, so HQ sees which
 * guide's task did not reach WeCom. `recipientCount` is how many customers the call named; `failList` those WeCom
 * refused at once.
 */
export async function createMassTask(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  task: NewMassTask,
): Promise<MassMessage> {
  const base = {
    guideId: task.guideId,
    groupId: task.groupId ?? null,
    content: { text: task.content.text ?? '', attachments: task.content.attachments ?? [] } as object,
    recipientCount: task.externalUserids.length,
  };
  try {
    const created = await addMsgTemplate(deps.wecom, {
      sender: task.guideUserid,
      externalUserids: task.externalUserids,
      content: task.content,
    });
    return await deps.db.massMessage.create({
      data: { ...base, msgid: created.msgid, failList: created.failList },
    });
  } catch (error) {
    // Database errors and the like are the caller's to handle; WeCom's answer is this task's outcome.
    if (!isWecomError(error)) throw error;
    deps.logger.warn(
      { errcode: error.errcode, guide: task.guideUserid },
      'add_msg_template refused; task recorded as failed',
    );
    return deps.db.massMessage.create({
      data: { ...base, status: 'FAILED', error: error.message.slice(0, 500) },
    });
  }
}
