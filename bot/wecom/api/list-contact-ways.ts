import type { WecomClient } from '../client';

/**
 * list_contact_way (doc 92228): the config_ids of the corp's non-temporary ways created between two times (unix
 * seconds), a page at a time (limit ≤1000). Only ids: get_contact_way reads each one.
 */
export async function listContactWays(
  client: WecomClient,
  range: { startTime: number; endTime: number },
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const reply = await client.post<{ contact_way?: { config_id: string }[]; next_cursor?: string }>(
      'externalcontact/list_contact_way',
      { start_time: range.startTime, end_time: range.endTime, limit: 1000, ...(cursor ? { cursor } : {}) },
    );
    ids.push(...(reply.contact_way ?? []).map((w) => w.config_id));
    cursor = reply.next_cursor || undefined;
  } while (cursor);
  return ids;
}
