import type { z } from 'zod';
import { AppError, notFound } from '../../../errors';
import type { MomentTask } from '../../../generated/prisma/client';
import type { MomentMedia, MomentTaskInput } from '../../../http/contract/moment-library';
import {
  type MomentTaskAttachment,
  addMomentTask,
  countMomentReached,
  getMomentTaskResult,
  getMomentTaskSenders,
  uploadAttachment,
} from '../../../wecom/api/moment-tasks';
import { isWecomError } from '../../../wecom/errors';
import { type Actor, actorName, assertHq } from '../../access/actor';
import type { DomainDeps } from '../../deps';
import { assertKnownTags } from './library-record';

type Deps = Pick<DomainDeps, 'db' | 'wecom' | 'logger'>;
type TaskSenderResult = { userid: string; published: boolean; reached: number | null };
const MEDIA_FETCH_TIMEOUT_MS = 15_000;
/** WeCom's limit on a Moments image or video (API.md §3.6): a bigger file is refused before it is uploaded. */
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
/**
 * get_moment_send_result reads a refresh makes at most: a task to 10,000 guides would otherwise hold the desk's
 * request for minutes and a sizeable part of the minute's calls. Senders counted before keep their count; the
 * rest are read on the next refresh (reached null until then).
 */
const REACH_READS_PER_REFRESH = 200;

/**
 * HQ publishes a library item as an enterprise Moments post: its pictures (or video, or a link's cover) fetched
 * from HQ's host and uploaded with media/upload_attachment (add_moment_task refuses temporary media with 40007),
 * then add_moment_task for the chosen guides and corp tags, and its job's result read at once. WeCom's refusals
 * are told as they are: 45009 (10 tasks a minute) as a 429, any other as a 422 with WeCom's errcode.
 */
export async function publishMomentTask(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof MomentTaskInput>,
): Promise<MomentTask> {
  assertHq(actor, 'publish enterprise Moments');
  const item = await deps.db.momentLibraryItem.findFirst({ where: { id: input.itemId, archivedAt: null } });
  if (!item) throw notFound('library_item_not_found', `no library item ${input.itemId}`);
  await assertKnownTags(deps, input.tagIds);
  const jobid = await refusalsTold(async () =>
    addMomentTask(deps.wecom, {
      text: item.text,
      attachments: await uploadMedia(deps, item.media as MomentMedia),
      senderUserids: input.senderUserids,
      tagIds: input.tagIds,
    }),
  );
  const task = await deps.db.momentTask.create({
    data: {
      itemId: item.id,
      jobid,
      senderUserids: input.senderUserids,
      tagIds: input.tagIds,
      createdBy: actorName(actor),
    },
  });
  return settleJob(deps, task);
}

/** Reads a task again: its job's result while it has none, then who published it and whom it reached. */
export async function refreshMomentTask(deps: Deps, actor: Actor, id: string): Promise<MomentTask> {
  assertHq(actor, 'read enterprise Moments');
  const found = await deps.db.momentTask.findUnique({ where: { id } });
  if (!found) throw notFound('moment_task_not_found', `no Moments task ${id}`);
  return readTaskProgress(deps, found);
}

/**
 * What WeCom knows of a task now: its job's result while it has none, then each sender's publishing and reach
 * (the desk's refresh and the follow-moment-tasks job both read it this way).
 */
export async function readTaskProgress(deps: Deps, found: MomentTask): Promise<MomentTask> {
  const task = await settleJob(deps, found);
  if (!task.momentId) return task;
  const senders = await getMomentTaskSenders(deps.wecom, task.momentId);
  const before = new Map(
    ((task.results as { senders?: TaskSenderResult[] } | null)?.senders ?? []).map((r) => [r.userid, r]),
  );
  let reads = 0;
  const results: TaskSenderResult[] = [];
  for (const s of senders) {
    const known = before.get(s.userid);
    let reached: number | null;
    // Before a sender publishes, WeCom has no send result for them (41062): it reached nobody yet.
    if (!s.published) reached = 0;
    else if (known?.published && known.reached !== null) reached = known.reached;
    else if (reads < REACH_READS_PER_REFRESH) {
      reads += 1;
      reached = await countMomentReached(deps.wecom, task.momentId, s.userid);
    } else reached = null;
    results.push({ ...s, reached });
  }
  return deps.db.momentTask.update({
    where: { id: task.id },
    data: { results: { senders: results }, resultsAt: new Date() },
  });
}

