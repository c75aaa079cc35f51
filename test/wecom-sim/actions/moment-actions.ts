import { randomId, toSeconds } from '../api/common';
import { WecomError } from '../errors';
import type { SimMoment, SimState } from '../state';

export interface PostMomentInput {
  userid: string;
  text?: string;
  images?: string[];
  link?: { title: string; url: string };
  /** Unix seconds; default now. */
  createTime?: number;
  /** Default 1: the member's own post. */
  createType?: 0 | 1;
  visibleType?: 0 | 1;
}

/** A member posts to their customers' Moments from the WeCom client. WeCom sends no callback for it. */
export function postMomentInState(state: SimState, now: number, input: PostMomentInput): SimMoment {
  if (!state.members.has(input.userid)) throw new WecomError(60111, `unknown userid ${input.userid}`);
  const moment: SimMoment = {
    momentId: randomId('mom', 40),
    creator: input.userid,
    createTime: input.createTime ?? toSeconds(now),
    createType: input.createType ?? 1,
    visibleType: input.visibleType ?? 1,
    text: input.text ?? '',
    images: input.images ?? [],
    ...(input.link ? { link: input.link } : {}),
    deleted: false,
    comments: [],
    likes: [],
  };
  // Kept in create_time order, as the list reads them.
  const at = state.moments.findIndex((m) => m.createTime > moment.createTime);
  state.moments.splice(at < 0 ? state.moments.length : at, 0, moment);
  return moment;
}

function liveMoment(state: SimState, momentId: string): SimMoment {
  const moment = state.moments.find((m) => m.momentId === momentId && !m.deleted);
  if (!moment) throw new WecomError(41060, 'invalid moment_id');
  return moment;
}

/** The member deletes the post: it leaves get_moment_list (no callback). */
export function deleteMomentInState(state: SimState, momentId: string): void {
  liveMoment(state, momentId).deleted = true;
}

/** A customer (or a member) likes or comments on a post. */
export function reactToMomentInState(
  state: SimState,
  now: number,
  input: { momentId: string; reaction: 'like' | 'comment'; externalUserid?: string; userid?: string },
): void {
  const moment = liveMoment(state, input.momentId);
  const who = input.externalUserid
    ? { externalUserid: input.externalUserid }
    : input.userid
      ? { userid: input.userid }
      : null;
  if (!who) throw new Error('a reaction needs externalUserid or userid');
  (input.reaction === 'like' ? moment.likes : moment.comments).push({ ...who, createTime: toSeconds(now) });
}

/** A sender publishes an enterprise post (add_moment_task) from their client: it then reaches their customers. */
export function publishMomentTaskInState(state: SimState, momentId: string, userid: string): void {
  const moment = liveMoment(state, momentId);
  if (!moment.task) throw new WecomError(41060, 'not a corp moment');
  if (!moment.task.senders.includes(userid)) throw new WecomError(41061, `${userid} is not a sender`);
  if (!moment.task.published.includes(userid)) moment.task.published.push(userid);
}
