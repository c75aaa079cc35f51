import { randomInt } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { encrypt, getSignature } from '@wecom/crypto';

/**
 * Delivers callbacks the way WeCom does (API.md §1.2–§1.6): AES-encrypted with receiveid = CorpID, signed with
 * sha1(sort([token, timestamp, nonce, Encrypt])), POSTed as XML; re-sent on timeout or connection failure.
 */

export interface SenderOptions {
  token: string;
  encodingAesKey: string;
  corpId: string;
  /** Put in the envelope's AgentID; WeCom may leave it empty (API.md §1.3), so absent → empty CDATA. */
  agentId?: string | number;
  /** WeCom drops the connection after 5 s (API.md §1.6). */
  timeoutMs: number;
  /** Re-sends after the first attempt: WeCom retries 3 times in total → up to 4 attempts. */
  retries: number;
  /** Also retry on non-200 answers (ambiguous in the docs, UNCONFIRMED) — off by default. */
  retryOnNon200: boolean;
  /** Pause between attempts. WeCom's schedule is undocumented (UNCONFIRMED), so re-send at once by default. */
  retryDelayMs: number;
  /** Clock for the envelope timestamp (ms). */
  now: () => number;
  /** Fixed values for reproducible envelopes (tests, official vectors). */
  random?: Buffer;
  timestamp?: string;
  nonce?: string;
}

export interface DeliveryResult {
  attempts: number;
  /** HTTP status of the last attempt; null when it timed out or the connection failed. */
  status: number | null;
  body: string;
  ok: boolean;
  elapsedMs: number;
}

export interface EncryptedEnvelope {
  /** Query parameters (unencoded values). */
  query: { msg_signature: string; timestamp: string; nonce: string };
  /** The same, URL-encoded, ready to append after `?`. */
  queryString: string;
  encrypt: string;
  /** The XML body WeCom POSTs. */
  body: string;
}

const DEFAULTS = { timeoutMs: 5000, retries: 3, retryOnNon200: false, retryDelayMs: 0, now: Date.now };

/** Random prefix like the official samples: 16 chars of [0-9A-Za-z] (API.md §1.4). */
function randomPrefix(): Buffer {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; i < 16; i += 1) out += alphabet[randomInt(alphabet.length)] ?? '0';
  return Buffer.from(out, 'utf8');
}

/** Numeric nonce, as in the official samples (e.g. 1372623149). */
function randomNonce(): string {
  return String(randomInt(1_000_000_000, 2_147_483_647));
}

function toQueryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

type EnvelopeOptions = Pick<SenderOptions, 'token' | 'encodingAesKey' | 'corpId'> &
  Partial<Pick<SenderOptions, 'agentId' | 'random' | 'timestamp' | 'nonce' | 'now'>>;

/** Encrypts and signs a plaintext payload into the POST body + query WeCom would send. */
export function buildEncryptedEnvelope(plaintextXml: string, options: EnvelopeOptions): EncryptedEnvelope {
  const now = options.now ?? Date.now;
  const timestamp = options.timestamp ?? String(Math.floor(now() / 1000));
  const nonce = options.nonce ?? randomNonce();
  const encrypted = encrypt(
    options.encodingAesKey,
    plaintextXml,
    options.corpId,
    options.random ?? randomPrefix(),
  );
  const query = {
    msg_signature: getSignature(options.token, timestamp, nonce, encrypted),
    timestamp,
    nonce,
  };
  const agentId = options.agentId === undefined ? '' : String(options.agentId);
  const body =
    `<xml><ToUserName><![CDATA[${options.corpId}]]></ToUserName>` +
    `<Encrypt><![CDATA[${encrypted}]]></Encrypt>` +
    `<AgentID><![CDATA[${agentId}]]></AgentID></xml>`;
  return { query, queryString: toQueryString(query), encrypt: encrypted, body };
}

export interface VerifyUrlQuery {
  query: { msg_signature: string; timestamp: string; nonce: string; echostr: string };
  queryString: string;
  /** What the callback endpoint must answer with (the decrypted echostr). */
  echoPlaintext: string;
}

