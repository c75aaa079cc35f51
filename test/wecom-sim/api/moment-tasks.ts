import { z } from 'zod';
import { WecomError } from '../errors';
import { MINUTE_MS } from '../rate-limit';
import type { SimMoment } from '../state';
import {
  type ApiRoute,
  type UploadedFile,
  charLength,
  pageOf,
  parseBody,
  randomId,
  toSeconds,
} from './common';

/**
 * Enterprise Moments (企业朋友圈, API.md §3.6; doc 95094): media/upload_attachment, add_moment_task and its
 * results. A task's post appears in get_moment_list as the corp's (create_type 0); each sender publishes it in
 * the client (`sim.memberPublishesMomentTask`), and only then does get_moment_send_result list who it reached.
 */

const MAX_BYTES = 10 * 1024 * 1024;

/** `POST media/upload_attachment?media_type=image|video&attachment_type=1|2`, the file in the form's `media`. */
export const uploadAttachment: ApiRoute = {
  method: 'POST',
  auth: true,
  multipart: true,
  handler: ({ query, body, ctx }) => {
    const type = query.media_type;
    if (type !== 'image' && type !== 'video') throw new WecomError(40004, `media_type ${type ?? '(none)'}`);
    const attachmentType = Number(query.attachment_type);
    if (attachmentType !== 1 && attachmentType !== 2)
      throw new WecomError(40058, 'attachment_type must be 1 or 2');
    const media = body.media as UploadedFile;
    if (media.size === 0 || media.size > MAX_BYTES) throw new WecomError(type === 'image' ? 40009 : 40011);
    const mediaId = randomId('3', 60);
    const now = ctx.now();
    ctx.state.attachments.set(mediaId, { mediaId, type, attachmentType, size: media.size, createdAt: now });
    return { type, media_id: mediaId, created_at: String(toSeconds(now)) };
  },
};

const attachment = z.union([
  z.object({ msgtype: z.literal('image'), image: z.object({ media_id: z.string() }) }),
  z.object({ msgtype: z.literal('video'), video: z.object({ media_id: z.string() }) }),
  z.object({
    msgtype: z.literal('link'),
    link: z.object({ title: z.string().optional(), url: z.string(), media_id: z.string().optional() }),
  }),
]);
const taskSchema = z.object({
  text: z.object({ content: z.string().optional() }).optional(),
  attachments: z.array(z.object({ msgtype: z.string() }).passthrough()).optional(),
  visible_range: z
    .object({
      sender_list: z
        .object({
          user_list: z.array(z.string()).optional(),
          department_list: z.array(z.number()).optional(),
        })
        .optional(),
      external_contact_list: z.object({ tag_list: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
});

/**
 * `POST externalcontact/add_moment_task` → `{jobid}`. Text ≤2,000 characters; ≤9 images, or 1 video, or 1 link,
 * never mixed; every media_id from upload_attachment (attachment_type 1) of the right type, else 40007 (a
 * temporary media id among them). 10 creations a minute per corp, then 45009. Unknown senders and tags are
 * reported in the job's result, not refused.
 */
export const addMomentTask: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(taskSchema, body);
    const text = input.text?.content ?? '';
    if (charLength(text) > 2000) throw new WecomError(40058, 'text.content exceeds 2000 characters');
    const items = (input.attachments ?? []).map((a) => {
      const parsed = attachment.safeParse(a);
      if (!parsed.success) throw new WecomError(40058, 'invalid attachments msgtype');
      return parsed.data;
    });
    if (!text && items.length === 0) throw new WecomError(44004);
    const kinds = new Set(items.map((a) => a.msgtype));
    if (kinds.size > 1) throw new WecomError(40058, 'invalid attachments msgtype');
    const count = (kind: string, max: number) => {
      if (kinds.has(kind as never) && items.length > max)
        throw new WecomError(40058, `at most ${max} ${kind}`);
    };
    count('image', 9);
    count('video', 1);
    count('link', 1);
    for (const a of items) {
      const mediaId =
        a.msgtype === 'image' ? a.image.media_id : a.msgtype === 'video' ? a.video.media_id : a.link.media_id;
      if (mediaId === undefined) continue;
      const uploaded = ctx.state.attachments.get(mediaId);
      const wanted = a.msgtype === 'video' ? 'video' : 'image';
      if (!uploaded || uploaded.attachmentType !== 1 || uploaded.type !== wanted)
        throw new WecomError(40007, mediaId);
    }
    const now = ctx.now();
    if (ctx.counters.exceeds('add_moment_task', MINUTE_MS, now, ctx.limits.momentTasksPerMinute)) {
      throw new WecomError(45009, 'moment tasks per minute');
    }
    const range = input.visible_range ?? {};
    const users = range.sender_list?.user_list ?? [];
    const departments = range.sender_list?.department_list ?? [];
    const tagIds = range.external_contact_list?.tag_list ?? [];
    const liveTags = new Set(
      ctx.state.tagGroups.flatMap((g) => g.tags.filter((t) => !t.deleted).map((t) => t.id)),
    );
    const inDepartments = [...ctx.state.members.values()]
      .filter((m) => m.department.some((d) => departments.includes(d)))
      .map((m) => m.userid);
    const everyone = users.length === 0 && departments.length === 0;
    const senders = everyone
      ? [...ctx.state.members.values()].filter((m) => m.hasCustomerContact).map((m) => m.userid)
      : [...new Set([...users.filter((u) => ctx.state.members.has(u)), ...inDepartments])];
    const moment: SimMoment = {
      momentId: randomId('momcorp', 36),
      creator: '',
      createTime: toSeconds(now),
      createType: 0,
      visibleType: tagIds.length ? 0 : 1,
      text,
      images: items.flatMap((a) => (a.msgtype === 'image' ? [a.image.media_id] : [])),
      ...(items[0]?.msgtype === 'link'
        ? { link: { title: items[0].link.title ?? '', url: items[0].link.url } }
        : {}),
      deleted: false,
      comments: [],
      likes: [],
      task: { senders, published: [], tagIds: tagIds.filter((t) => liveTags.has(t)) },
    };
    ctx.state.moments.push(moment);
    const jobid = randomId('job', 40);
    ctx.state.momentTasks.set(jobid, {
      jobid,
      createdAt: now,
      result: {
        errcode: 0,
        errmsg: 'ok',
        momentId: moment.momentId,
        invalidSenders: users.filter((u) => !ctx.state.members.has(u)),
        invalidTags: tagIds.filter((t) => !liveTags.has(t)),
      },
    });
    return { jobid };
  },
};

/** `GET externalcontact/get_moment_task_result?jobid=` → `{status: 3, type, result}` (the job is done at once). */
export const getMomentTaskResult: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const task = query.jobid ? ctx.state.momentTasks.get(query.jobid) : undefined;
    if (!task) throw new WecomError(40058, 'invalid jobid');
    const { result } = task;
    return {
      status: 3,
      type: 'add_moment_task',
      result: {
        errcode: result.errcode,
        errmsg: result.errmsg,
        moment_id: result.momentId,
        invalid_sender_list: { user_list: result.invalidSenders, department_list: [] },
        invalid_external_contact_list: { tag_list: result.invalidTags },
      },
    };
  },
};

