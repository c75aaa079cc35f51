import type { AddedMembers } from '../../domain/groups/change-list-members';
import type { computeReachPlan } from '../../domain/groups/compute-reach-plan';
import type { GroupCount } from '../../domain/groups/count-group-members';
import type { GroupFollowUpResult } from '../../domain/groups/create-group-follow-ups';
import type { LoadedGroup } from '../../domain/groups/find-group';
import type { GroupMemberPage } from '../../domain/groups/list-group-members';
import type {
  AddedMembersResponse,
  Group,
  GroupCountResponse,
  GroupFollowUpsResponse,
  GroupListResponse,
  GroupMembersResponse,
  GroupResponse,
  ReachPlanResponse,
  RemovedMembersResponse,
} from '../contract/groups';

/** A group as the staff API shows it. */
export function presentGroup(group: LoadedGroup): Group {
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

export function presentGroupList(groups: LoadedGroup[]): GroupListResponse {
  return { groups: groups.map((g) => presentGroup(g)) };
}

export function presentGroupResponse(group: LoadedGroup): GroupResponse {
  return { group: presentGroup(group) };
}

export function presentGroupCount(count: GroupCount): GroupCountResponse {
  return { relations: count.relations, customers: count.customers };
}

/** A page of members; the rows carry no dates, so they go out as the domain reads them. */
export function presentGroupMembers(page: GroupMemberPage): GroupMembersResponse {
  return { members: page.members, nextCursor: page.nextCursor };
}

export function presentAddedMembers(added: AddedMembers): AddedMembersResponse {
  return { added: added.added, alreadyMembers: added.alreadyMembers, notFound: added.notFound };
}

export function presentRemovedMembers(removed: { removed: number }): RemovedMembersResponse {
  return { removed: removed.removed };
}

export function presentGroupFollowUps(result: GroupFollowUpResult): GroupFollowUpsResponse {
  return { matched: result.matched, created: result.created, dueAt: result.dueAt.toISOString() };
}

/** The month's reach per store against the plan; the figures go out as computed. */
export function presentReachPlan(plan: Awaited<ReturnType<typeof computeReachPlan>>): ReachPlanResponse {
  return { month: plan.month, plan: plan.plan, stores: plan.stores };
}
