import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createAdminMiddleware } from './admin';
import { DEFAULT_LIMITS } from './api/common';
import type { ApiContext, SimLimits } from './api/common';
import { issueOauthCode } from './api/identity';
import { normalizeApiPath } from './api/registry';
import { expireAllTokens, invalidateAllTokens } from './api/token';
import {
  addCustomerToState,
  customerDeletesGuideInState,
  editCustomerInState,
  guideDeletesCustomerInState,
} from './customer-actions';
import type { AddCustomerInput, CustomerEditPatch } from './customer-actions';
import { DEMO_CORP } from './demo-corp';
import type { DemoCorp } from './demo-corp';
import { FaultPlan } from './faults';
import { handleApiRequest } from './gateway';
import type { SimCall } from './gateway';
import { handleOauthAuthorize } from './oauth-authorize';
import { WindowCounter } from './rate-limit';
import { deliverCallback, verifyCallbackUrl } from './sender';
import type { DeliveryResult, SenderOptions, VerifyUrlResult } from './sender';
import { createExtendedMethods } from './sim-extended-methods';
import type { ExtendedSimulatorMethods } from './sim-extended-methods';
import { createSimState } from './state';
import type { SimState } from './state';

export interface SimulatorOptions {
  /** 0 = random free port (default); the host is always 127.0.0.1. */
  port?: number;
  corp?: DemoCorp;
  /** The bot's callback URL, used by deliver() and the customer actions; can be set later. */
  callbackUrl?: string;
  /** Clock in ms (default Date.now); tests pass a controllable clock. */
  now?: () => number;
  /** access_token lifetime (default 7200). */
  tokenTtlSeconds?: number;
  sender?: Partial<SenderOptions>;
  /** Override WeCom's limits, e.g. a tiny perApiPerMinute to test 45009 without 10,000 calls. */
  limits?: Partial<SimLimits>;
}

export interface AddCustomerResult {
  externalUserid: string;
  welcomeCode: string | null;
  delivery: DeliveryResult | null;
}

/** The running simulator; the contact-way, console-tag, group and mass-message actions come from sim-extended-methods.ts. */
export interface WecomSimulator extends ExtendedSimulatorMethods {
  /** API base: requests go to `${url}/cgi-bin/...`. */
  url: string;
  state: SimState;
  limits: SimLimits;
  /** Every API request received, in order (admin `/__sim/*` requests are not recorded). */
  calls: SimCall[];
  callbackUrl: string | null;
  callsTo(path: string): SimCall[];
  clearCalls(): void;
  setCallbackUrl(url: string | null): void;
  setNow(now: () => number): void;
  now(): number;
  /** Existing tokens answer 42001. */
  expireTokens(): void;
  /** Existing tokens answer 40014. */
  invalidateTokens(): void;
  /** The next `times` calls to that API answer `errcode`; path `'*'` = any API. */
  failNext(path: string, errcode: number, times?: number): void;
  /** The next `times` calls to that API are handled at once and answered `ms` later. */
  delayNext(path: string, ms: number, times?: number): void;
  /** A code for auth/getuserinfo, as if the member had opened the OAuth authorize URL. */
  issueOauthCode(userid: string): string;
  addCustomer(input: AddCustomerInput): Promise<AddCustomerResult>;
  guideDeletesCustomer(userid: string, externalUserid: string): Promise<DeliveryResult | null>;
  customerDeletesGuide(userid: string, externalUserid: string): Promise<DeliveryResult | null>;
  editCustomer(
    userid: string,
    externalUserid: string,
    patch: CustomerEditPatch,
  ): Promise<DeliveryResult | null>;
  /** Encrypt + sign + POST a plaintext payload to the callback URL (throws when none is set). */
  deliver(plaintextXml: string, options?: Partial<SenderOptions>): Promise<DeliveryResult>;
  /** The GET URL-verification handshake against the callback URL. */
  verifyCallbackUrl(): Promise<VerifyUrlResult>;
  stop(): Promise<void>;
}

/** Starts the WeCom simulator on 127.0.0.1 (API.md §3 subset, in-memory state, every call recorded). */
export async function startWecomSimulator(options: SimulatorOptions = {}): Promise<WecomSimulator> {
  const state = createSimState(options.corp ?? DEMO_CORP);
  const limits: SimLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let clock = options.now ?? Date.now;
  const calls: SimCall[] = [];
  const faults = new FaultPlan();
  const api: ApiContext = {
    state,
    limits,
    now: () => clock(),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    counters: new WindowCounter(),
  };

  const requireCallbackUrl = (): string => {
    if (!sim.callbackUrl) throw new Error('wecom-sim: no callback URL set (setCallbackUrl)');
    return sim.callbackUrl;
  };
  const senderOptions = (extra?: Partial<SenderOptions>) => ({
    token: state.corp.token,
    encodingAesKey: state.corp.encodingAesKey,
    corpId: state.corp.corpId,
    agentId: state.corp.agentId,
    now: api.now,
    ...options.sender,
    ...extra,
  });
  const maybeDeliver = async (xml: string, wanted?: boolean): Promise<DeliveryResult | null> => {
    if (wanted === false || (wanted === undefined && !sim.callbackUrl)) return null;
    return sim.deliver(xml);
  };

  const sim: WecomSimulator = {
    url: '',
    state,
    limits,
    calls,
    callbackUrl: options.callbackUrl ?? null,
    callsTo: (path) => calls.filter((call) => call.path === normalizeApiPath(path)),
    clearCalls: () => {
      calls.length = 0;
    },
    setCallbackUrl: (url) => {
      sim.callbackUrl = url;
    },
    setNow: (now) => {
      clock = now;
    },
    now: () => api.now(),
    expireTokens: () => expireAllTokens(state),
    invalidateTokens: () => invalidateAllTokens(state),
    failNext: (path, errcode, times) => faults.failNext(path, errcode, times),
    delayNext: (path, ms, times) => faults.delayNext(path, ms, times),
    issueOauthCode: (userid) => issueOauthCode(state, userid, api.now()),
    addCustomer: async (input) => {
      const outcome = addCustomerToState(state, input, api.now());
      const delivery = await maybeDeliver(outcome.xml, input.deliver);
      return { externalUserid: outcome.externalUserid, welcomeCode: outcome.welcomeCode, delivery };
    },
    guideDeletesCustomer: async (userid, externalUserid) =>
      maybeDeliver(guideDeletesCustomerInState(state, userid, externalUserid, api.now()).xml),
    customerDeletesGuide: async (userid, externalUserid) =>
      maybeDeliver(customerDeletesGuideInState(state, userid, externalUserid, api.now()).xml),
    editCustomer: async (userid, externalUserid, patch) =>
      maybeDeliver(editCustomerInState(state, userid, externalUserid, patch, api.now()).xml),
    deliver: (plaintextXml, extra) =>
      deliverCallback(requireCallbackUrl(), plaintextXml, senderOptions(extra)),
    verifyCallbackUrl: () => verifyCallbackUrl(requireCallbackUrl(), senderOptions()),
    stop: () => Promise.resolve(),
    ...createExtendedMethods({ state, limits, now: api.now, deliver: maybeDeliver }),
  };

  const app = new Koa();
  app.proxy = false;
  app.use(createAdminMiddleware(sim));
  app.use(async (ctx, next) => {
    if (ctx.path === '/connect/oauth2/authorize') handleOauthAuthorize(ctx, sim);
    else await next();
  });
  app.use((ctx) => handleApiRequest(ctx, { api, faults, calls }));

  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  sim.url = `http://127.0.0.1:${port}`;
  sim.stop = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return sim;
}
