import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { getUser } from '../../bot/wecom/api/directory';
import { WecomClient, type WecomClientOptions } from '../../bot/wecom/client';
import { WecomError } from '../../bot/wecom/errors';
import { RateLimiter } from '../../bot/wecom/rate-limiter';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { type WecomSimulator, startWecomSimulator } from '../wecom-sim/server';
import { waitFor } from '../helpers/harness';
import { freePort } from '../helpers/private-redis';
import { testRedisUrl } from '../helpers/services';

const member = DEMO_CORP.members[0]!.userid;

describe('WeCom client', () => {
  let sim: WecomSimulator;
  let redis: Redis;
  let logLines: string[];
  let options: WecomClientOptions;
  const clients: WecomClient[] = [];
  /** A client on this test's options, closed after the file (its kept-alive connections). */
  const newClient = () => {
    const made = new WecomClient(options);
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    sim = await startWecomSimulator({});
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    redis.disconnect();
    await sim.stop();
  });
  beforeEach(() => {
    sim.clearCalls();
    logLines = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    options = {
      apiBase: sim.url,
      corpId: DEMO_CORP.corpId,
      agentId: DEMO_CORP.agentId,
      secret: DEMO_CORP.corpSecret,
      httpTimeoutMs: 1000,
      rateLimitPerMinute: 9000,
      rateLimitPerHour: 140000,
      redis,
      // A fresh prefix per test: a fresh shared token cache.
      redisPrefix: `client-${randomBytes(6).toString('hex')}`,
      logger: pino({ level: 'trace' }, sink),
    };
  });

  it('shares one access_token between processes: many concurrent calls, one gettoken', async () => {
    // Two clients with the same Redis stand in for two processes.
    const [a, b] = [newClient(), newClient()];
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => getUser(i % 2 ? a : b, member)));
    expect(users.every((u) => u.userid === member)).toBe(true);
    expect(sim.callsTo('gettoken')).toHaveLength(1);
    expect(sim.callsTo('user/get')).toHaveLength(20);
  });

  it('puts the token in the query string only', async () => {
    await getUser(newClient(), member);
    const [call] = sim.callsTo('user/get');
    expect(call?.query.access_token).toBeTruthy();
  });

  it('refreshes once and retries once when WeCom says the token is invalid (40014)', async () => {
    const client = newClient();
    await getUser(client, member);
    sim.invalidateTokens();
    await expect(getUser(client, member)).resolves.toMatchObject({ userid: member });
    expect(sim.callsTo('gettoken')).toHaveLength(2);
    expect(sim.callsTo('user/get').map((c) => c.errcode)).toEqual([0, 40014, 0]);
  });

  it('does not loop when the fresh token is rejected too', async () => {
    const client = newClient();
    await getUser(client, member);
    sim.failNext('user/get', 42001, 2);
    const error = await getUser(client, member).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomError);
    expect((error as WecomError).errcode).toBe(42001);
    expect(sim.callsTo('gettoken')).toHaveLength(2);
    expect(sim.callsTo('user/get')).toHaveLength(3);
  });

  it.each([
    [-1, true],
    [45009, true],
    [45033, true],
    [60111, false],
    [40058, false],
  ])('turns errcode %i into a WecomError (retryable: %s)', async (errcode, isRetryable) => {
    sim.failNext('user/get', errcode, 1);
    const error = await getUser(newClient(), member).catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode, isRetryable, api: 'user/get' });
  });

  it('treats a timeout as a retryable transport error', async () => {
    sim.delayNext('user/get', 1500, 1);
    const error = await getUser(newClient(), member).catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode: 0, isRetryable: true });
  });

  it('never writes the secret or the access_token to the log', async () => {
    const client = newClient();
    await getUser(client, member);
    sim.invalidateTokens();
    await getUser(client, member);
    const tokens = sim.callsTo('user/get').map((c) => c.query.access_token ?? '');
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('');
    expect(log).not.toContain(DEMO_CORP.corpSecret);
    for (const token of tokens) expect(log).not.toContain(token);
  });
});

describe('rate limiter', () => {
  it('shares a per-minute budget between processes and says how long to wait', async () => {
    const redis = new Redis(testRedisUrl());
    try {
      const prefix = `rl-${randomBytes(6).toString('hex')}`;
      const now = () => Date.UTC(2026, 10, 23, 10, 0, 15);
      const [a, b] = [1, 2].map(() => new RateLimiter({ redis, prefix, perMinute: 3, perHour: 100, now }));
      expect(await Promise.all([a!.take('user/get'), b!.take('user/get'), a!.take('user/get')])).toEqual([
        0, 0, 0,
      ]);
      expect(await b!.take('user/get')).toBe(45_000);
      // Another API has its own budget.
      expect(await a!.take('externalcontact/get')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('WeCom calls while Redis is down', () => {
  let sim: WecomSimulator;
  let redis: Redis;
  const clients: WecomClient[] = [];
  beforeAll(async () => {
    sim = await startWecomSimulator({});
    // Nothing listens there: the connection is lost from the start and ioredis keeps trying to reconnect.
    redis = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: 3 });
    redis.on('error', () => undefined);
    await waitFor(() => redis.status === 'reconnecting');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    redis.disconnect();
    await sim.stop();
  });

  it('counts the rate limit in the process, against half of it', async () => {
    const limiter = new RateLimiter({ redis, prefix: 'down', perMinute: 4, perHour: 100 });
    const waits = [];
    for (let i = 0; i < 3; i += 1) waits.push(await limiter.take('user/get'));
    expect(waits[0]).toBe(0);
    expect(waits[1]).toBe(0);
    // Half of 4 a minute: the third call waits for the next minute.
    expect(waits[2]).toBeGreaterThan(0);
    expect(await limiter.take('externalcontact/get')).toBe(0);
  });

  it('gets a token of its own and keeps calling WeCom', async () => {
    const client = new WecomClient({
      apiBase: sim.url,
      corpId: DEMO_CORP.corpId,
      agentId: DEMO_CORP.agentId,
      secret: DEMO_CORP.corpSecret,
      httpTimeoutMs: 1000,
      rateLimitPerMinute: 9000,
      rateLimitPerHour: 140000,
      redis,
      redisPrefix: `down-${randomBytes(6).toString('hex')}`,
      logger: pino({ level: 'silent' }),
    });
    clients.push(client);
    const users = await Promise.all(Array.from({ length: 5 }, () => getUser(client, member)));
    expect(users.map((u) => u.userid)).toEqual(Array.from({ length: 5 }, () => member));
    await getUser(client, member);
    // One gettoken for the process, not one per call.
    expect(sim.callsTo('gettoken')).toHaveLength(1);
  });
});
