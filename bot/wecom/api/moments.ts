import type { WecomClient } from '../client';

/** get_moment_list row (API.md §3.6; doc 93333). */
export interface MomentListItem {
  moment_id: string;
  creator: string;
  /** Unix seconds. */
  create_time: number;
  /** 0: the corp's (add_moment_task), 1: the member's own. */
  create_type: number;
  /** 0: some customers, 1: all. */
  visible_type: number;
  text?: { content?: string };
  image?: { media_id: string }[];
  video?: { media_id: string; thumb_media_id?: string };
  link?: { title?: string; url?: string };
  location?: { latitude?: string; longitude?: string; name?: string };
}

export interface MomentListPage {
  moment_list: MomentListItem[];
  /** '' when there is no next page. */
  next_cursor: string;
}

/** The current doc's limits: a window of at most 30 days, pages of at most 20. */
export const MOMENT_LIST_MAX_WINDOW_SECONDS = 30 * 24 * 3600;
export const MOMENT_LIST_PAGE = 20;

/**
 * externalcontact/get_moment_list: one page of the posts created in the open interval (start, end), unix seconds,
 * of every member in the app's visibility (no `creator`), the corp's and the members' own (filter_type 2).
 */
export async function getMomentList(
  client: WecomClient,
  query: { startTime: number; endTime: number; cursor?: string },
): Promise<MomentListPage> {
  const reply = await client.post<Partial<MomentListPage>>('externalcontact/get_moment_list', {
    start_time: query.startTime,
    end_time: query.endTime,
    filter_type: 2,
    limit: MOMENT_LIST_PAGE,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { moment_list: reply.moment_list ?? [], next_cursor: reply.next_cursor ?? '' };
}

/** get_moment_comments row: a customer (external_userid) or a member (userid), never both. */
export interface MomentReaction {
  external_userid?: string;
  userid?: string;
  /** Unix seconds. */
  create_time: number;
}

/**
 * externalcontact/get_moment_comments: who liked and who commented on a member's post (no comment text). 41060
 * for a post WeCom no longer has, 41061 when `userid` did not post it.
 */
export async function getMomentComments(
  client: WecomClient,
  query: { momentId: string; userid: string },
): Promise<{ comments: MomentReaction[]; likes: MomentReaction[] }> {
  const reply = await client.post<{ comment_list?: MomentReaction[]; like_list?: MomentReaction[] }>(
    'externalcontact/get_moment_comments',
    { moment_id: query.momentId, userid: query.userid },
  );
  return { comments: reply.comment_list ?? [], likes: reply.like_list ?? [] };
}
