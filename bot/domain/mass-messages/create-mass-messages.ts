import type { MassMessage } from '../../generated/prisma/client';
import { AppError, badRequest } from '../../errors';
import { MAX_TASK_RECIPIENTS, type MassMessageContent } from '../../wecom/api/mass-message';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { createMassTask } from './create-mass-task';

export interface NewMassMessages {
  content: MassMessageContent;
  /** Each guide sends to their own customers: WeCom's 企业群发 is one task per sender. */
  audience: { guideUserid: string; externalUserids: string[] }[];
  /** The member group this reach was planned for (DESIGN.md §2, 70% by group). */
  groupId?: string;
  /** The caller's Idempotency-Key: the same request again creates no task twice. */
  idempotencyKey?: string;
}

/** What add_msg_template accepts (API.md §3.5): text ≤4000 bytes, ≤9 attachments, not both empty. */
export function checkMassContent(content: MassMessageContent): void {
  const text = content.text ?? '';
  const attachments = content.attachments ?? [];
  if (text.trim() === '' && attachments.length === 0) {
    throw badRequest('empty_content', 'give text or at least one attachment');
  }
  if (Buffer.byteLength(text) > 4000) throw badRequest('text_too_long', 'text is over 4000 bytes');
  if (attachments.length > 9) throw badRequest('too_many_attachments', 'at most 9 attachments');
}

/**
 * HQ's mass message (企业群发): one add_msg_template task per guide (lists over 10,000 customers become several),
 * each recorded as a MassMessage. Nothing reaches a customer until the guide confirms the task in WeCom; the
 * results reader then records an interaction for each customer it was sent to. Unknown guides refuse the whole
 * request before anything is created.
 */
export async function createMassMessages(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  actor: Actor,
  input: NewMassMessages,
): Promise<MassMessage[]> {
  assertHq(actor, 'send mass messages');
  checkMassContent(input.content);
  const perGuide = new Map<string, Set<string>>();
  for (const { guideUserid, externalUserids } of input.audience) {
    const ids = perGuide.get(guideUserid) ?? new Set<string>();
    for (const id of externalUserids) ids.add(id);
    perGuide.set(guideUserid, ids);
  }
  // An empty list with a sender means "all of this guide's customers" to WeCom: never by accident.
  const empty = [...perGuide].filter(([, ids]) => ids.size === 0).map(([u]) => u);
  if (empty.length > 0) throw badRequest('empty_audience', `no customers listed for ${empty.join(', ')}`);
  const guides = await deps.db.guide.findMany({
    where: { userid: { in: [...perGuide.keys()] } },
    select: { id: true, userid: true },
  });
  const unknown = [...perGuide.keys()].filter((u) => !guides.some((g) => g.userid === u));
  if (unknown.length > 0) {
    throw new AppError('guide_not_found', `no guide with userid ${unknown.join(', ')}`, { status: 404 });
  }
  if (input.groupId) {
    const group = await deps.db.customerGroup.findUnique({ where: { id: input.groupId } });
    if (!group) throw new AppError('group_not_found', `no group ${input.groupId}`, { status: 404 });
  }

  const created: MassMessage[] = [];
  for (const guide of guides) {
    const ids = [...(perGuide.get(guide.userid) ?? [])];
    for (let start = 0; start < ids.length; start += MAX_TASK_RECIPIENTS) {
      created.push(
        await createMassTask(deps, {
          guideId: guide.id,
          guideUserid: guide.userid,
          externalUserids: ids.slice(start, start + MAX_TASK_RECIPIENTS),
          content: input.content,
          groupId: input.groupId,
          requestKey: input.idempotencyKey && `${input.idempotencyKey}:${guide.userid}:${start}`,
        }),
      );
    }
  }
  return created;
}
