// Issue #9: the welcome survives Redis faults and a worker that dies mid-burst. Each greeting goes out once,
// inside WeCom's 20-second window, with the queue gone or its jobs held by a dead worker.
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../bot/logger';
import { WELCOME_LEASE_MS } from '../../bot/domain/welcome/welcome-timing';
import { claimWelcomes, findAddsToWelcome } from '../../bot/domain/welcome/welcome-queries';
import { reportWelcomeLoad, startPriorityGovernor } from '../../jobs/priorities';
import { createJobQueues } from '../../jobs/queues';
import { type RunningWorker, findPendingJobIds, startWorker } from '../../jobs/worker';
import { startWelcomeSweeper } from '../../jobs/welcome-sweeper';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis';

const WELCOME_API = 'externalcontact/send_welcome_msg';
// The welcome sweeper is off in other test files (they share a database); these have databases of their own.
const SWEEPER_ON = { WELCOME_SWEEP_EVERY_MS: '200' };

const acceptedSends = (ctx: TestContext, code: string) =>
  ctx.sim
    .callsTo(WELCOME_API)
    .filter((c) => (c.body as { welcome_code?: string }).welcome_code === code && c.errcode === 0);
const eventOf = (ctx: TestContext, externalUserid: string) =>
  waitFor(() =>
    ctx.services.db.callbackEvent.findFirst({ where: { externalUserid } }).then((e) => e ?? undefined),
  );
const finishedWelcome = (ctx: TestContext, eventId: string, timeoutMs = 25_000) =>
  waitFor(async () => {
    const w = await ctx.services.db.welcomeMessage.findUnique({ where: { eventId } });
    return w && w.status !== 'SENDING' ? w : undefined;
  }, timeoutMs);

