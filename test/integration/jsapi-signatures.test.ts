import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import type { JsapiSignatureResponse } from '../../bot/http/contract/session';
import { createLogger } from '../../bot/logger';
import { WecomClient } from '../../bot/wecom/client';
import { createJsapiTickets } from '../../bot/wecom/jsapi-tickets';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { testRedisUrl } from '../helpers/services';
import { signIn } from '../helpers/sign-in';

let ctx: TestContext;
let cookie: string;
// The page as the browser has it; supertest's requests arrive with Host 127.0.0.1:<its port>, so the test says
// which host the page is on.
const HOST = 'scrm.test';
const PAGE = `http://${HOST}/sidebar/?wwsim=ws123&from=chat`;

const sign = (kind: 'config' | 'agent', url: string) =>
  request(ctx.app.callback())
    .get(`/api/v1/jsapi/${kind}-signature`)
    .query({ url })
    .set('host', HOST)
    .set('cookie', cookie);

/** What the simulated client checks when the page registers (the page's URL is the one without its hash). */
const check = (kind: 'config' | 'agentConfig', signed: JsapiSignatureResponse, url = PAGE) =>
  ctx.sim.verifyJsapiSignature({
    kind,
    url,
    corpId: ctx.config.wecom.corpId,
    agentId: ctx.config.wecom.agentId,
    ...signed,
  });

beforeAll(async () => {
  ctx = await startTestContext({ worker: false, isolatedDatabase: true });
  // The simulated client accepts pages on the trusted domain only (80001 otherwise).
  ctx.sim.setTrustedDomain(HOST);
  await runInitialSync(domainDeps(ctx));
  ctx.sim.setTrustedDomain('127.0.0.1');
  cookie = await signIn(ctx.app, ctx.sim, 'zhangsan');
  ctx.sim.setTrustedDomain(HOST);
  ctx.sim.clearCalls();
});

afterAll(() => ctx.close());

describe('JS-SDK signatures', () => {
  it('signs the page URL without its hash with the corp ticket (config) and the app ticket (agentConfig)', async () => {
    const config = await sign('config', `${PAGE}#/customer/1`);
    const agent = await sign('agent', `${PAGE}#/customer/1`);
    expect(config.status).toBe(200);
    expect(agent.status).toBe(200);
    expect(config.headers['cache-control']).toBe('no-store');
    const now = Date.now() / 1000;
    for (const body of [config.body, agent.body] as JsapiSignatureResponse[]) {
      expect(Math.abs(body.timestamp - now)).toBeLessThan(60);
      expect(body.nonceStr).toMatch(/^[\w-]{8,32}$/);
    }
    expect(check('config', config.body)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(check('agentConfig', agent.body)).toEqual({ errcode: 0, errmsg: 'ok' });
    // Each is signed with its own ticket: swapped, the client refuses both.
    expect(check('agentConfig', config.body).errcode).toBe(40093);
    expect(check('config', agent.body).errcode).toBe(40093);
    // …and a signature is good for its page only.
    expect(check('config', config.body, `http://${HOST}/sidebar/`).errcode).toBe(40093);
  });

  it('fetches each ticket once for many requests, with the right ticket API', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sign(i % 2 ? 'agent' : 'config', PAGE)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // 22 signatures in this file so far, one fetch of each ticket.
    expect(ctx.sim.callsTo('get_jsapi_ticket')).toHaveLength(1);
    expect(ctx.sim.callsTo('ticket/get').map((c) => c.query.type)).toEqual(['agent_config']);
  });

  it('refuses to sign a page of another origin, or something that is not a URL', async () => {
    for (const url of ['https://evil.example/sidebar/', `https://${HOST}/sidebar/`, 'not a url']) {
      const res = await sign('config', url);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/foreign_url|invalid_request/);
    }
  });

  it('needs a signed-in caller', async () => {
    const res = await request(ctx.app.callback()).get('/api/v1/jsapi/config-signature').query({ url: PAGE });
    expect(res.status).toBe(401);
  });
});

describe('the ticket cache', () => {
  const logger = createLogger({ level: 'silent', pretty: false });

  /** One "process": its own Redis connection and WeCom client, sharing the cache through `prefix`. */
  function processOf(prefix: string, now?: () => number) {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
    const wecom = new WecomClient({
      ...ctx.config.wecom,
      redis,
      redisPrefix: prefix,
      logger,
    });
    const tickets = createJsapiTickets({
      redis,
      redisPrefix: prefix,
      corpId: ctx.config.wecom.corpId,
      agentId: ctx.config.wecom.agentId,
      get: (api, query) => wecom.get(api, query),
      ...(now ? { now } : {}),
    });
    const close = async () => {
      await wecom.close();
      redis.disconnect();
    };
    return { tickets, close };
  }

  it('is shared by every process: four processes asking at once fetch each ticket once', async () => {
    const prefix = `t-${randomBytes(6).toString('hex')}`;
    const processes = Array.from({ length: 4 }, () => processOf(prefix));
    try {
      ctx.sim.clearCalls();
      const got = await Promise.all(
        processes.flatMap((p) => [p.tickets.corp(), p.tickets.agent(), p.tickets.corp(), p.tickets.agent()]),
      );
      expect(new Set(got.filter((_, i) => i % 2 === 0)).size).toBe(1);
      expect(new Set(got.filter((_, i) => i % 2 === 1)).size).toBe(1);
      expect(got[0]).not.toBe(got[1]);
      expect(ctx.sim.callsTo('get_jsapi_ticket')).toHaveLength(1);
      const agentCalls = ctx.sim.callsTo('ticket/get');
      expect(agentCalls).toHaveLength(1);
      expect(agentCalls[0]?.query.type).toBe('agent_config');
      // The tickets are the simulator's, of the right kind.
      expect(ctx.sim.state.tickets.get(got[0] ?? '')?.type).toBe('jsapi');
      expect(ctx.sim.state.tickets.get(got[1] ?? '')?.type).toBe('agent_config');
    } finally {
      await Promise.all(processes.map((p) => p.close()));
    }
  });

  it('refreshes a ticket a few minutes before WeCom’s expiry, not after', async () => {
    let clock = Date.now();
    const one = processOf(`t-${randomBytes(6).toString('hex')}`, () => clock);
    try {
      ctx.sim.clearCalls();
      const first = await one.tickets.corp();
      const start = clock;
      // expires_in is 7200 s; the cache refreshes 5 minutes early.
      clock = start + (7200 - 5 * 60 - 1) * 1000;
      expect(await one.tickets.corp()).toBe(first);
      clock = start + (7200 - 5 * 60 + 1) * 1000;
      const second = await one.tickets.corp();
      expect(second).not.toBe(first);
      expect(ctx.sim.callsTo('get_jsapi_ticket')).toHaveLength(2);
    } finally {
      await one.close();
    }
  });

  it('goes through the access-token refresh when WeCom rejects the token (40014)', async () => {
    const prefix = `t-${randomBytes(6).toString('hex')}`;
    const one = processOf(prefix);
    try {
      await one.tickets.agent();
      ctx.sim.invalidateTokens();
      ctx.sim.clearCalls();
      // No corp ticket cached yet: its fetch meets the revoked token, which is refreshed once, and retried once.
      const ticket = await one.tickets.corp();
      expect(ctx.sim.state.tickets.get(ticket)?.type).toBe('jsapi');
      expect(ctx.sim.callsTo('get_jsapi_ticket').map((c) => c.errcode)).toEqual([40014, 0]);
      expect(ctx.sim.callsTo('gettoken')).toHaveLength(1);
    } finally {
      await one.close();
    }
  });
});
