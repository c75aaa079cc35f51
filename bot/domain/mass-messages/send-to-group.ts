import { AppError } from '../../errors';
import type { MassMessage } from '../../generated/prisma/client';
import type { MassMessageContent } from '../../wecom/api/mass-message';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { listGroupAudienceByGuide } from '../groups/list-group-audience';
import { checkMassContent, createMassMessages } from './create-mass-messages';

/**
 * A mass message to a member group (DESIGN.md §2: ~70% of reach is by group): each of the group's guides gets an
 * add_msg_template task for their own customers in it, read from the database a chunk at a time. The tasks are
 * recorded with the group, so the reach plan counts their deliveries as reach by group.
 */
export async function sendMassMessageToGroup(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger'>,
  actor: Actor,
  groupId: string,
  content: MassMessageContent,
  idempotencyKey?: string,
): Promise<MassMessage[]> {
  assertHq(actor, 'send mass messages');
  checkMassContent(content);
  const created: MassMessage[] = [];
  let n = 0;
  for await (const chunk of listGroupAudienceByGuide(deps, actor, groupId)) {
    // Chunks come in a stable order (guide, relation), so a repeated request keys them the same way.
    const key = idempotencyKey && `${idempotencyKey}:${n++}`;
    created.push(
      ...(await createMassMessages(deps, actor, {
        content,
        audience: [chunk],
        groupId,
        idempotencyKey: key,
      })),
    );
  }
  // An empty answer must not read as "sent".
  if (created.length === 0) {
    throw new AppError('empty_group', 'the group has no members you can reach', { status: 409 });
  }
  return created;
}
