import { randomId } from '../api/common';
import type { SimState } from '../state';
import {
  CLIENT_ENTRIES,
  CLIENT_PLATFORMS,
  type ClientEntry,
  type ClientPlatform,
  type SimClientSession,
} from './client-types';

export interface OpenClientInput {
  userid: string;
  entry: ClientEntry;
  /** Default mobile: the guide's phone. */
  platform?: ClientPlatform;
  externalUserid?: string;
  chatId?: string;
}

/**
 * A WeCom client logged in as `userid` with a chat open, as the stand-in for the toolbar (聊天工具栏) or the
 * workbench: single_chat_tools and contact_profile need a customer the member has (not one they deleted),
 * group_chat_tools a customer group, normal neither. Throws on misuse (the admin API turns that into a 400).
 */
export function openClientSession(state: SimState, input: OpenClientInput, now: number): SimClientSession {
  if (!state.members.has(input.userid)) throw new Error(`wecom-sim: no member ${input.userid}`);
  if (!CLIENT_ENTRIES.includes(input.entry)) throw new Error(`wecom-sim: unknown entry ${input.entry}`);
  const platform = input.platform ?? 'mobile';
  if (!CLIENT_PLATFORMS.includes(platform)) throw new Error(`wecom-sim: unknown platform ${platform}`);
  let externalUserid: string | null = null;
  let chatId: string | null = null;
  if (input.entry === 'single_chat_tools' || input.entry === 'contact_profile') {
    const relation = state.relations.find(
      (r) =>
        r.userid === input.userid &&
        r.externalUserid === input.externalUserid &&
        r.status !== 'guide_deleted',
    );
    if (!relation) {
      throw new Error(`wecom-sim: ${input.userid} has no customer ${input.externalUserid ?? '(none given)'}`);
    }
    externalUserid = relation.externalUserid;
  } else if (input.entry === 'group_chat_tools') {
    const chat = state.groupChats.find((c) => c.chatId === input.chatId && c.status === 'active');
    if (!chat) throw new Error(`wecom-sim: no customer group ${input.chatId ?? '(none given)'}`);
    chatId = chat.chatId;
  }
  const session: SimClientSession = {
    id: randomId('ws', 22),
    userid: input.userid,
    entry: input.entry,
    platform,
    externalUserid,
    chatId,
    createdAt: now,
    registeredUrl: null,
    calls: [],
  };
  state.clientSessions.set(session.id, session);
  return session;
}

/** The session's calls (optionally of one API), in order. */
export function clientCalls(state: SimState, sessionId: string, api?: string) {
  const session = state.clientSessions.get(sessionId);
  if (!session) throw new Error(`wecom-sim: no client session ${sessionId}`);
  return api ? session.calls.filter((c) => c.api === api) : session.calls;
}