/** HQ's tasks, newest first, each with its item. */
export async function listMomentTasks(deps: Pick<DomainDeps, 'db'>, actor: Actor) {
  assertHq(actor, 'read enterprise Moments');
  return deps.db.momentTask.findMany({ orderBy: { createdAt: 'desc' }, take: 100, include: TASK_ITEM });
}

/** A task with the item it came from, as the desk shows it. */
export function findMomentTask(deps: Pick<DomainDeps, 'db'>, id: string) {
  return deps.db.momentTask.findUniqueOrThrow({ where: { id }, include: TASK_ITEM });
}

const TASK_ITEM = { item: { select: { id: true, title: true } } } as const;

/** The job's result, stored once WeCom has it (status 3): the moment, or the errcode it failed with. */
async function settleJob(deps: Deps, task: MomentTask): Promise<MomentTask> {
  if (task.status !== 'creating') return task;
  const job = await getMomentTaskResult(deps.wecom, task.jobid);
  if (job.status !== 3 || !job.result) return task;
  const { result } = job;
  return deps.db.momentTask.update({
    where: { id: task.id },
    data: {
      status: result.errcode === 0 && result.moment_id ? 'created' : 'failed',
      errcode: result.errcode,
      errmsg: result.errmsg,
      momentId: result.moment_id ?? null,
      invalidSenders: result.invalid_sender_list?.user_list ?? [],
      invalidTags: result.invalid_external_contact_list?.tag_list ?? [],
    },
  });
}

async function uploadMedia(deps: Deps, media: MomentMedia): Promise<MomentTaskAttachment[]> {
  switch (media.type) {
    case 'none':
      return [];
    case 'images': {
      const out: MomentTaskAttachment[] = [];
      for (const url of media.images) {
        out.push({ msgtype: 'image', image: { media_id: await uploadFrom(deps, url, 'image') } });
      }
      return out;
    }
    case 'video':
      return [{ msgtype: 'video', video: { media_id: await uploadFrom(deps, media.video.url, 'video') } }];
    case 'link': {
      const cover = media.link.imgUrl ? await uploadFrom(deps, media.link.imgUrl, 'image') : undefined;
      return [
        {
          msgtype: 'link',
          link: { title: media.link.title, url: media.link.url, ...(cover ? { media_id: cover } : {}) },
        },
      ];
    }
  }
}

/** One file from HQ's host into WeCom's Moments attachments. */
async function uploadFrom(deps: Deps, url: string, mediaType: 'image' | 'video'): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(MEDIA_FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new AppError('media_unreadable', `cannot fetch ${url}: ${(error as Error).message}`, {
      status: 422,
    });
  }
  if (!response.ok)
    throw new AppError('media_unreadable', `${url} answered HTTP ${response.status}`, { status: 422 });
  const tooBig = () =>
    new AppError('media_unreadable', `${url} is over WeCom's ${MAX_MEDIA_BYTES / 1024 / 1024} MB`, {
      status: 422,
    });
  if (Number(response.headers.get('content-length') ?? 0) > MAX_MEDIA_BYTES) {
    await response.body?.cancel();
    throw tooBig();
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_MEDIA_BYTES) throw tooBig();
  if (bytes.byteLength === 0) throw new AppError('media_unreadable', `${url} is empty`, { status: 422 });
  const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() || mediaType);
  const contentType =
    response.headers.get('content-type') ?? (mediaType === 'image' ? 'image/jpeg' : 'video/mp4');
  return refusalsTold(() => uploadAttachment(deps.wecom, { mediaType, bytes, filename, contentType }));
}

/** WeCom's refusals of a task as the desk shows them; a failure worth retrying passes as it is. */
async function refusalsTold<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isWecomError(error)) throw error;
    if (error.errcode === 45009) {
      throw new AppError(
        'moment_tasks_rate_limited',
        'WeCom takes 10 Moments tasks a minute: try again shortly',
        {
          status: 429,
        },
      );
    }
    if (error.isRetryable) throw error;
    throw new AppError('moment_task_refused', `WeCom refused it: errcode ${error.errcode} ${error.message}`, {
      status: 422,
    });
  }
}
