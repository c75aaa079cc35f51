import { randomInt } from 'node:crypto';

/**
 * WeCom error codes the simulator answers with, and the errmsg text WeCom uses for them (API.md §3.11; the
 * 41037–41047, 40126, 41063, 49008 and 301002 meanings come from the global errcode page doc 90313 as copied in
 * xen0n/go-workwx errcodes/mod.go). The texts are WeCom's short English messages as seen in community reports;
 * where none was seen, a plain description.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40004: 'invalid media type',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40011: 'invalid video size',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  40068: 'invalid tagid',
  40071: 'UserTag Name Already Exist',
  40050: 'chatid not found',
  40096: 'invalid external userid',
  40126: 'corp tag count reach limit',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41005: 'media data missing',
  41009: 'missing userid',
  41037: 'missing contact way type',
  41038: 'missing contact way scene',
  41039: 'invalid contact way type',
  41040: 'invalid contact way scene',
  41041: 'contact way user count exceed limit',
  41042: 'invalid contact way style',
  41043: 'missing contact way config_id',
  41044: 'invalid contact way config_id',
  41045: 'contact way count exceed limit',
  41046: 'missing msgid',
  41047: 'invalid msgid',
  41048: 'no valid external contact to send',
  41049: 'welcome_code missing',
  41050: 'invalid welcome_code',
  41051: 'externaluser has started chatting',
  41059: 'missing moment id',
  41060: 'invalid moment id',
  41061: 'moment not posted by this userid',
  41062: 'corp moment not published by this userid',
  41063: 'group msg is being dispatched, please retry later',
  41096: 'welcome msg is being sent by other app',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  44004: 'empty content',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  49008: 'chat has been dismissed',
  60111: 'userid not found',
  60123: 'invalid party id',
  81013: 'user & party & tag all invalid',
  84061: 'not external contact',
  84074: 'no privilege to access external contact',
  301002: 'no privilege to access/modify',
};

/**
 * What edit_corp_tag / del_corp_tag answer for a tag another app (or the admin console) created. The rule is
 * documented (doc 92117: 「应用仅能编辑和删除本应用创建的标签」) but its errcode is not: 301002 「无权限操作指定的应用」
 * (doc 90313) is what a third-party summary of the tag API names (omnisockit.com wecom-crm-tag) — UNCONFIRMED.
 * Also used by mark_tag for a rule-group tag whose 规则组 our app did not create (doc 92118; code UNCONFIRMED).
 */
export const ERRCODE_NOT_APP_CREATED = 301002;

/** Thrown by API handlers; the gateway turns it into `{errcode, errmsg}` with HTTP 200, as WeCom does. */
export class WecomError extends Error {
  readonly errcode: number;
  readonly detail: string | undefined;

  constructor(errcode: number, detail?: string) {
    super(`${errcode} ${ERRMSG[errcode] ?? 'error'}${detail ? ` (${detail})` : ''}`);
    this.name = 'WecomError';
    this.errcode = errcode;
    this.detail = detail;
  }
}

/**
 * WeCom's errmsg shape: `invalid access_token, hint: [1724828925128591361738622], from ip: 1.2.3.4, more info at
 * https://open.work.weixin.qq.com/devtool/query?e=40014`. `detail` is a simulator-only addition (after the text,
 * before the hint) so a failing test says which rule fired; clients must only read errcode.
 */
export function formatErrmsg(errcode: number, ip: string, detail?: string): string {
  if (errcode === 0) return 'ok';
  const text = `${ERRMSG[errcode] ?? 'error'}${detail ? ` (sim: ${detail})` : ''}`;
  const hint = `${Date.now()}${randomInt(100_000_000, 999_999_999)}${randomInt(100_000, 999_999)}`;
  return `${text}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}
