import { randomId } from '../api/common';
import { buildTagEventXml } from '../event-xml';
import type { TagEventInput } from '../event-xml';
import type { SimState, SimStrategyTagGroup, SimTag, SimTagGroup } from '../state';

/**
 * What a WeCom admin does to corp tags and rule-group (规则组) tags in the admin console. Unlike API writes, these DO
 * produce change_external_tag callbacks (API.md §2.4); each outcome carries the decrypted XMLs in delivery order,
 * all with the same CreateTime (saving a new group with several tags gives one callback per created id, WxJava
 * #2314). Rule-group events carry StrategyId. Console-made tags have no `createdBy`, so our app cannot edit or
 * delete them through the API. Misuse (unknown id, duplicate name) throws: a test bug, not a WeCom behaviour.
 */

export interface ConsoleTagOutcome {
  xmls: string[];
}

type AnyGroup = SimTagGroup | SimStrategyTagGroup;

const strategyOf = (group: AnyGroup): number | undefined =>
  'strategyId' in group ? group.strategyId : undefined;

function tagEvent(state: SimState, now: number, input: Omit<TagEventInput, 'corpId' | 'createTime'>): string {
  return buildTagEventXml({ corpId: state.corp.corpId, createTime: Math.floor(now / 1000), ...input });
}

function liveGroups(state: SimState): AnyGroup[] {
  return [...state.tagGroups, ...state.strategyTagGroups].filter((g) => !g.deleted);
}

function findLiveGroup(state: SimState, groupId: string): AnyGroup | undefined {
  return liveGroups(state).find((g) => g.groupId === groupId);
}

function findLiveTag(state: SimState, tagId: string): { group: AnyGroup; tag: SimTag } | undefined {
  for (const group of liveGroups(state)) {
    const tag = group.tags.find((t) => t.id === tagId && !t.deleted);
    if (tag) return { group, tag };
  }
  return undefined;
}

/** A new, still empty, console-made group (corp, or inside a 规则组 that is created when unknown). */
function addEmptyGroup(state: SimState, input: ConsoleTagGroupInput, created: number): AnyGroup {
  if (!input.groupName) throw new Error('wecom-sim: groupName is required for a new tag group');
  const name = input.groupName;
  const fields = {
    groupId: randomId('et', 30),
    groupName: name,
    createTime: created,
    order: input.order ?? 0,
  };
  const group: SimTagGroup = { ...fields, deleted: false, tags: [] };
  const strategyId = input.strategyId;
  if (strategyId === undefined) {
    if (state.tagGroups.some((g) => !g.deleted && g.groupName === name))
      throw new Error(`wecom-sim: tag group ${name} exists`);
    state.tagGroups.push(group);
    return group;
  }
  if (!state.strategies.some((s) => s.strategyId === strategyId))
    state.strategies.push({ strategyId, strategyName: `规则组${strategyId}` });
  const inStrategy: SimStrategyTagGroup = { ...group, strategyId };
  state.strategyTagGroups.push(inStrategy);
  return inStrategy;
}

export interface ConsoleTagGroupInput {
  /** Name of the new group (ignored when groupId adds into an existing group). */
  groupName?: string;
  /** Add the tags into this existing corp or rule-group tag group instead of creating one. */
  groupId?: string;
  tags: Array<string | { name: string; order?: number }>;
  order?: number;
  /** Create the group inside this 规则组 (created too when unknown). */
  strategyId?: number;
}

/** The admin saves a new tag group with its tags (or adds tags to a group) → one create callback per new id. */
export function consoleCreateTagGroupInState(
  state: SimState,
  input: ConsoleTagGroupInput,
  now: number,
): ConsoleTagOutcome & { groupId: string; tagIds: string[] } {
  const created = Math.floor(now / 1000);
  const specs = input.tags.map((t) => (typeof t === 'string' ? { name: t } : t));
  if (specs.length === 0) throw new Error('wecom-sim: the console does not save an empty tag group');
  const existing = input.groupId ? findLiveGroup(state, input.groupId) : undefined;
  if (input.groupId && !existing) throw new Error(`wecom-sim: no tag group ${input.groupId}`);
  const target = existing ?? addEmptyGroup(state, input, created);
  const clash = specs.find((s) => target.tags.some((t) => !t.deleted && t.name === s.name));
  if (clash) throw new Error(`wecom-sim: tag ${clash.name} exists in ${target.groupName}`);
  const tags: SimTag[] = specs.map((s) => ({
    id: randomId('et', 30),
    name: s.name,
    createTime: created,
    order: s.order ?? 0,
    deleted: false,
  }));
  target.tags.push(...tags);
  const strategyId = strategyOf(target);
  const xmls = [
    ...(!existing
      ? [tagEvent(state, now, { changeType: 'create', id: target.groupId, tagType: 'tag_group', strategyId })]
      : []),
    ...tags.map((t) => tagEvent(state, now, { changeType: 'create', id: t.id, tagType: 'tag', strategyId })),
  ];
  return { groupId: target.groupId, tagIds: tags.map((t) => t.id), xmls };
}

