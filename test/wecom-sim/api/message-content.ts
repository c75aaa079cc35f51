import { z } from 'zod';
import { WecomError } from '../errors';
import { byteLength } from './common';

/**
 * Content shared by send_welcome_msg and add_msg_template (API.md §3.3, §3.5): text ≤4000 bytes, ≤9 attachments
 * of the documented shapes. media_ids are accepted as-is: the simulator has no media/upload, so it cannot tell a
 * valid temp media id from an invalid one (real WeCom: 40007).
 */

const imageSchema = z.object({ media_id: z.string().optional(), pic_url: z.string().optional() });
const linkSchema = z.object({
  title: z.string(),
  picurl: z.string().optional(),
  desc: z.string().optional(),
  url: z.string(),
});
const miniprogramSchema = z.object({
  title: z.string(),
  pic_media_id: z.string(),
  appid: z.string(),
  page: z.string(),
});
const mediaSchema = z.object({ media_id: z.string() });

export const attachmentSchema = z.discriminatedUnion('msgtype', [
  z.object({ msgtype: z.literal('image'), image: imageSchema }),
  z.object({ msgtype: z.literal('link'), link: linkSchema }),
  z.object({ msgtype: z.literal('miniprogram'), miniprogram: miniprogramSchema }),
  z.object({ msgtype: z.literal('video'), video: mediaSchema }),
  z.object({ msgtype: z.literal('file'), file: mediaSchema }),
]);

export type Attachment = z.infer<typeof attachmentSchema>;

export const contentFields = {
  text: z.object({ content: z.string().optional() }).optional(),
  attachments: z.array(attachmentSchema).optional(),
};

function checkAttachment(attachment: Attachment): void {
  switch (attachment.msgtype) {
    case 'image':
      if (!attachment.image.media_id && !attachment.image.pic_url) {
        throw new WecomError(40058, 'image needs media_id or pic_url');
      }
      return;
    case 'link':
      if (byteLength(attachment.link.title) > 128) throw new WecomError(40058, 'link.title > 128 bytes');
      if (byteLength(attachment.link.desc ?? '') > 512) throw new WecomError(40058, 'link.desc > 512 bytes');
      return;
    case 'miniprogram':
      if (byteLength(attachment.miniprogram.title) > 64)
        throw new WecomError(40058, 'miniprogram.title > 64 bytes');
      return;
    default:
      return;
  }
}

/**
 * Validates message content and returns the text (null when absent). "Text and attachments both empty" has no
 * documented errcode: we answer 40058 invalid parameter (UNCONFIRMED; 44004 "empty content" is app messages').
 * Over-long text or >9 attachments also answer 40058 (codes UNCONFIRMED).
 */
export function checkContent(input: {
  text?: { content?: string };
  attachments?: Attachment[];
}): string | null {
  const text = input.text?.content ?? '';
  const attachments = input.attachments ?? [];
  if (text === '' && attachments.length === 0) throw new WecomError(40058, 'text and attachments both empty');
  if (byteLength(text) > 4000) throw new WecomError(40058, 'text.content > 4000 bytes');
  if (attachments.length > 9) throw new WecomError(40058, 'more than 9 attachments');
  attachments.forEach(checkAttachment);
  return text === '' ? null : text;
}
