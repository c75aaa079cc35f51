import type { LoadedGroup } from '../../domain/groups/find-group';

/** A group as the staff API shows it. */
export function presentGroup(group: LoadedGroup) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    kind: group.kind,
    rule: group.rule,
    createdBy: group.createdBy,
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}
