import type { WecomClient } from '../client';

/**
 * `auth/getuserinfo` (API.md §3.8): a member's code gives `userid`; someone outside the corp gets `openid`, and
 * `external_userid` too when they are a customer whose follower is in the app's visibility. A code is single use
 * and lives 5 minutes: a used or stale one answers 40029. The legacy `user/getuserinfo` answers `UserId` with a
 * capital U: not this API.
 */
export type OauthIdentity =
  { kind: 'member'; userid: string } | { kind: 'outsider'; openid: string; externalUserid: string | null };

interface UserInfoReply {
  userid?: string;
  openid?: string;
  external_userid?: string;
}

export async function getOauthUserInfo(client: WecomClient, code: string): Promise<OauthIdentity> {
  const reply = await client.get<UserInfoReply>('auth/getuserinfo', { code });
  if (reply.userid) return { kind: 'member', userid: reply.userid };
  return { kind: 'outsider', openid: reply.openid ?? '', externalUserid: reply.external_userid ?? null };
}