function corpMoment(ctx: Parameters<ApiRoute['handler']>[0]['ctx'], momentId: string | undefined): SimMoment {
  if (!momentId) throw new WecomError(41059);
  const moment = ctx.state.moments.find((m) => m.momentId === momentId && !m.deleted);
  if (!moment?.task) throw new WecomError(41060, 'not a corp moment');
  return moment;
}

const pageSchema = (max: number) =>
  z.object({
    moment_id: z.string().optional(),
    userid: z.string().optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(max).optional(),
  });

/** `POST externalcontact/get_moment_task` → each sender and `publish_status` (1 published), ≤1000 a page. */
export const getMomentTask: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(pageSchema(1000), body);
    const { task } = corpMoment(ctx, input.moment_id);
    const rows = task!.senders.map((userid) => ({
      userid,
      publish_status: task!.published.includes(userid) ? 1 : 0,
    }));
    const { page, next } = pageOf(rows, input.cursor, input.limit ?? 500);
    return { next_cursor: next, task_list: page };
  },
};

/**
 * `POST externalcontact/get_moment_send_result` → the customers a sender's post reached (their active customers,
 * those with one of the task's tags when it has tags), ≤5000 a page; 41062 before the sender published.
 */
export const getMomentSendResult: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(pageSchema(5000), body);
    const moment = corpMoment(ctx, input.moment_id);
    const task = moment.task!;
    if (!input.userid) throw new WecomError(41009);
    if (!task.published.includes(input.userid)) throw new WecomError(41062);
    const reached = ctx.state.relations
      .filter((r) => r.userid === input.userid && r.status === 'active')
      .filter((r) => task.tagIds.length === 0 || r.tagIds.some((t) => task.tagIds.includes(t)))
      .map((r) => ({ external_userid: r.externalUserid }));
    const { page, next } = pageOf(reached, input.cursor, input.limit ?? 3000);
    return { next_cursor: next, customer_list: page };
  },
};