describe('welcomes while Redis is down', () => {
  let redis: PrivateRedis;
  let ctx: TestContext;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    ctx = await startTestContext({ isolatedDatabase: true, env: { ...SWEEPER_ON, REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await redis.start(); // so that the context closes its queues cleanly
    await ctx.close();
    await redis.stop();
  });

  it('greets adds that arrive while Redis is down, each once, inside the window', async () => {
    // A guide we have never met (user/get) and no access_token cached anywhere yet: every WeCom call the
    // welcome needs is made without Redis.
    const guide = addTestGuide(ctx.sim, '断缓存导购');
    await redis.kill();
    const adds = await Promise.all([1, 2, 3].map(() => ctx.sim.addCustomer({ userid: guide })));
    for (const a of adds) expect(a.delivery).toMatchObject({ status: 200, body: 'success' });
    const events = await Promise.all(adds.map((a) => eventOf(ctx, a.externalUserid)));
    const welcomes = await Promise.all(events.map((e) => finishedWelcome(ctx, e.id)));
    expect(welcomes.map((w) => w.status)).toEqual(['SENT', 'SENT', 'SENT']);
    for (const a of adds) expect(acceptedSends(ctx, a.welcomeCode!)).toHaveLength(1);
    // All of it while Redis was still gone.
    expect(ctx.services.queues.redis.status).not.toBe('ready');
    expect(ctx.sim.callsTo('gettoken').length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('a worker that dies with a welcome in hand', () => {
  let ctx: TestContext;
  // Started by the first test, once the worker it plays has died (Bull takes one processor per queue).
  let worker: RunningWorker | null = null;
  const liveWorker = () => (worker ??= startWorker({ ...ctx.services }, 4));
  // No worker at first: the test plays the one that dies, then starts the one that takes over.
  beforeAll(
    async () =>
      (ctx = await startTestContext({
        worker: false,
        isolatedDatabase: true,
        env: { ...SWEEPER_ON, WECOM_HTTP_TIMEOUT_MS: '10000' },
      })),
  );
  afterAll(async () => {
    worker?.stop();
    await ctx.close();
  });

  it('has its claimed welcome sent by the next worker inside the window, once', async () => {
    const guide = addTestGuide(ctx.sim);
    const { externalUserid, welcomeCode } = await ctx.sim.addCustomer({ userid: guide });
    const event = await eventOf(ctx, externalUserid);
    // The worker about to die takes the welcome's job (Bull: active, locked by it) and claims the welcome.
    const dying = createJobQueues(ctx.config.redis.url, ctx.config.redis.queuePrefix);
    const job = await waitFor(() => dying.queue('send-welcome').getNextJob());
    expect((job.data as { eventIds: string[] }).eventIds).toContain(event.id);
    const add = (await findAddsToWelcome(ctx.services.pool, [event.id])).get(event.id)!;
    const claims = await claimWelcomes(
      ctx.services.pool,
      [{ ...add, welcomeCode: add.welcomeCode! }],
      WELCOME_LEASE_MS,
    );
    expect(claims.get(event.id)).toMatchObject({ claimed: true });
    // Killed: nothing released, and its Bull lock stays until it expires.
    dying.disconnect();

    liveWorker();
    const welcome = await finishedWelcome(ctx, event.id);
    // Inside the window (WeCom answers 41050 after 20 s, and we would have fallen back).
    expect(welcome.status).toBe('SENT');
    expect(acceptedSends(ctx, welcomeCode!)).toHaveLength(1);
    expect(
      await ctx.services.db.followUp.count({ where: { customer: { externalUserid }, kind: 'GREETING' } }),
    ).toBe(0);
  }, 60_000);

  it('keeps the claim of a send WeCom answers slowly, so that nobody takes it over', async () => {
    liveWorker();
    // WeCom takes the welcome at once and answers after longer than a claim's lease.
    ctx.sim.delayNext(WELCOME_API, WELCOME_LEASE_MS + 3_000);
    const guide = addTestGuide(ctx.sim);
    const { externalUserid, welcomeCode } = await ctx.sim.addCustomer({ userid: guide });
    const event = await eventOf(ctx, externalUserid);
    const welcome = await finishedWelcome(ctx, event.id);
    expect(welcome).toMatchObject({ status: 'SENT', attempts: 1 });
    // One call: no second sender tried the code (it would have got 41051).
    expect(
      ctx.sim
        .callsTo(WELCOME_API)
        .filter((c) => (c.body as { welcome_code?: string }).welcome_code === welcomeCode),
    ).toHaveLength(1);
  }, 60_000);
});

describe('background jobs and the welcomes of a dead worker', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ worker: false })));
  afterAll(() => ctx.close());

  it('count the welcomes live workers run, not those a dead worker left in Bull’s active list', async () => {
    const { queues } = ctx.services;
    const prefix = ctx.config.redis.queuePrefix;
    const look = () => reportWelcomeLoad(queues, prefix, { workerId: randomUUID(), running: 0 });
    // A worker took a welcome job and died: Bull lists the job as active until its lock expires.
    await queues.enqueue('send-welcome', { eventIds: [randomUUID()] });
    const dying = createJobQueues(ctx.config.redis.url, prefix);
    await waitFor(() => dying.queue('send-welcome').getNextJob());
    dying.disconnect();
    expect(await queues.queue('send-welcome').getActiveCount()).toBe(1);
    expect(await look()).toBe(0);

    // A live worker running two welcomes counts them, and a waiting job counts.
    expect(await reportWelcomeLoad(queues, prefix, { workerId: randomUUID(), running: 2 })).toBe(2);
    await queues.enqueue('send-welcome', { eventIds: [randomUUID()] });
    expect(await look()).toBe(3);
  });

  it('hold a background job back while this worker runs a welcome, and let it go after', async () => {
    // Nothing waiting in the queue (the previous test left a job there): only this worker's welcome counts.
    await ctx.services.queues.queue('send-welcome').empty();
    const governor = startPriorityGovernor(
      ctx.services.queues,
      createLogger({ level: 'silent', pretty: false }),
      {
        prefix: `${ctx.config.redis.queuePrefix}-governor`,
        everyMs: 20,
      },
    );
    try {
      const order: string[] = [];
      let finish: () => void = () => undefined;
      const welcome = governor.track(() => new Promise<void>((resolve) => (finish = resolve)));
      const turn = governor.waitForTurn('process-callback-event').then(() => order.push('background job'));
      // A welcome job does not wait for anything.
      await governor.waitForTurn('send-welcome');
      await new Promise((r) => setTimeout(r, 200));
      order.push('welcome done');
      finish();
      await Promise.all([welcome, turn]);
      expect(order).toEqual(['welcome done', 'background job']);
    } finally {
      governor.stop();
    }
  });
});

describe('the welcome sweeper', () => {
  let ctx: TestContext;
  // No worker: the jobs the web queued stay in Redis, as behind a deep queue; the sweeper runs on its own.
  beforeAll(async () => (ctx = await startTestContext({ worker: false, isolatedDatabase: true })));
  afterAll(() => ctx.close());

  it('leaves an add whose jobs are still queued to them, and greets it once Redis has lost them', async () => {
    const { queues } = ctx.services;
    const sweeper = startWelcomeSweeper(domainDeps(ctx), {
      everyMs: 100,
      graceMs: 200,
      findQueuedEvents: (ids) => findPendingJobIds(queues, 'process-callback-event', ids),
    });
    try {
      const guide = addTestGuide(ctx.sim);
      const { externalUserid, welcomeCode } = await ctx.sim.addCustomer({ userid: guide });
      const event = await eventOf(ctx, externalUserid);
      // Many sweeps later, still nobody has greeted it: its welcome job is queued.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(ctx.sim.callsTo(WELCOME_API)).toHaveLength(0);
      expect(await ctx.services.db.welcomeMessage.count({ where: { eventId: event.id } })).toBe(0);

      // Redis loses the add's jobs (flushed): the sweeper greets it, inside the window.
      for (const name of ['send-welcome', 'process-callback-event'] as const)
        await queues.queue(name).obliterate({ force: true });
      const welcome = await finishedWelcome(ctx, event.id);
      expect(welcome.status).toBe('SENT');
      expect(acceptedSends(ctx, welcomeCode!)).toHaveLength(1);
    } finally {
      sweeper.stop();
    }
  }, 60_000);
});
