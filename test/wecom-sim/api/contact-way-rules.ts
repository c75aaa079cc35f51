import { z } from 'zod';
import { WecomError } from '../errors';
import type { SimContactWay, SimState } from '../state';
import { charLength } from './common';
import { departmentSubtree } from './directory';

/**
 * Request shapes, validation and presentation of 「联系我」 configs. Field names and rules come from doc 92228
 * (配置客户联系「联系我」方式, copied in handsomegyr/qywechat ContactWay.php and zsmhub/workweixin); the 41037–41045
 * errcodes from the global errcode list (doc 90313 via xen0n/go-workwx). Rules the doc states without naming an
 * errcode answer 40058 "invalid parameter" — every such choice is marked UNCONFIRMED.
 */

const DAY_S = 86_400;
/** Temporary-chat QR validity: default 7 days, at most 14 (doc 92228 via zsmhub/workweixin). */
export const TEMP_QR_DEFAULT_S = 7 * DAY_S;
/** Temporary chat duration after adding: default 24 h, at most 14 days (same source). */
export const TEMP_CHAT_DEFAULT_S = DAY_S;
const TEMP_MAX_S = 14 * DAY_S;
/** "每个联系方式最多配置100个使用成员（包含部门展开后的成员）" → 41041. */
const MAX_WAY_MEMBERS = 100;
/** remark and state: "不超过30个字符". */
const MAX_TEXT_CHARS = 30;

const conclusionsSchema = z.object({
  text: z.object({ content: z.string() }).optional(),
  image: z.object({ media_id: z.string().optional(), pic_url: z.string().optional() }).optional(),
  link: z
    .object({
      title: z.string(),
      picurl: z.string().optional(),
      desc: z.string().optional(),
      url: z.string(),
    })
    .optional(),
  miniprogram: z
    .object({ title: z.string(), pic_media_id: z.string(), appid: z.string(), page: z.string() })
    .optional(),
});

/** Department ids appear as numbers in the doc example and as strings in some SDKs: accept both. */
const partyId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(Number);

const editableFields = {
  style: z.number().int().optional(),
  remark: z.string().optional(),
  skip_verify: z.boolean().optional(),
  state: z.string().optional(),
  user: z.array(z.string()).optional(),
  party: z.array(partyId).optional(),
  expires_in: z.number().int().optional(),
  chat_expires_in: z.number().int().optional(),
  unionid: z.string().optional(),
  conclusions: conclusionsSchema.optional(),
};

export const addWaySchema = z.object({
  type: z.number().int().optional(),
  scene: z.number().int().optional(),
  is_temp: z.boolean().optional(),
  ...editableFields,
});

export const updateWaySchema = z.object({ config_id: z.string().optional(), ...editableFields });

export type WayDraft = Omit<
  SimContactWay,
  'configId' | 'createdAt' | 'deleted' | 'usedAt' | 'nextPick' | 'qrCode'
>;

/** Members who answer through a way: its users plus the 客户联系 members of its departments (and below). */
export function contactWayCandidates(state: SimState, way: Pick<SimContactWay, 'user' | 'party'>): string[] {
  const departments = departmentSubtree(state.departments, way.party);
  const fromParties = [...state.members.values()]
    .filter((m) => m.hasCustomerContact && m.department.some((d) => departments.has(d)))
    .map((m) => m.userid);
  return [...new Set([...way.user, ...fromParties])];
}

function checkUsers(state: SimState, users: string[]): void {
  for (const userid of users) {
    const member = state.members.get(userid);
    // Unknown member: 60111 like every other API here; the doc names none for this case — UNCONFIRMED.
    if (!member) throw new WecomError(60111, `userid ${userid}`);
    // "配置的使用成员必须…配置了客户联系功能": 84074 (no 客户联系 permission) is our pick — UNCONFIRMED.
    if (!member.hasCustomerContact) throw new WecomError(84074, `${userid} has no 客户联系`);
  }
}

