/**
 * Pure builders for the decrypted callback payloads WeCom sends (API.md §2). Strings are CDATA-wrapped and integers
 * bare, as in the doc examples; `{ cdata: false }` produces the Python-sample style (no CDATA at all) and
 * `{ newlines: true }` puts `\n` between elements like official vector A — parsers must accept every variant.
 */

export interface XmlStyle {
  /** Wrap strings in CDATA (default true). */
  cdata?: boolean;
  /** `\n` after every element, as in the official sample plaintext (default false). */
  newlines?: boolean;
}

/** A field value: strings are text (CDATA), numbers/bigints are bare, a string[] becomes `<Item>` children. */
export type XmlValue = string | number | bigint | string[] | undefined;

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderString(value: string, cdata: boolean): string {
  // A literal "]]>" cannot live inside one CDATA section: split it across two.
  return cdata ? `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>` : escapeText(value);
}

/** Renders `<xml>` with the fields in the given order; undefined fields are left out. */
export function renderXml(fields: Array<[string, XmlValue]>, style: XmlStyle = {}): string {
  const cdata = style.cdata ?? true;
  const sep = style.newlines ? '\n' : '';
  const parts: string[] = [];
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    let inner: string;
    if (Array.isArray(value))
      inner = value.map((item) => `<Item>${renderString(item, cdata)}</Item>`).join('');
    else if (typeof value === 'string') inner = renderString(value, cdata);
    else inner = String(value);
    parts.push(`<${name}>${inner}</${name}>`);
  }
  return `<xml>${parts.join(sep)}${sep}</xml>`;
}

export type ExternalContactChangeType =
  | 'add_external_contact'
  | 'add_half_external_contact'
  | 'edit_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'
  | 'msg_audit_approved';

export interface ExternalContactEventInput {
  corpId: string;
  /** Unix seconds. */
  createTime: number;
  changeType: ExternalContactChangeType;
  userId: string;
  externalUserId: string;
  state?: string;
  welcomeCode?: string;
  /** del_external_contact only, e.g. DELETE_BY_TRANSFER. */
  source?: string;
  /** transfer_fail only: customer_refused | customer_limit_exceed. */
  failReason?: string;
}

/** `Event=change_external_contact`, field order as in API.md §2.2. */
export function buildExternalContactEventXml(input: ExternalContactEventInput, style?: XmlStyle): string {
  return renderXml(
    [
      ['ToUserName', input.corpId],
      ['FromUserName', 'sys'],
      ['CreateTime', input.createTime],
      ['MsgType', 'event'],
      ['Event', 'change_external_contact'],
      ['ChangeType', input.changeType],
      ['UserID', input.userId],
      ['ExternalUserID', input.externalUserId],
      ['State', input.state],
      ['WelcomeCode', input.welcomeCode],
      ['Source', input.source],
      ['FailReason', input.failReason],
    ],
    style,
  );
}

export interface TagEventInput {
  corpId: string;
  createTime: number;
  changeType: 'create' | 'update' | 'delete' | 'shuffle';
  /** Tag id or tag-group id. */
  id: string;
  /** Absent for shuffle (API.md §2.4). */
  tagType?: 'tag' | 'tag_group';
  strategyId?: number;
}

/** `Event=change_external_tag` (API.md §2.4). */
export function buildTagEventXml(input: TagEventInput, style?: XmlStyle): string {
  return renderXml(
    [
      ['ToUserName', input.corpId],
      ['FromUserName', 'sys'],
      ['CreateTime', input.createTime],
      ['MsgType', 'event'],
      ['Event', 'change_external_tag'],
      ['Id', input.id],
      ['TagType', input.changeType === 'shuffle' ? undefined : input.tagType],
      ['ChangeType', input.changeType],
      ['StrategyId', input.strategyId],
    ],
    style,
  );
}

export interface ExternalChatEventInput {
  corpId: string;
  createTime: number;
  chatId: string;
  changeType: 'create' | 'update' | 'dismiss';
  updateDetail?: 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';
  joinScene?: number;
  quitScene?: number;
  memChangeCnt?: number;
  memChangeList?: string[];
  lastMemVer?: string;
  curMemVer?: string;
}

/** `Event=change_external_chat` (API.md §2.3). */
export function buildExternalChatEventXml(input: ExternalChatEventInput, style?: XmlStyle): string {
  return renderXml(
    [
      ['ToUserName', input.corpId],
      ['FromUserName', 'sys'],
      ['CreateTime', input.createTime],
      ['MsgType', 'event'],
      ['Event', 'change_external_chat'],
      ['ChatId', input.chatId],
      ['ChangeType', input.changeType],
      ['UpdateDetail', input.updateDetail],
      ['JoinScene', input.joinScene],
      ['QuitScene', input.quitScene],
      ['MemChangeCnt', input.memChangeCnt],
      ['MemChangeList', input.memChangeList],
      ['LastMemVer', input.lastMemVer],
      ['CurMemVer', input.curMemVer],
    ],
    style,
  );
}

export interface TextMessageInput {
  corpId: string;
  /** Member userid that wrote to the app. */
  fromUser: string;
  createTime: number;
  content: string;
  /** 64-bit: keep it a string (or bigint) so no precision is lost. */
  msgId: string | bigint;
  agentId: number;
}

/** App text message (API.md §2.5); with `{ newlines: true }` it reproduces official vector A's plaintext. */
export function buildTextMessageXml(input: TextMessageInput, style?: XmlStyle): string {
  return renderXml(
    [
      ['ToUserName', input.corpId],
      ['FromUserName', input.fromUser],
      ['CreateTime', input.createTime],
      ['MsgType', 'text'],
      ['Content', input.content],
      // Bare digits, exactly as WeCom sends them; a bigint/string avoids Number rounding.
      ['MsgId', typeof input.msgId === 'bigint' ? input.msgId : BigInt(input.msgId)],
      ['AgentID', input.agentId],
    ],
    style,
  );
}
