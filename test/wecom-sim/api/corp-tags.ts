import { z } from 'zod';
import { ERRCODE_NOT_APP_CREATED, WecomError } from '../errors';
import type { SimState, SimTag, SimTagGroup } from '../state';
import { parseBody, randomId, toSeconds } from './common';
import type { ApiRoute } from './common';

/**
 * Corp tag management (API.md §3.4). API-made changes never produce change_external_tag callbacks
 * ("通过API进行的操作不会产生回调", API.md §1.1). Deleted tags stay in state with `deleted: true` so that queries by
 * id can report them, as WeCom does. Tags and groups made here record our agentid as `createdBy`: edit and delete
 * only work on those (doc 92117 「应用仅能编辑和删除本应用创建的标签」), everything else answers
 * ERRCODE_NOT_APP_CREATED (errcode UNCONFIRMED, see errors.ts). Rule-group tags are not corp tags: these APIs do
 * not see them (doc 94882 has its own strategy-tag APIs).
 */

const MAX_NAME_CHARS = 30;
const MAX_CORP_TAGS = 3000;
const agentid = z.union([z.number(), z.string()]).optional();

export const byOrder = <T extends { order: number }>(items: T[]): T[] =>
  [...items].sort((a, b) => b.order - a.order);

function presentTag(tag: SimTag, withDeleted: boolean): Record<string, unknown> {
  return {
    id: tag.id,
    name: tag.name,
    create_time: tag.createTime,
    order: tag.order,
    ...(withDeleted ? { deleted: tag.deleted } : {}),
  };
}

export function presentGroup(
  group: SimTagGroup,
  tags: SimTag[],
  withDeleted: boolean,
): Record<string, unknown> {
  return {
    group_id: group.groupId,
    group_name: group.groupName,
    create_time: group.createTime,
    order: group.order,
    ...(withDeleted ? { deleted: group.deleted } : {}),
    tag: byOrder(tags).map((tag) => presentTag(tag, withDeleted)),
  };
}

const listSchema = z.object({
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
});

/** `POST externalcontact/get_corp_tag_list`: group_id wins over tag_id; `deleted` only when querying by id. */
export const getCorpTagList: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(listSchema, body);
    const groups = byOrder(ctx.state.tagGroups);
    const groupIds = input.group_id ?? [];
    const tagIds = input.tag_id ?? [];
    if (groupIds.length > 0) {
      const wanted = groups.filter((g) => groupIds.includes(g.groupId));
      return { tag_group: wanted.map((g) => presentGroup(g, g.tags, true)) };
    }
    if (tagIds.length > 0) {
      const wanted = groups.flatMap((g) => {
        const tags = g.tags.filter((t) => tagIds.includes(t.id));
        return tags.length > 0 ? [presentGroup(g, tags, true)] : [];
      });
      return { tag_group: wanted };
    }
    const live = groups.filter((g) => !g.deleted);
    return {
      tag_group: live.map((g) =>
        presentGroup(
          g,
          g.tags.filter((t) => !t.deleted),
          false,
        ),
      ),
    };
  },
};

function checkName(name: string): void {
  if (name.trim() === '' || [...name].length > MAX_NAME_CHARS)
    throw new WecomError(40071, `bad tag name "${name}"`);
}

function liveTagCount(state: SimState): number {
  return state.tagGroups.reduce((sum, g) => sum + g.tags.filter((t) => !t.deleted && !g.deleted).length, 0);
}

const addSchema = z.object({
  group_id: z.string().optional(),
  group_name: z.string().optional(),
  order: z.number().int().optional(),
  tag: z.array(z.object({ name: z.string(), order: z.number().int().optional() })),
  agentid,
});

/**
 * `POST externalcontact/add_corp_tag`: into group_id (must exist, else 40068) or into the group named group_name
 * (reused if it exists). No empty groups; duplicate names in one request collapse; a name already in the group
 * answers 40071; names ≤30 chars; ≤3000 tags per corp (over → 40126 「企业标签个数达到上限，最多为3000个」, doc 90313).
 * Adding into a console-made group is allowed (only edit/delete are restricted); the new tags are ours.
 */
