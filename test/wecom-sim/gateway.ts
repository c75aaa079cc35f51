import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { ApiContext, UploadedFile } from './api/common';
import { API_ROUTES, normalizeApiPath } from './api/registry';
import { authenticate } from './api/token';
import { WecomError, formatErrmsg } from './errors';
import type { FaultPlan } from './faults';
import { HOUR_MS, MINUTE_MS } from './rate-limit';

/** One request the simulator received, as tests see it in `sim.calls`. */
export interface SimCall {
  /** Sim-clock ms when the request arrived. */
  at: number;
  method: string;
  /** API path without `/cgi-bin/`, e.g. `externalcontact/send_welcome_msg`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON (POST), the raw text when it was not JSON, undefined for GET. */
  body: unknown;
  errcode: number;
  response: unknown;
  /** Wall-clock time spent answering, including injected delays. */
  durationMs: number;
}

export interface GatewayDeps {
  api: ApiContext;
  faults: FaultPlan;
  calls: SimCall[];
  /** Keep each answer in `calls` (default); off, a long run keeps only what was asked. */
  recordResponses?: boolean;
}

/**
 * Paths outside the simulated subset: HTTP 404 with errcode 404. What WeCom answers for an unknown /cgi-bin path is
 * not documented (API.md is silent); 404 is not a WeCom errcode, so no client mistakes it for a retryable or
 * config error, and the errmsg names the path so a missing simulator API is obvious in a failing test.
 */
export const UNKNOWN_API_ERRCODE = 404;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function flattenQuery(query: Context['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

function parseJsonObject(raw: string): Record<string, unknown> {
  // An empty POST body is read as {} (lenient: WeCom's behaviour for it is unknown).
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new WecomError(47001, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WecomError(47001, 'body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** A multipart body's `media` file (its bytes are not kept: only what WeCom checks of them). */
async function parseUpload(bytes: Buffer, contentType: string): Promise<Record<string, unknown>> {
  if (!/^multipart\/form-data/i.test(contentType))
    throw new WecomError(47001, 'expected multipart/form-data');
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new WecomError(47001, 'unreadable multipart body');
  }
  const file = form.get('media');
  if (!(file instanceof Blob)) throw new WecomError(41005, 'media data missing');
  const media: UploadedFile = {
    filename: file instanceof File ? file.name : 'media',
    contentType: file.type,
    size: file.size,
  };
  return { media };
}

/** Answers one /cgi-bin/* request the way WeCom would, and records it. */
export async function handleApiRequest(ctx: Context, deps: GatewayDeps): Promise<void> {
  const started = Date.now();
  const at = deps.api.now();
  const path = normalizeApiPath(ctx.path);
  const query = flattenQuery(ctx.query);
  const ip = ctx.ip.replace(/^::ffff:/, '');
  let body: unknown;
  let response: Record<string, unknown>;
  let status = 200;
  try {
    const route = API_ROUTES.get(path);
    const bytes = ctx.method === 'POST' ? await getRawBody(ctx.req, { limit: '25mb' }) : Buffer.alloc(0);
    const raw = route?.multipart ? '' : bytes.toString('utf8');
    body = ctx.method === 'POST' ? raw : undefined;
    if (!route) {
      status = 404;
      throw new WecomError(UNKNOWN_API_ERRCODE, `no such API /cgi-bin/${path} in the simulator`);
    }
    if (route.method !== ctx.method) throw new WecomError(route.method === 'POST' ? 43002 : 43001);
    const json = route.multipart
      ? await parseUpload(bytes, ctx.get('content-type'))
      : route.method === 'POST'
        ? parseJsonObject(raw)
        : {};
    if (route.method === 'POST') body = json;
    if (route.auth) {
      // The token is only ever read from the query string: in the body it counts as missing (API.md §3).
      const inBody = !query.access_token && 'access_token' in json;
      if (inBody) throw new WecomError(41001, 'access_token must be in the query string, not the body');
      authenticate(deps.api.state, query.access_token, deps.api);
    }
    // 10,000/min and 150,000/hour per API per corp (API.md §3.10); the lock-out lasts until the window ends.
    const { perApiPerMinute, perApiPerHour } = deps.api.limits;
    const now = deps.api.now();
    const overMinute = deps.api.counters.exceeds(`api:${path}`, MINUTE_MS, now, perApiPerMinute);
    const overHour = deps.api.counters.exceeds(`api:${path}`, HOUR_MS, now, perApiPerHour);
    if (overMinute || overHour) throw new WecomError(45009, `${path} per-corp limit`);
    const injected = deps.faults.takeFailure(path);
    if (injected !== undefined) throw new WecomError(injected, 'injected by failNext');
    response = { errcode: 0, errmsg: 'ok', ...route.handler({ query, body: json, ctx: deps.api }) };
  } catch (error) {
    if (error instanceof WecomError) {
      response = { errcode: error.errcode, errmsg: formatErrmsg(error.errcode, ip, error.detail) };
    } else {
      // A simulator bug, not a WeCom behaviour: answer -1 (what WeCom says when it breaks) but make it loud.
      status = 500;
      const detail = error instanceof Error ? error.message : String(error);
      response = { errcode: -1, errmsg: formatErrmsg(-1, ip, `simulator crashed: ${detail}`) };
    }
  }
  // An injected delay holds the answer, not the work: WeCom has done (and read) what it answers, and the reply is
  // late on the wire — so a caller that times out may miss a change WeCom made, as in real life.
  const delay = deps.faults.takeDelay(path);
  if (delay !== undefined) await sleep(delay);
  ctx.status = status;
  ctx.body = response;
  deps.calls.push({
    at,
    method: ctx.method,
    path,
    query,
    body,
    errcode: typeof response.errcode === 'number' ? response.errcode : -1,
    response: deps.recordResponses === false ? undefined : response,
    durationMs: Date.now() - started,
  });
}