function checkTemp(draft: WayDraft): void {
  if (!draft.isTemp) return;
  // "临时会话模式…仅支持单人": 40058 — UNCONFIRMED.
  if (draft.type !== 1) throw new WecomError(40058, 'is_temp requires type 1');
  for (const [name, value] of [
    ['expires_in', draft.expiresIn],
    ['chat_expires_in', draft.chatExpiresIn],
  ] as const) {
    if (value !== undefined && (value <= 0 || value > TEMP_MAX_S))
      throw new WecomError(40058, `${name} must be within 14 days`);
  }
}

/** Validates a whole config (new, or existing merged with an update). Throws the WeCom error for the first fault. */
export function checkWayDraft(state: SimState, draft: WayDraft): void {
  if (draft.scene === 1 && draft.style !== undefined) {
    // Styles: 1–3 for single-member buttons, 1–2 for multi-member ones (doc 92228 附表) → 41042.
    const allowed = draft.type === 1 ? [1, 2, 3] : [1, 2];
    if (!allowed.includes(draft.style)) throw new WecomError(41042, `style ${draft.style}`);
  }
  if (charLength(draft.remark) > MAX_TEXT_CHARS) throw new WecomError(40058, 'remark > 30 chars');
  if (draft.state !== undefined && charLength(draft.state) > MAX_TEXT_CHARS)
    throw new WecomError(40058, 'state > 30 chars');
  checkUsers(state, draft.user);
  if (draft.type === 1) {
    // "在type为1时为必填，且只能有一个": exactly one user; errcode not documented → 40058 UNCONFIRMED.
    if (draft.user.length !== 1) throw new WecomError(40058, 'type 1 needs exactly one user');
  } else {
    const unknown = draft.party.find((id) => !state.departments.some((d) => d.id === id));
    // 60123 invalid department id (doc 90313); whether this API uses it is UNCONFIRMED.
    if (unknown !== undefined) throw new WecomError(60123, `party ${unknown}`);
    if (draft.user.length === 0 && draft.party.length === 0)
      throw new WecomError(40058, 'type 2 needs user or party');
    if (contactWayCandidates(state, draft).length > MAX_WAY_MEMBERS)
      throw new WecomError(41041, 'more than 100 members');
  }
  checkTemp(draft);
}

/** The `contact_way` object of get_contact_way (doc 92228): style only for scene 1, qr_code only for scene 2. */
export function presentContactWay(way: SimContactWay): Record<string, unknown> {
  return {
    config_id: way.configId,
    type: way.type,
    scene: way.scene,
    // Default button style when none was given: 1 — UNCONFIRMED.
    ...(way.scene === 1 ? { style: way.style ?? 1 } : {}),
    remark: way.remark,
    skip_verify: way.skipVerify,
    state: way.state ?? '',
    ...(way.scene === 2 && way.qrCode ? { qr_code: way.qrCode } : {}),
    user: way.user,
    party: way.party,
    is_temp: way.isTemp,
    // The temporary-chat fields are only meaningful "仅在is_temp为true时有效"; leaving them out otherwise is ours.
    ...(way.isTemp
      ? {
          expires_in: way.expiresIn ?? TEMP_QR_DEFAULT_S,
          chat_expires_in: way.chatExpiresIn ?? TEMP_CHAT_DEFAULT_S,
          ...(way.unionid === undefined ? {} : { unionid: way.unionid }),
          ...(way.conclusions === undefined ? {} : { conclusions: way.conclusions }),
        }
      : {}),
  };
}

/** A temporary QR code is dead once used or past expires_in (doc 92228: 「添加好友完成后该二维码即刻失效」). */
export function isExpiredWay(way: SimContactWay, now: number): boolean {
  if (!way.isTemp) return false;
  return way.usedAt !== undefined || now > way.createdAt + (way.expiresIn ?? TEMP_QR_DEFAULT_S) * 1000;
}
