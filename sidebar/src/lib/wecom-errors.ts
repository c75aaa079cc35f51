import { isApiError } from '@/lib/api-client';

export type WecomProblemKind =
  | 'not_in_wecom'
  | 'signature'
  | 'domain'
  | 'corp_mismatch'
  | 'permission'
  | 'upgrade'
  | 'no_context'
  | 'signature_service'
  | 'timeout'
  | 'cancelled'
  | 'unknown';

/** A JS-SDK failure told twice: to the guide in front of it, and to the admin who can fix it. */
export interface WecomProblem {
  kind: WecomProblemKind;
  title: string;
  forGuide: string;
  /** What the admin must change, or null when there is nothing to configure. */
  forAdmin: string | null;
  /** The SDK's own words (errMsg / errCode), for a screenshot sent to the admin. */
  detail: string | null;
}

const PROBLEMS: Record<WecomProblemKind, Omit<WecomProblem, 'kind' | 'detail'>> = {
  not_in_wecom: {
    title: '请在企业微信中打开',
    forGuide: '这个页面需要在企业微信里打开：客户聊天窗口的工具栏，或工作台里的应用。',
    forAdmin: null,
  },
  signature: {
    title: '签名错误（40093）',
    forGuide: '侧边栏暂时无法使用，请截图发给管理员。',
    forAdmin:
      '企业微信不接受服务器生成的 JS-SDK 签名：请核对应用的 AgentId 与 Secret 是否属于同一个应用、企业 ticket 与应用 ticket 没有用反、签名的 URL 不含 # 之后的部分、时间戳以秒为单位，并确认服务器时间准确。',
  },
  domain: {
    title: '可信域名未配置（80001）',
    forGuide: '侧边栏所在的网址还没有被企业微信信任，请截图发给管理员。',
    forAdmin:
      '在管理后台「应用管理 → 本应用 → 网页授权及JS-SDK」把本页面的域名设为可信域名，并完成域名归属验证（根目录的 WW_verify 文件）；域名需已备案，且与工具栏配置的页面地址一致。',
  },
  corp_mismatch: {
    title: '企业 ID 不匹配（40013）',
    forGuide: '侧边栏配置的企业与当前登录的企业不一致，请截图发给管理员。',
    forAdmin: '检查服务器配置的 WECOM_CORP_ID 是否为「我的企业 → 企业信息 → 企业ID」。',
  },
  permission: {
    title: '没有使用权限',
    forGuide: '你的账号暂时不能在侧边栏查看客户，请联系管理员开通。',
    forAdmin:
      '应用未开启客户联系，或你不在应用的可见范围：请在「客户联系 → API → 可调用接口的应用」中加入本应用，把该成员加入应用的可见范围，并为该成员开启客户联系功能。',
  },
  upgrade: {
    title: '请升级企业微信',
    forGuide: '当前企业微信版本过低，不支持侧边栏。请升级到最新版后重新打开。',
    forAdmin: null,
  },
  no_context: {
    title: '请从客户聊天中打开',
    forGuide: '没有读到当前聊天的客户。请在与客户的单聊窗口中，从工具栏打开侧边栏。',
    forAdmin: null,
  },
  signature_service: {
    title: '无法获取签名',
    forGuide: '连接企业微信失败，请稍后重新打开；一直如此请截图发给管理员。',
    forAdmin:
      '服务器的 JS-SDK 签名接口出错：检查服务器能否访问企业微信接口（企业可信IP）、应用 Secret 是否正确。',
  },
  timeout: {
    title: '企业微信没有响应',
    forGuide: '企业微信长时间没有响应，请关闭侧边栏后重新打开。',
    forAdmin: null,
  },
  cancelled: { title: '已取消', forGuide: '已取消发送。', forAdmin: null },
  unknown: {
    title: '企业微信接口出错',
    forGuide: '调用企业微信失败，请稍后重试；一直如此请截图发给管理员。',
    forAdmin: null,
  },
};

function readResult(error: unknown): { errMsg: string; errCode: number | null } {
  const value = (error as { sdkResult?: unknown } | null)?.sdkResult ?? error;
  const errMsg = (value as { errMsg?: unknown } | null)?.errMsg;
  const errCode = (value as { errCode?: unknown } | null)?.errCode;
  return {
    errMsg: typeof errMsg === 'string' ? errMsg : error instanceof Error ? error.message : String(error),
    errCode: typeof errCode === 'number' ? errCode : typeof errCode === 'string' ? Number(errCode) : null,
  };
}

function classify(error: unknown): WecomProblemKind {
  if ((error as { name?: unknown } | null)?.name === 'WecomUnavailable') {
    return (error as { reason: 'not_in_wecom' | 'timeout' }).reason;
  }
  // Our own signature endpoint failed (the SDK passes the callback's rejection through).
  if (isApiError(error)) return 'signature_service';
  const { errMsg, errCode } = readResult(error);
  // The SDK rewrites the client's keywords (`fail_no_permission` → `nopermission`), so compare without spaces
  // and underscores.
  const msg = errMsg.toLowerCase().replace(/[\s_]/g, '');
  // Codes first, then the errMsg keywords the SDK and the client use (API.md §4, the SDK's @throws tables).
  if (errCode === 40093 || msg.includes('invalidsignature')) return 'signature';
  if (errCode === 80001 || msg.includes('reliabledomain') || msg.includes('domain')) return 'domain';
  if (errCode === 40013 || msg.includes('invalidcorpid')) return 'corp_mismatch';
  if (msg.includes('functionnotexist') || msg.includes('notsupport')) return 'upgrade';
  if (msg.includes('nopermission') || msg.includes('permissiondenied')) return 'permission';
  if (msg.includes('withoutcontext')) return 'no_context';
  // The simulator's stand-in, opened without a client session, says it this way.
  if (msg.includes('notinwecom')) return 'not_in_wecom';
  if (/:cancel$/.test(msg)) return 'cancelled';
  return 'unknown';
}

/** Read a JS-SDK failure (an SDK result, a WecomUnavailable, or our signature endpoint's ApiError). */
export function explainWecomError(error: unknown): WecomProblem {
  const kind = classify(error);
  const { errMsg, errCode } = readResult(error);
  const detail = isApiError(error)
    ? `${error.code}（HTTP ${error.status}）`
    : [errMsg, errCode === null || errCode === 0 ? null : `errCode ${errCode}`].filter(Boolean).join(' · ') ||
      null;
  return { kind, ...PROBLEMS[kind], detail };
}