/** The GET URL-verification handshake (API.md §1.2): the echostr is the encrypted random numeric string. */
export function buildVerifyUrlQuery(options: EnvelopeOptions & { echoPlaintext?: string }): VerifyUrlQuery {
  const echoPlaintext =
    options.echoPlaintext ?? `${randomInt(100_000_000, 999_999_999)}${randomInt(1e9, 9e9)}`;
  const now = options.now ?? Date.now;
  const timestamp = options.timestamp ?? String(Math.floor(now() / 1000));
  const nonce = options.nonce ?? randomNonce();
  const echostr = encrypt(
    options.encodingAesKey,
    echoPlaintext,
    options.corpId,
    options.random ?? randomPrefix(),
  );
  const query = {
    msg_signature: getSignature(options.token, timestamp, nonce, echostr),
    timestamp,
    nonce,
    echostr,
  };
  return { query, queryString: toQueryString(query), echoPlaintext };
}

function withQuery(url: string, queryString: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${queryString}`;
}

interface AttemptResult {
  status: number | null;
  body: string;
}

/** One HTTP exchange on a fresh connection (no keep-alive: a test's receiver can close cleanly). */
function attempt(
  url: string,
  method: 'GET' | 'POST',
  body: string | null,
  timeoutMs: number,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { 'User-Agent': 'Mozilla/4.0 (wecom-sim)' };
    if (body !== null) {
      headers['Content-Type'] = 'text/xml';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    let settled = false;
    const finish = (result: AttemptResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = transport.request(target, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', () => finish({ status: null, body: '' }));
    });
    // WeCom drops the connection when the receiver is too slow: that counts as a failed attempt.
    const timer = setTimeout(() => {
      finish({ status: null, body: '' });
      req.destroy();
    }, timeoutMs);
    req.on('error', () => finish({ status: null, body: '' }));
    req.end(body ?? undefined);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Encrypts `plaintextXml`, POSTs it to `callbackUrl` and re-sends the identical request (same body, timestamp,
 * nonce and signature) on timeout/connection failure, up to `retries` more times.
 */
export async function deliverCallback(
  callbackUrl: string,
  plaintextXml: string,
  options: Pick<SenderOptions, 'token' | 'encodingAesKey' | 'corpId'> & Partial<SenderOptions>,
): Promise<DeliveryResult> {
  const opts = { ...DEFAULTS, ...options };
  const envelope = buildEncryptedEnvelope(plaintextXml, opts);
  const url = withQuery(callbackUrl, envelope.queryString);
  const started = Date.now();
  let attempts = 0;
  let last: AttemptResult = { status: null, body: '' };
  while (attempts <= opts.retries) {
    if (attempts > 0 && opts.retryDelayMs > 0) await sleep(opts.retryDelayMs);
    attempts += 1;
    last = await attempt(url, 'POST', envelope.body, opts.timeoutMs);
    if (last.status === 200) break;
    if (last.status !== null && !opts.retryOnNon200) break;
  }
  return {
    attempts,
    status: last.status,
    body: last.body,
    ok: last.status === 200,
    elapsedMs: Date.now() - started,
  };
}

export interface VerifyUrlResult {
  status: number | null;
  body: string;
  /** HTTP 200 and the body is exactly the echo plaintext (no quotes, BOM or newline). */
  ok: boolean;
  expected: string;
}

/** Performs the URL-verification GET against a callback URL, like saving the URL in the admin console. */
export async function verifyCallbackUrl(
  callbackUrl: string,
  options: EnvelopeOptions & { timeoutMs?: number },
): Promise<VerifyUrlResult> {
  const handshake = buildVerifyUrlQuery(options);
  // WeCom expects the answer within 1 second (API.md §1.2).
  const result = await attempt(
    withQuery(callbackUrl, handshake.queryString),
    'GET',
    null,
    options.timeoutMs ?? 1000,
  );
  return {
    status: result.status,
    body: result.body,
    ok: result.status === 200 && result.body === handshake.echoPlaintext,
    expected: handshake.echoPlaintext,
  };
}
