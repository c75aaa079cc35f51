import { contactWayCandidates, isExpiredWay } from '../api/contact-way-rules';
import { addCustomerToState } from './customer-actions';
import type { ActionOutcome, AddCustomerInput } from './customer-actions';
import type { SimState } from '../state';

/**
 * A customer scans a 「联系我」 QR code (or taps the mini-program button) and adds a member: the regular add flow
 * (addCustomerToState → add_external_contact with WelcomeCode) with the way's `state` as State, which
 * externalcontact/get then returns in follow_user.state (doc 92228: 「在调用获取外部联系人详情时会返回该参数值」).
 */

export interface AddViaContactWayInput extends Omit<AddCustomerInput, 'userid' | 'state' | 'addWay'> {
  configId: string;
  /** For multi-member ways: which member answers (must be one of the way's). Default: the next one in turn. */
  userid?: string;
}

/**
 * add_way of the relation: 1 = 扫描二维码 for QR ways (doc 92114 add_way table); the mini-program button has no
 * add_way of its own in that table — 0 (未知来源) is our pick, UNCONFIRMED.
 */
const ADD_WAY_BY_SCENE = { 1: 0, 2: 1 } as const;

export function addViaContactWayInState(
  state: SimState,
  input: AddViaContactWayInput,
  now: number,
): ActionOutcome & { externalUserid: string; welcomeCode: string | null; userid: string } {
  const { configId, userid: wanted, ...customer } = input;
  const way = state.contactWays.find((w) => w.configId === configId && !w.deleted);
  if (!way) throw new Error(`wecom-sim: no contact way ${configId}`);
  if (isExpiredWay(way, now))
    throw new Error(`wecom-sim: temporary contact way ${configId} is no longer valid`);
  const candidates = contactWayCandidates(state, way);
  if (wanted !== undefined && !candidates.includes(wanted))
    throw new Error(`wecom-sim: ${wanted} does not answer contact way ${configId}`);
  const userid = wanted ?? candidates[way.nextPick % candidates.length];
  if (userid === undefined) throw new Error(`wecom-sim: contact way ${configId} has no member`);
  if (wanted === undefined) way.nextPick += 1;
  const add: AddCustomerInput = { ...customer, userid, addWay: ADD_WAY_BY_SCENE[way.scene] };
  // State always comes from the way (a caller-supplied one, e.g. from the admin body, must not leak through).
  if (way.state === undefined) delete add.state;
  else add.state = way.state;
  const outcome = addCustomerToState(state, add, now);
  if (way.isTemp) way.usedAt = now;
  return { ...outcome, userid };
}
