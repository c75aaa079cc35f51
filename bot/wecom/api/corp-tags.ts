import type { CallOptions, WecomClient } from '../client';

/** One tag as get_corp_tag_list / get_strategy_tag_list / add_corp_tag return it (API.md §3.4). */
export interface WecomTag {
  id: string;
  name: string;
  create_time?: number;
  /** Larger sorts first; range [0, 2^32). */
  order?: number;
  /** Only when querying by id. */
  deleted?: boolean;
}

export interface WecomTagGroup {
  group_id: string;
  group_name: string;
  create_time?: number;
  order?: number;
  deleted?: boolean;
  /** Rule-group (规则组) tag groups only. */
  strategy_id?: number;
  tag?: WecomTag[];
}

/** Every corp tag group, or only those named (by group id, else by tag id; `deleted` is reported then). */
export async function getCorpTagList(
  client: WecomClient,
  filter: { tagIds?: string[]; groupIds?: string[] } = {},
): Promise<WecomTagGroup[]> {
  const reply = await client.post<{ tag_group?: WecomTagGroup[] }>('externalcontact/get_corp_tag_list', {
    ...(filter.tagIds ? { tag_id: filter.tagIds } : {}),
    ...(filter.groupIds ? { group_id: filter.groupIds } : {}),
  });
  return reply.tag_group ?? [];
}

/** Rule-group tags (规则组标签): managed by rule groups in the console; get_corp_tag_list does not list them. */
export async function getStrategyTagList(client: WecomClient): Promise<WecomTagGroup[]> {
  const reply = await client.post<{ tag_group?: WecomTagGroup[] }>(
    'externalcontact/get_strategy_tag_list',
    {},
  );
  return reply.tag_group ?? [];
}

/**
 * add_corp_tag: into an existing group (groupId) or a group named groupName (created when absent). Tags made
 * this way belong to our app: WeCom lets an app edit or delete only its own.
 */
export async function addCorpTag(
  client: WecomClient,
  input: { groupId?: string; groupName?: string; order?: number; tags: { name: string; order?: number }[] },
): Promise<WecomTagGroup> {
  const reply = await client.post<{ tag_group: WecomTagGroup }>('externalcontact/add_corp_tag', {
    ...(input.groupId ? { group_id: input.groupId } : { group_name: input.groupName }),
    ...(input.order !== undefined ? { order: input.order } : {}),
    tag: input.tags,
    agentid: client.agentId,
  });
  return reply.tag_group;
}

/** edit_corp_tag: renames or reorders a tag or a group (id is either). */
export async function editCorpTag(
  client: WecomClient,
  input: { id: string; name?: string; order?: number },
): Promise<void> {
  await client.post('externalcontact/edit_corp_tag', { ...input, agentid: client.agentId });
}

/** del_corp_tag: a group whose tags are all deleted disappears with them. */
export async function delCorpTag(
  client: WecomClient,
  input: { tagIds?: string[]; groupIds?: string[] },
): Promise<void> {
  await client.post('externalcontact/del_corp_tag', {
    ...(input.tagIds?.length ? { tag_id: input.tagIds } : {}),
    ...(input.groupIds?.length ? { group_id: input.groupIds } : {}),
    agentid: client.agentId,
  });
}

/** mark_tag: one guide's relation with one customer; API-made changes produce no callback. */
export async function markTag(
  client: WecomClient,
  input: { userid: string; externalUserid: string; add: string[]; remove: string[] },
  options: CallOptions = {},
): Promise<void> {
  await client.post(
    'externalcontact/mark_tag',
    {
      userid: input.userid,
      external_userid: input.externalUserid,
      ...(input.add.length ? { add_tag: input.add } : {}),
      ...(input.remove.length ? { remove_tag: input.remove } : {}),
    },
    {},
    options,
  );
}
