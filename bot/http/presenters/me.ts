import type { Actor } from '../../domain/access/actor';
import type { MeResponse, Role } from '../contract/session';
import type { Caller } from '../middlewares/staff-auth';

const ROLE: Record<Actor['kind'], Role> = { hq: 'hq', store_manager: 'store_manager', guide: 'guide' };

/** Who the caller acts as, and what `ww.register` needs (both ids appear in every JS-SDK page anyway). */
export function presentMe(
  actor: Actor,
  caller: Caller,
  wecom: { corpId: string; agentId: number },
): MeResponse {
  return {
    role: ROLE[actor.kind],
    userid: caller.userid,
    name: caller.name,
    store: caller.store,
    wecom: { corpId: wecom.corpId, agentId: wecom.agentId },
  };
}