export const addCorpTag: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(addSchema, body);
    const now = toSeconds(ctx.now());
    const names = [...new Map(input.tag.map((t) => [t.name, t])).values()];
    if (names.length === 0) throw new WecomError(40058, 'tag list empty');
    names.forEach((t) => checkName(t.name));
    let group: SimTagGroup | undefined;
    if (input.group_id) {
      group = ctx.state.tagGroups.find((g) => g.groupId === input.group_id && !g.deleted);
      if (!group) throw new WecomError(40068, `group ${input.group_id}`);
    } else {
      if (!input.group_name) throw new WecomError(40058, 'group_id or group_name required');
      checkName(input.group_name);
      group = ctx.state.tagGroups.find((g) => g.groupName === input.group_name && !g.deleted);
    }
    if (liveTagCount(ctx.state) + names.length > MAX_CORP_TAGS)
      throw new WecomError(40126, 'over 3000 corp tags');
    const target = group;
    if (target && names.some((t) => target.tags.some((x) => x.name === t.name && !x.deleted))) {
      throw new WecomError(40071, 'tag name already exists in group');
    }
    const createdBy = ctx.state.corp.agentId;
    const created: SimTag[] = names.map((t) => ({
      id: randomId('et', 30),
      name: t.name,
      createTime: now,
      order: t.order ?? 0,
      deleted: false,
      createdBy,
    }));
    const finalGroup: SimTagGroup = target ?? {
      groupId: randomId('et', 30),
      groupName: input.group_name ?? '',
      createTime: now,
      order: input.order ?? 0,
      deleted: false,
      tags: [],
      createdBy,
    };
    if (!target) ctx.state.tagGroups.push(finalGroup);
    finalGroup.tags.push(...created);
    return { tag_group: presentGroup(finalGroup, created, false) };
  },
};

const editSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  order: z.number().int().optional(),
  agentid,
});

/**
 * `POST externalcontact/edit_corp_tag`: id is a tag or group id (else 40068); only ones our app created
 * (else ERRCODE_NOT_APP_CREATED); names unique in their scope (40071).
 */
export const editCorpTag: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(editSchema, body);
    const live = ctx.state.tagGroups.filter((g) => !g.deleted);
    const group = live.find((g) => g.groupId === input.id);
    const owner = live.find((g) => g.tags.some((t) => t.id === input.id && !t.deleted));
    const tag = owner?.tags.find((t) => t.id === input.id);
    if (!group && !tag) throw new WecomError(40068, `id ${input.id}`);
    if ((group ?? tag)?.createdBy !== ctx.state.corp.agentId)
      throw new WecomError(ERRCODE_NOT_APP_CREATED, `${input.id} was not created by this app`);
    if (input.name !== undefined) {
      checkName(input.name);
      const clash = group
        ? live.some((g) => g !== group && g.groupName === input.name)
        : owner?.tags.some((t) => t !== tag && !t.deleted && t.name === input.name);
      if (clash) throw new WecomError(40071, 'name already exists');
    }
    const item = group ?? tag;
    if (item && 'groupName' in item) {
      if (input.name !== undefined) item.groupName = input.name;
      if (input.order !== undefined) item.order = input.order;
    } else if (item) {
      if (input.name !== undefined) item.name = input.name;
      if (input.order !== undefined) item.order = input.order;
    }
    return {};
  },
};

const delSchema = z.object({
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
  agentid,
});

/**
 * `POST externalcontact/del_corp_tag`: not both empty (40058), unknown ids 40068, any id our app did not create →
 * ERRCODE_NOT_APP_CREATED and nothing is deleted. A group whose tags are all deleted disappears; deleted tags are
 * removed from every relation, as they vanish from customers in WeCom.
 */
export const delCorpTag: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(delSchema, body);
    const tagIds = input.tag_id ?? [];
    const groupIds = input.group_id ?? [];
    if (tagIds.length === 0 && groupIds.length === 0)
      throw new WecomError(40058, 'tag_id and group_id both empty');
    const live = ctx.state.tagGroups.filter((g) => !g.deleted);
    const groups = groupIds.map((id) => live.find((g) => g.groupId === id));
    const tags = tagIds.map((id) => live.flatMap((g) => g.tags).find((t) => t.id === id && !t.deleted));
    if (groups.includes(undefined) || tags.includes(undefined))
      throw new WecomError(40068, 'unknown tag or group id');
    const foreign = [...groups, ...tags].find((item) => item?.createdBy !== ctx.state.corp.agentId);
    if (foreign) throw new WecomError(ERRCODE_NOT_APP_CREATED, 'not created by this app');
    const removed = new Set<string>();
    for (const group of groups) {
      if (!group) continue;
      group.deleted = true;
      group.tags.forEach((t) => removed.add(t.id));
    }
    for (const tag of tags) if (tag) removed.add(tag.id);
    for (const group of live) {
      group.tags.forEach((t) => (t.deleted = t.deleted || removed.has(t.id)));
      if (group.tags.every((t) => t.deleted)) group.deleted = true;
    }
    for (const relation of ctx.state.relations)
      relation.tagIds = relation.tagIds.filter((id) => !removed.has(id));
    return {};
  },
};
