import { z } from 'zod';
import type { SimState } from '../state';
import type { SimClientSession } from './client-types';
import { verifySignature } from './verify-signature';

/**
 * What WeCom's client does when the page calls the JS-SDK: the stand-in script (jssdk-script.ts) forwards each
 * call here with the client session's id. Answers have the SDK's shape: `{ errMsg: '<api>:ok', errCode: 0, … }`,
 * or a rejection like `{ errMsg: 'getCurExternalContact:fail no permission', errCode: -1 }` (the messages of
 * `@wecom/jssdk`'s types/index.d.ts @throws tables).
 */

const Signature = z.object({
  timestamp: z.union([z.string(), z.number()]),
  nonceStr: z.string(),
  signature: z.string(),
});

export const RegisterBody = z.object({
  session: z.string(),
  url: z.string(),
  corpId: z.string(),
  agentId: z.union([z.string(), z.number()]).optional(),
  jsApiList: z.array(z.string()).optional(),
  config: Signature.optional(),
  agentConfig: Signature.optional(),
});

export const CallBody = z.object({
  session: z.string(),
  url: z.string(),
  api: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
});

type Result = Record<string, unknown> & { errMsg: string; errCode: number };

export type ClientAnswer = { ok: true; result: Result } | { ok: false; error: Result };

const fail = (api: string, reason: string, errCode = -1): ClientAnswer => ({
  ok: false,
  error: { errMsg: `${api}:fail ${reason}`, errCode },
});
const ok = (api: string, fields: Record<string, unknown> = {}): ClientAnswer => ({
  ok: true,
  result: { errMsg: `${api}:ok`, errCode: 0, ...fields },
});

function record(session: SimClientSession, now: number, api: string, params: unknown, answer: ClientAnswer) {
  session.calls.push({
    at: now,
    api,
    params,
    result: answer.ok ? answer.result : answer.error,
    ok: answer.ok,
  });
}

/**
 * `wx.config` and `wx.agentConfig` as the client runs them for `ww.register`: each signature the page supplied is
 * verified with the simulator's own tickets against the page's URL. Both are checked when both are given (an
 * older client runs config before agentConfig; a newer one only agentConfig, so a bad corp signature would
 * hide there until the guide's client is old: better to fail now).
 */
export function registerClient(
  state: SimState,
  now: number,
  body: z.infer<typeof RegisterBody>,
): { config?: Result; agentConfig?: Result; ok: boolean } {
  const session = state.clientSessions.get(body.session);
  const out: { config?: Result; agentConfig?: Result; ok: boolean } = { ok: false };
  for (const kind of ['config', 'agentConfig'] as const) {
    const signature = body[kind];
    if (!signature) continue;
    const verdict = verifySignature(state, now, {
      kind,
      url: body.url,
      corpId: body.corpId,
      agentId: body.agentId,
      ...signature,
    });
    out[kind] =
      verdict.errcode === 0
        ? { errMsg: `${kind}:ok`, errCode: 0, checkResult: {} }
        : { errMsg: `${kind}:${verdict.errmsg}`, errCode: verdict.errcode };
  }
  const results = [out.config, out.agentConfig].filter((r): r is Result => r !== undefined);
  out.ok = session !== undefined && results.length > 0 && results.every((r) => r.errCode === 0);
  if (session) {
    session.registeredUrl = out.ok ? body.url : null;
    const first = results.find((r) => r.errCode !== 0) ?? results[0];
    const answer: ClientAnswer = out.ok
      ? ok('register')
      : { ok: false, error: first ?? { errMsg: 'register:fail no signature', errCode: -1 } };
    record(
      session,
      now,
      'register',
      { url: body.url, config: body.config, agentConfig: body.agentConfig },
      answer,
    );
  }
  return out;
}

const CHAT_ENTRIES = new Set(['single_chat_tools', 'group_chat_tools']);
const CONTACT_ENTRIES = new Set(['single_chat_tools', 'contact_profile']);
const MSG_TYPES = new Set(['text', 'image', 'video', 'file', 'news', 'miniprogram']);

/** One JS-SDK call from the page; recorded on the session whatever the answer. */
export function callClient(state: SimState, now: number, body: z.infer<typeof CallBody>): ClientAnswer {
  const session = state.clientSessions.get(body.session);
  if (!session) return fail(body.api, 'no permission');
  const answer = answerCall(state, session, body);
  record(session, now, body.api, body.params, answer);
  return answer;
}

