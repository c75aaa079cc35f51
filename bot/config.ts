import { createHmac } from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

// A WeCom userid: letters, digits and _-.@ (WeCom's own rule for 账号), at most 64.
const USERID = /^[A-Za-z0-9_.@-]{1,64}$/;

/** A comma-separated list (blanks ignored), each item checked by `item`. */
function list<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
}

/** `abc`, `WW_verify_abc.txt` or `WW_verify_abc.txt=abc` → `abc` (the file's body, and its name's code). */
function verifyCodeOf(entry: string, ctx: z.RefinementCtx): string {
  const [name = '', body] = entry.split('=');
  const code = name.replace(/^WW_verify_/, '').replace(/\.txt$/, '');
  if (body !== undefined && body !== code) {
    ctx.addIssue({ code: 'custom', message: `${entry}: the file's body must be its code` });
  }
  return code;
}

const ROLES = ['web', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof ROLES)[number];

/** Every environment variable the service reads; `.env.example` documents each one. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  // How long a client may take to send a request's headers, and the whole request, before the socket is closed
  // with a 408: Node's defaults (60 s, 300 s) let a client that stalls (slowloris) hold a connection for minutes.
  // Callbacks and API bodies are small, and WeCom gives up on a callback after 5 s.
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // How long an idle keep-alive connection is kept; behind a load balancer, make it longer than the balancer's.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  PROCESS_ROLES: z
    .string()
    .default('web,worker,scheduler')
    .transform((s) => s.split(',').map((r) => r.trim()))
    .pipe(z.array(z.enum(ROLES)).min(1)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  QUEUE_PREFIX: z.string().min(1).default('scrm'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  // How often a worker greets, from PostgreSQL, adds whose welcome nobody is sending (jobs/welcome-sweeper.ts).
  WELCOME_SWEEP_EVERY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  WECOM_CORP_ID: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'CorpID: letters and digits (我的企业 → 企业信息)'),
  WECOM_AGENT_ID: z.coerce.number().int().positive(),
  WECOM_SECRET: z.string().min(1),
  WECOM_CALLBACK_TOKEN: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'Token: at most 32 letters and digits'),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey: exactly 43 letters and digits'),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  // WeCom allows 10,000 calls/min and 150,000/hour per API per corp (API.md §3.10); stay under both.
  WECOM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(9000),
  WECOM_RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(140000),
  // The window WECOM_RATE_LIMIT_PER_MINUTE counts in: WeCom's minute; tests shorten it.
  WECOM_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).max(60_000).default(60_000),
  // Shared with the POS / online mall: requests to /api/orders and /api/integrations/* are signed with it.
  INTEGRATION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  INTEGRATION_MAX_SKEW_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  // Until the sidebar's WeCom sign-in lands, the staff API (/api/v1) accepts this bearer token as HQ.
  STAFF_API_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  // Callback envelopes are a few KB; anything far larger is not from WeCom.
  // Where callbacks go while PostgreSQL is down (acknowledged, replayed when it is back): a disk that survives a
  // restart of the process, one folder per host.
  CALLBACK_SPOOL_DIR: z.string().min(1).default('.data/callback-spool'),
  CALLBACK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  // --- The sidebar's sign-in (WeCom OAuth → a signed session cookie) and the JS-SDK.
  // Signs the session and OAuth-state cookies; required in production (a dev/test default is derived below).
  SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(12 * 3600),
  HQ_USERIDS: list(z.string().regex(USERID, 'HQ_USERIDS: comma-separated WeCom userids')),
  // Store managers besides WeCom's department leaders: `userid:wecomDeptId,…`.
  STORE_MANAGER_USERIDS: list(
    z
      .string()
      .regex(new RegExp(`^${USERID.source.slice(1, -1)}:\\d{1,10}$`), 'userid:wecomDeptId')
      .transform((pair) => {
        const at = pair.lastIndexOf(':');
        return { userid: pair.slice(0, at), wecomDeptId: Number(pair.slice(at + 1)) };
      }),
  ),
  WECOM_OAUTH_AUTHORIZE_URL: z.url().default('https://open.weixin.qq.com/connect/oauth2/authorize'),
  // WeCom's web login (扫码登录, doc 98152): the desk in a desktop browser, outside the WeCom client.
  WECOM_WEB_LOGIN_URL: z.url().default('https://login.work.weixin.qq.com/wwlogin/sso/login'),
  // Domain-verification files of the trusted domain (可信域名): codes, or file names WW_verify_<code>.txt.
  WECOM_VERIFY_FILES: list(
    z
      .string()
      .regex(
        /^(WW_verify_)?[A-Za-z0-9]{1,64}(\.txt)?(=[A-Za-z0-9]{1,64})?$/,
        'a code or WW_verify_<code>.txt',
      )
      .transform(verifyCodeOf),
  ),
  // The WeCom simulator's base URL: the sidebar page then loads its JS-SDK stand-in (development and tests only).
  WECOM_CLIENT_STANDIN_URL: z.url().optional(),
  // The built sidebar (Vite's outDir), served at /sidebar/.
  SIDEBAR_DIST_DIR: z.string().min(1).default('sidebar/dist'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  http: {
    host: string;
    port: number;
    publicUrl: string | undefined;
    callbackBodyLimitBytes: number;
    callbackSpoolDir: string;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  roles: readonly ProcessRole[];
  log: { level: string; pretty: boolean };
  database: { url: string; poolSize: number };
  redis: { url: string; queuePrefix: string };
  worker: { concurrency: number; welcomeSweepEveryMs: number };
  integration: { secret: string | undefined; maxSkewSeconds: number };
  staffApi: { token: string | undefined };
  /** The sidebar's sign-in: session cookies, who is HQ or a store manager, WeCom's OAuth and client stand-in. */
  sidebar: {
    sessionSecret: string;
    sessionTtlSeconds: number;
    hqUserids: readonly string[];
    /** Store managers named in configuration (WeCom's department leaders come from the directory). */
    storeManagers: ReadonlyArray<{ userid: string; wecomDeptId: number }>;
    oauthAuthorizeUrl: string;
    webLoginUrl: string;
    /** Codes of the WW_verify_<code>.txt files served at the root. */
    verifyCodes: readonly string[];
    /** Base URL of the simulator whose JS-SDK stand-in the page loads; never set in production. */
    clientStandinUrl: string | undefined;
    distDir: string;
  };
  wecom: {
    corpId: string;
    agentId: number;
    secret: string;
    callbackToken: string;
    encodingAesKey: string;
    apiBase: string;
    httpTimeoutMs: number;
    rateLimitPerMinute: number;
    rateLimitPerHour: number;
    rateLimitWindowMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // The headers are part of the request: a longer headers timeout could never fire (Node's createServer refuses it).
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(['HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS']);
  }
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production && !e.SESSION_SECRET) {
    problems.push(
      'SESSION_SECRET: required in production (≥32 random characters; it signs the sign-in cookies)',
    );
  }
  // The stand-in replaces the WeCom client's JS-SDK with the simulator's: a production page must never load it.
  if (production && e.WECOM_CLIENT_STANDIN_URL) {
    problems.push('WECOM_CLIENT_STANDIN_URL: the WeCom client stand-in is for development and tests only');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze({
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL,
      callbackBodyLimitBytes: e.CALLBACK_BODY_LIMIT_BYTES,
      callbackSpoolDir: e.CALLBACK_SPOOL_DIR,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    roles: e.PROCESS_ROLES,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY ?? e.NODE_ENV === 'development' },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    worker: { concurrency: e.WORKER_CONCURRENCY, welcomeSweepEveryMs: e.WELCOME_SWEEP_EVERY_MS },
    integration: { secret: e.INTEGRATION_SECRET, maxSkewSeconds: e.INTEGRATION_MAX_SKEW_SECONDS },
    staffApi: { token: e.STAFF_API_TOKEN },
    sidebar: {
      sessionSecret: e.SESSION_SECRET ?? devSessionSecret(e.WECOM_CORP_ID, e.WECOM_SECRET),
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      hqUserids: e.HQ_USERIDS,
      storeManagers: e.STORE_MANAGER_USERIDS,
      oauthAuthorizeUrl: e.WECOM_OAUTH_AUTHORIZE_URL,
      webLoginUrl: e.WECOM_WEB_LOGIN_URL,
      verifyCodes: e.WECOM_VERIFY_FILES,
      clientStandinUrl: e.WECOM_CLIENT_STANDIN_URL?.replace(/\/+$/, ''),
      distDir: e.SIDEBAR_DIST_DIR,
    },
    wecom: {
      corpId: e.WECOM_CORP_ID,
      agentId: e.WECOM_AGENT_ID,
      secret: e.WECOM_SECRET,
      callbackToken: e.WECOM_CALLBACK_TOKEN,
      encodingAesKey: e.WECOM_ENCODING_AES_KEY,
      apiBase: e.WECOM_API_BASE.replace(/\/+$/, ''),
      httpTimeoutMs: e.WECOM_HTTP_TIMEOUT_MS,
      rateLimitPerMinute: e.WECOM_RATE_LIMIT_PER_MINUTE,
      rateLimitPerHour: e.WECOM_RATE_LIMIT_PER_HOUR,
      rateLimitWindowMs: e.WECOM_RATE_LIMIT_WINDOW_MS,
    },
  });
}

/**
 * Development and tests only (production requires SESSION_SECRET): derived from the app's secret, so a session
 * cookie cannot be forged by someone who does not know it, and stable across restarts of the same setup.
 */
function devSessionSecret(corpId: string, secret: string): string {
  return createHmac('sha256', secret).update(`scrm-dev-session:${corpId}`).digest('hex');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
