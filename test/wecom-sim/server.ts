import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createActionMethods } from './actions/action-methods';
import {
  addCustomerToState,
  customerDeletesGuideInState,
  editCustomerInState,
  guideDeletesCustomerInState,
} from './actions/customer-actions';
import { createAdminMiddleware } from './admin/routes';
import { DEFAULT_LIMITS } from './api/common';
import type { ApiContext, SimLimits } from './api/common';
import { issueOauthCode, issueOutsiderOauthCode } from './api/identity';
import { clientCalls, openClientSession } from './client/client-sessions';
import { createClientMiddleware } from './client/routes';
import { verifySignature } from './client/verify-signature';
import { normalizeApiPath } from './api/registry';
import { expireAllTokens, invalidateAllTokens } from './api/token';
import { DEMO_CORP } from './demo/demo-corp';
import { FaultPlan } from './faults';
import { handleApiRequest } from './gateway';
import type { SimCall } from './gateway';
import { handleOauthAuthorize } from './oauth-authorize';
import { handleWebLogin } from './web-login';
import { WindowCounter } from './rate-limit';
import { deliverCallback, verifyCallbackUrl } from './sender';
import type { DeliveryResult, SenderOptions } from './sender';
import { createSimState } from './state';
import type { SimulatorOptions, WecomSimulator } from './simulator-types';

export type { AddCustomerResult, SimulatorOptions, WecomSimulator } from './simulator-types';

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
    issueOutsiderOauthCode: (who = {}) => issueOutsiderOauthCode(state, who, api.now()),
    setTrustedDomain: (domain) => {
      state.trustedDomain = domain.toLowerCase();
    },
    openClient: (input) => openClientSession(state, input, api.now()),
    clientOpenUrl: ({ target, ...input }) => {
      const query = new URLSearchParams({ userid: input.userid, entry: input.entry, target });
      if (input.externalUserid) query.set('external_userid', input.externalUserid);
      if (input.chatId) query.set('chat_id', input.chatId);
      if (input.platform) query.set('platform', input.platform);
      return `${sim.url}/client/open?${query.toString()}`;
    },
    clientCalls: (sessionId, path) => clientCalls(state, sessionId, path),
    verifyJsapiSignature: (check) => verifySignature(state, api.now(), check),
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
    ...createActionMethods({ state, limits, now: api.now, deliver: maybeDeliver }),
  };

  const app = new Koa();
  app.proxy = false;
  app.use(createAdminMiddleware(sim));
  app.use(createClientMiddleware(sim));
  app.use(async (ctx, next) => {
    if (ctx.path === '/connect/oauth2/authorize') handleOauthAuthorize(ctx, sim);
    else if (ctx.path === '/wwlogin/sso/login' || ctx.path === '/wwlogin/sso/confirm')
      handleWebLogin(ctx, sim);
    else await next();
  });
  app.use((ctx) => handleApiRequest(ctx, { api, faults, calls, recordResponses: options.recordResponses }));

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
