import { z } from 'zod';
import { WecomError } from '../errors';
import type { SimMoment, SimMomentReaction } from '../state';
import { pageOf, parseBody } from './common';
import type { ApiRoute } from './common';

/**
 * 客户朋友圈 reads (API.md §3.6; doc 93333): get_moment_list and get_moment_comments. Posts change through
 * actions/moment-actions.ts (a member posts or deletes, a customer likes or comments).
 */

const DAY_SECONDS = 24 * 3600;
/** The current doc: a window of at most 30 days, pages of at most 20 (older copies said a month and 100). */
export const MOMENT_LIST_MAX_WINDOW_SECONDS = 30 * DAY_SECONDS;
export const MOMENT_LIST_MAX_LIMIT = 20;

const listSchema = z.object({
  start_time: z.number().int().optional(),
  end_time: z.number().int().optional(),
  creator: z.string().optional(),
  filter_type: z.number().int().optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});

/**
 * `POST externalcontact/get_moment_list` → `{next_cursor, moment_list}`. start_time and end_time are required, the
 * interval is open (a post at exactly either end is not listed) and at most 30 days; limit 1..20 (default 20);
 * filter_type 0 the corp's posts, 1 the members' own, 2 both (default). A violation answers 40058 (the errcode
 * is UNCONFIRMED: the doc names the limits, not the code). Oldest first (the doc gives no order; UNCONFIRMED);
 * a deleted post is not listed.
 */
export const getMomentList: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(listSchema, body);
    if (input.start_time === undefined || input.end_time === undefined)
      throw new WecomError(40058, 'start_time and end_time are required');
    if (input.end_time <= input.start_time) throw new WecomError(40058, 'end_time must be after start_time');
    if (input.end_time - input.start_time > MOMENT_LIST_MAX_WINDOW_SECONDS)
      throw new WecomError(40058, 'the time range is limited to 30 days');
    const limit = input.limit ?? MOMENT_LIST_MAX_LIMIT;
    if (limit < 1 || limit > MOMENT_LIST_MAX_LIMIT) throw new WecomError(40058, 'limit must be 1..20');
    const filter = input.filter_type ?? 2;
    if (![0, 1, 2].includes(filter)) throw new WecomError(40058, 'filter_type must be 0, 1 or 2');
    const start = input.start_time;
    const end = input.end_time;
    const listed = ctx.state.moments.filter(
      (m) =>
        !m.deleted &&
        m.createTime > start &&
        m.createTime < end &&
        (input.creator === undefined || input.creator === '' || m.creator === input.creator) &&
        (filter === 2 || m.createType === filter),
    );
    const { page, next } = pageOf(listed, input.cursor, limit);
    return { next_cursor: next, moment_list: page.map(presentMoment) };
  },
};

function presentMoment(m: SimMoment): Record<string, unknown> {
  return {
    moment_id: m.momentId,
    creator: m.creator,
    create_time: m.createTime,
    create_type: m.createType,
    visible_type: m.visibleType,
    text: { content: m.text },
    ...(m.images.length > 0 ? { image: m.images.map((media_id) => ({ media_id })) } : {}),
    ...(m.video ? { video: { media_id: m.video.mediaId, thumb_media_id: m.video.thumbMediaId } } : {}),
    ...(m.link ? { link: { title: m.link.title, url: m.link.url } } : {}),
  };
}

const commentsSchema = z.object({ moment_id: z.string().optional(), userid: z.string().optional() });

/**
 * `POST externalcontact/get_moment_comments` → `{comment_list, like_list}` of `{external_userid | userid,
 * create_time}` (no comment text). 41059 without moment_id, 41060 for an id we do not know (or a deleted post),
 * 41061 when `userid` did not post it; userid missing → 40058 (UNCONFIRMED).
 */
export const getMomentComments: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(commentsSchema, body);
    if (!input.moment_id) throw new WecomError(41059, 'missing moment_id');
    if (!input.userid) throw new WecomError(40058, 'userid is required');
    const moment = ctx.state.moments.find((m) => m.momentId === input.moment_id && !m.deleted);
    if (!moment) throw new WecomError(41060, 'invalid moment_id');
    if (moment.creator !== input.userid) throw new WecomError(41061, 'moment not posted by this userid');
    return {
      comment_list: moment.comments.map(presentReaction),
      like_list: moment.likes.map(presentReaction),
    };
  },
};

const presentReaction = (r: SimMomentReaction): Record<string, unknown> =>
  'externalUserid' in r
    ? { external_userid: r.externalUserid, create_time: r.createTime }
    : { userid: r.userid, create_time: r.createTime };
