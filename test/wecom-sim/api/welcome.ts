import { z } from 'zod';
import { WecomError } from '../errors';
import { parseBody } from './common';
import type { ApiRoute } from './common';
import { checkContent, contentFields } from './message-content';

const schema = z.object({ welcome_code: z.string().optional(), ...contentFields });

/**
 * `POST externalcontact/send_welcome_msg` (API.md §3.3). Checks, in order: code missing → 41049; content → 40058;
 * code unknown or older than 20 s by the sim clock → 41050; code already used → 41051 (single use: the first
 * caller wins). A failed content check does not consume the code. What was sent lands in state.welcomeMessages.
 */
export const sendWelcomeMsg: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(schema, body);
    if (!input.welcome_code) throw new WecomError(41049);
    const text = checkContent(input);
    const code = ctx.state.welcomeCodes.get(input.welcome_code);
    const now = ctx.now();
    if (!code) throw new WecomError(41050, 'unknown welcome_code');
    if (code.usedAt !== null) throw new WecomError(41051);
    if (now - code.issuedAt > ctx.limits.welcomeCodeTtlMs)
      throw new WecomError(41050, 'welcome_code expired');
    code.usedAt = now;
    ctx.state.welcomeMessages.push({
      welcomeCode: code.code,
      userid: code.userid,
      externalUserid: code.externalUserid,
      text,
      attachments: input.attachments ?? [],
      sentAt: now,
    });
    return {};
  },
};