function answerCall(
  state: SimState,
  session: SimClientSession,
  body: z.infer<typeof CallBody>,
): ClientAnswer {
  const { api, params } = body;
  // Every sidebar API "必须使用应用身份进行注册": a page that has not registered (or registered another URL,
  // e.g. after a history navigation) gets no permission.
  if (session.registeredUrl === null || session.registeredUrl !== body.url) return fail(api, 'no permission');
  const member = state.members.get(session.userid);
  const hasContact = member?.hasCustomerContact === true;
  switch (api) {
    case 'getContext':
      return ok(api, { entry: session.entry });
    case 'getCurExternalContact':
      if (!hasContact) return fail(api, 'no permission');
      if (!CONTACT_ENTRIES.has(session.entry) || !session.externalUserid) {
        return fail(api, 'without context of external contact');
      }
      return ok(api, { userId: session.externalUserid });
    case 'getCurExternalChat':
      if (!hasContact) return fail(api, 'no permission');
      if (session.entry !== 'group_chat_tools' || !session.chatId) {
        return fail(api, 'without context of external contact');
      }
      return ok(api, { chatId: session.chatId });
    case 'sendChatMessage': {
      if (!CHAT_ENTRIES.has(session.entry)) return fail(api, 'without context of external contact');
      const msgtype = typeof params.msgtype === 'string' ? params.msgtype : 'text';
      if (!MSG_TYPES.has(msgtype)) return fail(api, 'invalid msgtype');
      const text = params.text as { content?: unknown } | undefined;
      if (msgtype === 'text' && (typeof text?.content !== 'string' || text.content === '')) {
        return fail(api, 'invalid text content');
      }
      return ok(api);
    }
    case 'openEnterpriseChat': {
      const has = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== '');
      if (!has(params.userIds) && !has(params.externalUserIds) && !has(params.chatId)) {
        return fail(api, 'invalid params');
      }
      return ok(api, { chatId: typeof params.chatId === 'string' ? params.chatId : '' });
    }
    case 'shareToExternalMoments': {
      // iOS/Android ≥3.1.12 only (API.md §4 step 8): the desktop client has no such function.
      if (session.platform === 'desktop') return fail(api, 'function not exist');
      if (!hasContact) return fail(api, 'no permission');
      const problem = momentShareProblem(params);
      return problem ? fail(api, problem) : ok(api);
    }
    default:
      return fail(api, 'function not exist');
  }
}

/**
 * What the client refuses in a shareToExternalMoments call: text over 2,000 characters, nothing to post, or
 * attachments beyond one kind a post: ≤9 images (mediaid or imgUrl), or one link (title and url), or one video
 * (mediaid: a video cannot be given by URL).
 */
function momentShareProblem(params: Record<string, unknown>): string | null {
  const text = (params.text as { content?: unknown } | undefined)?.content;
  if (text !== undefined && typeof text !== 'string') return 'invalid text content';
  if (typeof text === 'string' && [...text].length > 2000) return 'text content exceed max length';
  const attachments = params.attachments ?? [];
  if (!Array.isArray(attachments)) return 'invalid attachments';
  if (!text && attachments.length === 0) return 'empty content';
  const kinds = new Set(attachments.map((a) => (a as { msgtype?: unknown } | null)?.msgtype));
  if (kinds.size > 1) return 'invalid attachments msgtype';
  const [kind] = [...kinds];
  const field = (a: unknown, key: string) =>
    (a as Record<string, Record<string, unknown> | undefined>)[String(kind)]?.[key];
  const given = (v: unknown) => typeof v === 'string' && v !== '';
  if (kind === 'image') {
    if (attachments.length > 9) return 'too many images';
    if (!attachments.every((a) => given(field(a, 'mediaid')) || given(field(a, 'imgUrl'))))
      return 'invalid image';
  } else if (kind === 'link') {
    if (attachments.length > 1) return 'too many links';
    if (!given(field(attachments[0], 'title')) || !given(field(attachments[0], 'url'))) return 'invalid link';
  } else if (kind === 'video') {
    if (attachments.length > 1) return 'too many videos';
    if (!given(field(attachments[0], 'mediaid'))) return 'invalid video';
  } else if (kind !== undefined) {
    return 'invalid attachments msgtype';
  }
  return null;
}
