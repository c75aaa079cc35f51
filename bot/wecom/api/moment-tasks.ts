import { FormData } from 'undici';
import type { WecomClient } from '../client';

/** A post's attachments as add_moment_task takes them: media ids from upload_attachment, one kind a post. */
export type MomentTaskAttachment =
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string } }
  | { msgtype: 'link'; link: { title: string; url: string; media_id?: string } };

/**
 * media/upload_attachment (attachment_type 1: Moments): a file that add_moment_task may use. Temporary media
 * (media/upload) is refused there with 40007. Images ≤10 MB, videos ≤10 MB and ≤30 s (API.md §3.6).
 */
export async function uploadAttachment(
  client: WecomClient,
  file: { mediaType: 'image' | 'video'; bytes: Uint8Array; filename: string; contentType: string },
): Promise<string> {
  const form = new FormData();
  form.append('media', new Blob([file.bytes], { type: file.contentType }), file.filename);
  const reply = await client.upload<{ media_id: string }>('media/upload_attachment', form, {
    media_type: file.mediaType,
    attachment_type: 1,
  });
  return reply.media_id;
}

/** externalcontact/add_moment_task: an enterprise post for the senders' customers (by corp tag, or all). */
export async function addMomentTask(
  client: WecomClient,
  task: { text: string; attachments: MomentTaskAttachment[]; senderUserids: string[]; tagIds: string[] },
): Promise<string> {
  const reply = await client.post<{ jobid: string }>('externalcontact/add_moment_task', {
    ...(task.text ? { text: { content: task.text } } : {}),
    ...(task.attachments.length ? { attachments: task.attachments } : {}),
    visible_range: {
      ...(task.senderUserids.length ? { sender_list: { user_list: task.senderUserids } } : {}),
      ...(task.tagIds.length ? { external_contact_list: { tag_list: task.tagIds } } : {}),
    },
  });
  return reply.jobid;
}

export interface MomentTaskResult {
  /** 1 started, 2 running, 3 done. */
  status: 1 | 2 | 3;
  result?: {
    errcode: number;
    errmsg: string;
    moment_id?: string;
    invalid_sender_list?: { user_list?: string[]; department_list?: number[] };
    invalid_external_contact_list?: { tag_list?: string[] };
  };
}

/** externalcontact/get_moment_task_result: how creating the task went (async: poll until status 3). */
export function getMomentTaskResult(client: WecomClient, jobid: string): Promise<MomentTaskResult> {
  return client.get<MomentTaskResult>('externalcontact/get_moment_task_result', { jobid });
}

/** externalcontact/get_moment_task, every page: each sender and whether they published (publish_status 1). */
export async function getMomentTaskSenders(
  client: WecomClient,
  momentId: string,
): Promise<{ userid: string; published: boolean }[]> {
  const out: { userid: string; published: boolean }[] = [];
  let cursor = '';
  do {
    const page = await client.post<{
      next_cursor?: string;
      task_list?: { userid: string; publish_status: number }[];
    }>('externalcontact/get_moment_task', { moment_id: momentId, cursor, limit: 1000 });
    for (const t of page.task_list ?? []) out.push({ userid: t.userid, published: t.publish_status === 1 });
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return out;
}

/** externalcontact/get_moment_send_result, every page: how many customers a sender's post reached. */
export async function countMomentReached(
  client: WecomClient,
  momentId: string,
  userid: string,
): Promise<number> {
  let reached = 0;
  let cursor = '';
  do {
    const page = await client.post<{ next_cursor?: string; customer_list?: { external_userid: string }[] }>(
      'externalcontact/get_moment_send_result',
      { moment_id: momentId, userid, cursor, limit: 5000 },
    );
    reached += page.customer_list?.length ?? 0;
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return reached;
}
