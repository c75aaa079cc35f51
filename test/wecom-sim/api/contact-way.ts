import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { WecomError } from '../errors';
import type { SimContactWay, SimState } from '../state';
import { pageOf, parseBody, toSeconds } from './common';
import type { ApiRoute } from './common';
import {
  TEMP_CHAT_DEFAULT_S,
  TEMP_QR_DEFAULT_S,
  addWaySchema,
  checkWayDraft,
  isExpiredWay,
  presentContactWay,
  updateWaySchema,
} from './contact-way-rules';
import type { WayDraft } from './contact-way-rules';

/**
 * 「联系我」 (contact way / 渠道活码) APIs, doc 92228. Creating or editing one produces no callback (API writes never
 * do, API.md §1.1); a customer adding through one is simulated by addViaContactWay (contact-way-actions.ts).
 */

/** "每个企业可通过API最多配置50万个「联系我」" → 41045; temporary ways do not count (doc 92228). */
const MAX_API_WAYS = 500_000;
const DAY_MS = 86_400_000;

/** config_ids look like `42b34949e138eb6e027c123cba77fAAA` in the doc: 32 hex-ish chars. */
const newConfigId = (): string => randomBytes(16).toString('hex');

/** QR image URL in the style of the doc example (`http://p.qpic.cn/wwhead/…/0`). */
const newQrCode = (): string => `https://wework.qpic.cn/wwpic/${randomBytes(18).toString('base64url')}/0`;

/** The live (not deleted) way: config_id missing → 41043, unknown or deleted → 41044. */
function requireWay(state: SimState, configId: string | undefined): SimContactWay {
  if (!configId) throw new WecomError(41043);
  const way = state.contactWays.find((w) => w.configId === configId && !w.deleted);
  if (!way) throw new WecomError(41044, `config_id ${configId}`);
  return way;
}

/** `POST externalcontact/add_contact_way` → `{config_id, qr_code}` (qr_code only for scene 2). */
export const addContactWay: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(addWaySchema, body);
    if (input.type === undefined) throw new WecomError(41037);
    if (input.scene === undefined) throw new WecomError(41038);
    if (input.type !== 1 && input.type !== 2) throw new WecomError(41039, `type ${input.type}`);
    if (input.scene !== 1 && input.scene !== 2) throw new WecomError(41040, `scene ${input.scene}`);
    const isTemp = input.is_temp ?? false;
    const draft: WayDraft = {
      type: input.type,
      scene: input.scene,
      ...(input.style === undefined ? {} : { style: input.style }),
      remark: input.remark ?? '',
      skipVerify: input.skip_verify ?? true,
      ...(input.state === undefined ? {} : { state: input.state }),
      user: input.user ?? [],
      // "party … 只在type为2时有效": ignored for single-member ways.
      party: input.type === 2 ? (input.party ?? []) : [],
      isTemp,
      ...(isTemp
        ? {
            expiresIn: input.expires_in ?? TEMP_QR_DEFAULT_S,
            chatExpiresIn: input.chat_expires_in ?? TEMP_CHAT_DEFAULT_S,
            ...(input.unionid === undefined ? {} : { unionid: input.unionid }),
            ...(input.conclusions === undefined ? {} : { conclusions: input.conclusions }),
          }
        : {}),
    };
    checkWayDraft(ctx.state, draft);
    const apiWays = ctx.state.contactWays.filter((w) => !w.deleted && !w.isTemp).length;
    if (!isTemp && apiWays >= MAX_API_WAYS) throw new WecomError(41045);
    const way: SimContactWay = {
      ...draft,
      configId: newConfigId(),
      ...(draft.scene === 2 ? { qrCode: newQrCode() } : {}),
      createdAt: ctx.now(),
      deleted: false,
      nextPick: 0,
    };
    ctx.state.contactWays.push(way);
    return { config_id: way.configId, ...(way.qrCode ? { qr_code: way.qrCode } : {}) };
  },
};

const configIdSchema = z.object({ config_id: z.string().optional() });

/** `POST externalcontact/get_contact_way` → `{contact_way: {...}}`. */
export const getContactWay: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(configIdSchema, body);
    return { contact_way: presentContactWay(requireWay(ctx.state, input.config_id)) };
  },
};

/**
 * `POST externalcontact/update_contact_way`: type, scene and is_temp cannot change; user and party replace the old
 * lists; temporary-chat fields only apply to temporary ways. An expired temporary way "无法进行编辑" → 41044
 * (errcode UNCONFIRMED).
 */
export const updateContactWay: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(updateWaySchema, body);
    const way = requireWay(ctx.state, input.config_id);
    if (isExpiredWay(way, ctx.now())) throw new WecomError(41044, 'temporary way expired');
    const draft: WayDraft = {
      ...way,
      ...(input.style === undefined ? {} : { style: input.style }),
      ...(input.remark === undefined ? {} : { remark: input.remark }),
      ...(input.skip_verify === undefined ? {} : { skipVerify: input.skip_verify }),
      ...(input.state === undefined ? {} : { state: input.state }),
      ...(input.user === undefined ? {} : { user: input.user }),
      ...(input.party === undefined || way.type !== 2 ? {} : { party: input.party }),
      ...(way.isTemp && input.expires_in !== undefined ? { expiresIn: input.expires_in } : {}),
      ...(way.isTemp && input.chat_expires_in !== undefined ? { chatExpiresIn: input.chat_expires_in } : {}),
      ...(way.isTemp && input.unionid !== undefined ? { unionid: input.unionid } : {}),
      ...(way.isTemp && input.conclusions !== undefined ? { conclusions: input.conclusions } : {}),
    };
    checkWayDraft(ctx.state, draft);
    Object.assign(way, draft);
    return {};
  },
};

/** `POST externalcontact/del_contact_way`. */
export const delContactWay: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(configIdSchema, body);
    requireWay(ctx.state, input.config_id).deleted = true;
    return {};
  },
};

const listSchema = z.object({
  start_time: z.number().int().optional(),
  end_time: z.number().int().optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});

/**
 * `POST externalcontact/list_contact_way` → `{contact_way: [{config_id}], next_cursor}`. Window defaults: start 90
 * days ago, end now; limit default 100, at most 1000 (over → 40058, UNCONFIRMED). Temporary ways are never listed
 * ("不包含临时会话"); deleted ones neither (UNCONFIRMED).
 */
export const listContactWay: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(listSchema, body);
    const now = ctx.now();
    const limit = input.limit === undefined || input.limit === 0 ? 100 : input.limit;
    if (limit < 1 || limit > 1000) throw new WecomError(40058, 'limit must be 1..1000');
    const start = input.start_time ?? toSeconds(now - 90 * DAY_MS);
    const end = input.end_time ?? toSeconds(now);
    const ways = ctx.state.contactWays.filter((w) => {
      const created = toSeconds(w.createdAt);
      return !w.deleted && !w.isTemp && created >= start && created <= end;
    });
    const { page, next } = pageOf(ways, input.cursor, limit);
    return { contact_way: page.map((w) => ({ config_id: w.configId })), next_cursor: next };
  },
};