/** The admin renames a tag or a tag group → update callback (TagType tag / tag_group). */
export function consoleRenameTagInState(
  state: SimState,
  id: string,
  name: string,
  now: number,
): ConsoleTagOutcome {
  const group = findLiveGroup(state, id);
  const found = group ? undefined : findLiveTag(state, id);
  const owner = group ?? found?.group;
  if (!owner) throw new Error(`wecom-sim: no tag or tag group ${id}`);
  if (group) group.groupName = name;
  else if (found) found.tag.name = name;
  const tagType = group ? 'tag_group' : 'tag';
  return {
    xmls: [tagEvent(state, now, { changeType: 'update', id, tagType, strategyId: strategyOf(owner) })],
  };
}

/**
 * The admin deletes tags and/or groups → one delete callback per id. Deleting a group sends only the group's event;
 * a group emptied by deleting its last tag disappears (as with del_corp_tag) and gets its own tag_group delete —
 * both choices UNCONFIRMED. Deleted tags vanish from every customer.
 */
export function consoleDeleteTagsInState(state: SimState, ids: string[], now: number): ConsoleTagOutcome {
  const xmls: string[] = [];
  const removed = new Set<string>();
  for (const id of ids) {
    const group = findLiveGroup(state, id);
    const found = group ? undefined : findLiveTag(state, id);
    if (!group && !found) throw new Error(`wecom-sim: no tag or tag group ${id}`);
    if (group) {
      group.deleted = true;
      for (const tag of group.tags) {
        tag.deleted = true;
        removed.add(tag.id);
      }
      xmls.push(
        tagEvent(state, now, {
          changeType: 'delete',
          id,
          tagType: 'tag_group',
          strategyId: strategyOf(group),
        }),
      );
      continue;
    }
    if (!found) continue;
    found.tag.deleted = true;
    removed.add(id);
    const strategyId = strategyOf(found.group);
    xmls.push(tagEvent(state, now, { changeType: 'delete', id, tagType: 'tag', strategyId }));
    if (found.group.tags.every((t) => t.deleted)) {
      found.group.deleted = true;
      xmls.push(
        tagEvent(state, now, {
          changeType: 'delete',
          id: found.group.groupId,
          tagType: 'tag_group',
          strategyId,
        }),
      );
    }
  }
  for (const relation of state.relations) relation.tagIds = relation.tagIds.filter((t) => !removed.has(t));
  return { xmls };
}

export interface ConsoleShuffleInput {
  /** Reorder the tags of this group; absent = reorder the groups themselves. */
  groupId?: string;
  /** With no groupId: reorder this 规则组's groups instead of the corp tag groups. */
  strategyId?: number;
  /** Every live tag (or group) id, top first. */
  order: string[];
}

/**
 * The admin drags tags or groups into a new order → shuffle callback (no TagType). Id = the group whose tags moved,
 * or empty when the groups themselves were reordered (doc 92130 wording as remembered — UNCONFIRMED). `order`
 * values are rewritten so that get_corp_tag_list ("order值大的排序靠前") returns the new order.
 */
export function consoleShuffleTagsInState(
  state: SimState,
  input: ConsoleShuffleInput,
  now: number,
): ConsoleTagOutcome {
  const group = input.groupId === undefined ? undefined : findLiveGroup(state, input.groupId);
  if (input.groupId !== undefined && !group) throw new Error(`wecom-sim: no tag group ${input.groupId}`);
  const pool =
    group?.tags.filter((t) => !t.deleted) ??
    (input.strategyId === undefined
      ? state.tagGroups.filter((g) => !g.deleted)
      : state.strategyTagGroups.filter((g) => !g.deleted && g.strategyId === input.strategyId));
  const idOf = (item: SimTag | AnyGroup): string => ('groupId' in item ? item.groupId : item.id);
  const ids = pool.map(idOf);
  if (input.order.length !== ids.length || !ids.every((id) => input.order.includes(id)))
    throw new Error(`wecom-sim: order must list every live id exactly once: ${ids.join(', ')}`);
  for (const item of pool) item.order = input.order.length - input.order.indexOf(idOf(item));
  const strategyId = group ? strategyOf(group) : input.strategyId;
  return { xmls: [tagEvent(state, now, { changeType: 'shuffle', id: input.groupId ?? '', strategyId })] };
}
