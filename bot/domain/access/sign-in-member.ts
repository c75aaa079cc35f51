import { getUser } from '../../wecom/api/directory';
import { getOauthUserInfo } from '../../wecom/api/identity';
import type { DomainDeps } from '../deps';
import { type AccessPolicy, type StaffIdentity, resolveActor } from './resolve-actor';

export type SignInOutcome =
  | { kind: 'signed_in'; userid: string; name: string | undefined; identity: StaffIdentity }
  /** Not a member of the corp (WeCom answered an openid): a customer, or someone from another corp. */
  | { kind: 'outsider' }
  /** A member of the corp with no role here (no 客户联系, not a store's leader, not HQ). */
  | { kind: 'no_access'; userid: string };

/**
 * Turns an OAuth code (`snsapi_base`) into a signed-in member: `auth/getuserinfo` says who it is, the database
 * says what they may do. A used or stale code is WeCom's 40029 (a WecomError, for the caller to explain). For a
 * member who is not a guide the name comes from `user/get` once, here, so the sidebar can greet them.
 */
export async function signInMember(
  deps: Pick<DomainDeps, 'pool' | 'wecom' | 'logger'>,
  policy: AccessPolicy,
  code: string,
): Promise<SignInOutcome> {
  const who = await getOauthUserInfo(deps.wecom, code);
  if (who.kind === 'outsider') return { kind: 'outsider' };
  const identity = await resolveActor(deps, policy, who.userid);
  if (!identity) return { kind: 'no_access', userid: who.userid };
  let name = identity.name ?? undefined;
  if (name === undefined) {
    try {
      name = (await getUser(deps.wecom, who.userid)).name || undefined;
    } catch (error) {
      // A greeting is not worth refusing the sign-in over.
      deps.logger.warn({ err: error, userid: who.userid }, 'user/get failed at sign-in; no name shown');
    }
  }
  return { kind: 'signed_in', userid: who.userid, name, identity };
}
