// Issue #9: every retry has an end and a recorded final state; our own rate limit and passing faults delay work,
// never end it.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  failAbandonedWelcomes,
  findUnfinishedWelcomes,
} from '../../bot/domain/follow-ups/reconcile-follow-ups';
import { EVENT_RETRY_BACKOFF_MS } from '../../bot/domain/jobs/definitions/process-callback-event';
import { JOB_DEFINITIONS } from '../../bot/domain/jobs/job-definitions';
import { sendWelcomes } from '../../bot/domain/welcome/send-welcomes';
import { createLogger } from '../../bot/logger';
import { createServices } from '../../bot/services';
import type { JobContext } from '../../jobs/define-handler';
import { reconcileEventsHandler } from '../../jobs/handlers/reconcile-events';
import { findPendingJobIds, startWorker } from '../../jobs/worker';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../wecom-sim/event-xml';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';

const WELCOME_API = 'externalcontact/send_welcome_msg';

const addXml = (userid: string, externalUserid: string, welcomeCode?: string) =>
  buildExternalContactEventXml({
    corpId: DEMO_CORP.corpId,
    changeType: 'add_external_contact',
    userId: userid,
    externalUserId: externalUserid,
    welcomeCode,
    createTime: Math.floor(Date.now() / 1000),
  });

const eventOf = (ctx: TestContext, externalUserid: string) =>
  waitFor(() =>
    ctx.services.db.callbackEvent.findFirst({ where: { externalUserid } }).then((e) => e ?? undefined),
  );

/** A job context as the worker builds it, with a logger whose lines the test reads. */
function jobContext(ctx: TestContext, lines: string[]): JobContext<'reconcile-events'> {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return {
    ...domainDeps(ctx),
    config: ctx.config,
    logger: pino({ level: 'info' }, sink),
    findPendingJobIds: (name, ids) => findPendingJobIds(ctx.services.queues, name, ids),
  };
}

describe('retries that end', () => {
  let ctx: TestContext;
  // Its own database: a test waits until no event anywhere is still being processed.
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const welcomeOf = (eventId: string, status?: string) =>
    waitFor(async () => {
      const w = await ctx.services.db.welcomeMessage.findUnique({ where: { eventId } });
      return w && (!status || w.status === status) ? w : undefined;
    });

  it('records the welcome of an add whose guide WeCom does not know (60111) as FAILED, and stops', async () => {
    const guide = addTestGuide(ctx.sim, '已离职导购');
    const { externalUserid, welcomeCode } = await ctx.sim.addCustomer({ userid: guide, deliver: false });
    // The guide left the corp before we ever met them: user/get answers 60111.
    ctx.sim.state.members.delete(guide);
    await ctx.sim.deliver(addXml(guide, externalUserid, welcomeCode!));
    const event = await eventOf(ctx, externalUserid);

    const welcome = await welcomeOf(event.id, 'FAILED');
    expect(welcome.lastErrcode).toBe(60111);
    // The add's own processing fails for good too: FAILED with nothing to retry.
    const failed = await waitFor(async () => {
      const e = await ctx.services.db.callbackEvent.findUnique({ where: { id: event.id } });
      return e?.status === 'FAILED' ? e : undefined;
    });
    expect(failed.retryAt).toBeNull();

    // Nothing is left for the reconcilers: no re-queued welcome, no re-queued event, no WeCom call.
    expect(await findUnfinishedWelcomes(ctx.services, new Date(Date.now() + 60_000))).not.toContain(event.id);
    ctx.sim.clearCalls();
    const again = await sendWelcomes(domainDeps(ctx), [event.id], () => new Date(Date.now() + 60_000));
    expect(again.get(event.id)).toBe('handled before');
    const lines: string[] = [];
    const result = await reconcileEventsHandler.run(
      JOB_DEFINITIONS['reconcile-events'].schema.parse({ staleAfterMs: 0, eventIds: [event.id] }),
      jobContext(ctx, lines),
    );
    expect(result).toMatchObject({ lost: 0, retried: 0 });
    expect(ctx.sim.callsTo('user/get')).toHaveLength(0);
    expect(ctx.sim.callsTo(WELCOME_API)).toHaveLength(0);
  });

  it('greets once for two adds sharing one welcome_code and records the second as its duplicate', async () => {
    const guide = addTestGuide(ctx.sim);
    const first = await ctx.sim.addCustomer({ userid: guide, deliver: false });
    const second = await ctx.sim.addCustomer({ userid: guide, deliver: false });
    await ctx.sim.deliver(addXml(guide, first.externalUserid, first.welcomeCode!));
    await ctx.sim.deliver(addXml(guide, second.externalUserid, first.welcomeCode!));
    const [a, b] = [await eventOf(ctx, first.externalUserid), await eventOf(ctx, second.externalUserid)];

    const welcomes = await waitFor(async () => {
      const rows = await ctx.services.db.welcomeMessage.findMany({
        where: { eventId: { in: [a.id, b.id] } },
      });
      return rows.length === 2 && rows.every((w) => w.status !== 'SENDING') ? rows : undefined;
    });
    const sent = welcomes.find((w) => w.status === 'SENT');
    const duplicate = welcomes.find((w) => w.status === 'DUPLICATE');
    expect(sent?.welcomeCode).toBe(first.welcomeCode);
    expect(duplicate).toMatchObject({ duplicateOfId: sent?.id, welcomeCode: null, attempts: 1 });
    const sends = ctx.sim
      .callsTo(WELCOME_API)
      .filter((c) => (c.body as { welcome_code?: string }).welcome_code === first.welcomeCode);
    expect(sends).toHaveLength(1);
    expect(await findUnfinishedWelcomes(ctx.services, new Date(Date.now() + 60_000))).not.toEqual(
      expect.arrayContaining([a.id]),
    );
    expect(await findUnfinishedWelcomes(ctx.services, new Date(Date.now() + 60_000))).not.toEqual(
      expect.arrayContaining([b.id]),
    );
    // Once: run again, the duplicate is finished.
    const again = await sendWelcomes(domainDeps(ctx), [b.id]);
    expect(again.get(b.id)).toBe('handled before');
  });

  it('brings an event that failed for a passing reason back within seconds, after its job gave up', async () => {
    const guide = addTestGuide(ctx.sim);
    // The earlier tests' adds are done, so the injected failures meet this add's reads only.
    await waitFor(
      async () =>
        (await ctx.services.db.callbackEvent.count({
          where: { status: { in: ['RECEIVED', 'PROCESSING'] } },
        })) === 0,
    );
    // -1 (system busy) on every attempt of the event's job: Bull's five tries all fail.
    ctx.sim.failNext('externalcontact/get', -1, 5);
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false });
    const failed = await waitFor(async () => {
      const e = await ctx.services.db.callbackEvent.findFirst({ where: { externalUserid } });
      return e?.status === 'FAILED' && e.attempts === 5 ? e : undefined;
    }, 45_000); // Bull's exponential backoff from 1 s: 1 + 3 + 7 + 15 s between the five tries.
    // Seconds after the last failure, not minutes, the reconciler's next tick (every 30 s) brings it back.
    await new Promise((r) => setTimeout(r, EVENT_RETRY_BACKOFF_MS + 500));
    await ctx.services.queues.enqueue('reconcile-events', { eventIds: [failed.id] });
    const processed = await waitFor(async () => {
      const e = await ctx.services.db.callbackEvent.findUnique({ where: { id: failed.id } });
      return e?.status === 'PROCESSED' ? e : undefined;
    });
    expect(processed.retryAt).toBeNull();
  }, 80_000);

  it('ends the retries of an event two days after it was received, keeping the reason', async () => {
    const guide = addTestGuide(ctx.sim);
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false });
    const event = await waitFor(async () => {
      const e = await ctx.services.db.callbackEvent.findFirst({ where: { externalUserid } });
      return e?.status === 'PROCESSED' ? e : undefined;
    });
    // What two days of passing failures leave behind.
    await ctx.services.db.callbackEvent.update({
      where: { id: event.id },
      data: {
        status: 'FAILED',
        error: 'WeCom externalcontact/get failed: -1 system busy',
        retryAt: new Date(Date.now() - 1000),
        receivedAt: new Date(Date.now() - 2 * 24 * 3600_000 - 60_000),
      },
    });
    const lines: string[] = [];
    const result = await reconcileEventsHandler.run(
      JOB_DEFINITIONS['reconcile-events'].schema.parse({ eventIds: [event.id] }),
      jobContext(ctx, lines),
    );
    expect(result).toMatchObject({ gaveUp: 1, retried: 0, lost: 0 });
    const ended = await ctx.services.db.callbackEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(ended).toMatchObject({ status: 'FAILED', retryAt: null });
    expect(ended.error).toMatch(/^gave up two days .*-1 system busy/);
  });
});

describe('the event reconciler', () => {
  let ctx: TestContext;
  // No worker: the events' jobs stay waiting in Redis, as in a deep queue.
  beforeAll(async () => (ctx = await startTestContext({ worker: false })));
  afterAll(() => ctx.close());

  it('re-queues only events whose job is truly lost, not those waiting in the queue', async () => {
    const guide = addTestGuide(ctx.sim);
    const adds = await Promise.all(
      [1, 2, 3].map(() => ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false })),
    );
    const events = await Promise.all(adds.map((a) => eventOf(ctx, a.externalUserid)));
    const ids = events.map((e) => e.id);
    const queue = ctx.services.queues.queue('process-callback-event');
    await waitFor(async () => (await Promise.all(ids.map((id) => queue.getJob(id)))).every(Boolean));
    // Redis lost one job (flushed, a worker killed mid-job).
    const lostId = ids[1]!;
    await (await queue.getJob(lostId))!.remove();

    const lines: string[] = [];
    const result = await reconcileEventsHandler.run(
      JOB_DEFINITIONS['reconcile-events'].schema.parse({ staleAfterMs: 0, eventIds: ids }),
      jobContext(ctx, lines),
    );
    expect(result).toMatchObject({ lost: 1, waiting: 2, retried: 0 });
    expect(await queue.getJob(lostId)).not.toBeNull();
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; count?: number; level: number });
    expect(warnings.filter((l) => l.msg.includes('lost their job'))).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('greets the first and records the second as a duplicate when one batch holds two adds with one code', async () => {
    const guide = addTestGuide(ctx.sim);
    const first = await ctx.sim.addCustomer({ userid: guide, deliver: false });
    const second = await ctx.sim.addCustomer({ userid: guide, deliver: false });
    await ctx.sim.deliver(addXml(guide, first.externalUserid, first.welcomeCode!));
    await ctx.sim.deliver(addXml(guide, second.externalUserid, first.welcomeCode!));
    const ids = [
      (await eventOf(ctx, first.externalUserid)).id,
      (await eventOf(ctx, second.externalUserid)).id,
    ];
    const results = await sendWelcomes(domainDeps(ctx), ids);
    expect(ids.map((id) => results.get(id)).sort()).toEqual(['duplicate', 'sent']);
    const again = await sendWelcomes(domainDeps(ctx), ids);
    expect(ids.map((id) => again.get(id))).toEqual(['handled before', 'handled before']);
    expect(
      ctx.sim
        .callsTo(WELCOME_API)
        .filter((c) => (c.body as { welcome_code?: string }).welcome_code === first.welcomeCode),
    ).toHaveLength(1);
  });
});

describe('welcomes still unfinished two days after the add', () => {
  let ctx: TestContext;
  // Its own database: the two-day sweep is corp-wide, and the test counts what it changed.
  beforeAll(async () => (ctx = await startTestContext({ worker: false, isolatedDatabase: true })));
  afterAll(() => ctx.close());

  it('are recorded FAILED, whether they were left open or never claimed', async () => {
    const guide = addTestGuide(ctx.sim);
    const [open, unclaimed] = await Promise.all([1, 2].map(() => ctx.sim.addCustomer({ userid: guide })));
    const { db } = ctx.services;
    const [a, b] = [await eventOf(ctx, open!.externalUserid), await eventOf(ctx, unclaimed!.externalUserid)];
    const longAgo = new Date(Date.now() - 2 * 24 * 3600_000 - 3600_000);
    await db.callbackEvent.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { receivedAt: longAgo } });
    // Its fallback kept failing for a passing reason: still SENDING.
    await db.welcomeMessage.create({
      data: {
        eventId: a.id,
        welcomeCode: open!.welcomeCode!,
        guideUserid: guide,
        externalUserid: open!.externalUserid,
        receivedAt: longAgo,
        createdAt: longAgo,
        error: 'connection terminated',
      },
    });
    expect(await failAbandonedWelcomes(ctx.services)).toBe(2);
    const rows = await db.welcomeMessage.findMany({ where: { eventId: { in: [a.id, b.id] } } });
    expect(rows.map((w) => w.status)).toEqual(['FAILED', 'FAILED']);
    expect(rows.find((w) => w.eventId === a.id)?.error).toMatch(/^gave up.*connection terminated/);
    expect(await failAbandonedWelcomes(ctx.services)).toBe(0);
  });
});

describe('a burst over our own rate limit, with two workers', () => {
  // 3 calls per API per 2-second window: 36 adds need 12 windows, far longer than a job's five attempts.
  const env = { WECOM_RATE_LIMIT_PER_MINUTE: '3', WECOM_RATE_LIMIT_WINDOW_MS: '2000' };
  let ctx: TestContext;
  let second: ReturnType<typeof createServices>;
  let stopSecond: () => void;
  beforeAll(async () => {
    ctx = await startTestContext({ env });
    second = createServices(ctx.config, createLogger({ level: 'silent', pretty: false }));
    stopSecond = startWorker({ ...second }, 4).stop;
  });
  afterAll(async () => {
    stopSecond();
    await second.queues.close();
    await second.wecom.close();
    await second.db.$disconnect();
    await ctx.close();
  });

  it('delays the adds it refuses until the window reopens and processes every one', async () => {
    const guide = addTestGuide(ctx.sim, `限流导购${randomBytes(2).toString('hex')}`);
    // Met once before the burst, as any guide in use is.
    const known = await ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false });
    await waitFor(async () => (await eventOf(ctx, known.externalUserid)).status === 'PROCESSED', 20_000);
    const adds = await Promise.all(
      Array.from({ length: 36 }, () => ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false })),
    );
    const ids = adds.map((a) => a.externalUserid);
    const { db } = ctx.services;
    const events = await waitFor(async () => {
      const rows = await db.callbackEvent.findMany({ where: { externalUserid: { in: ids } } });
      return rows.length === ids.length && rows.every((e) => e.status === 'PROCESSED') ? rows : undefined;
    }, 80_000);
    // A postponement is not an attempt: every event was processed by its first counted run.
    expect(events.map((e) => e.attempts)).toEqual(ids.map(() => 1));
    const relations = await db.guideCustomer.count({
      where: { guide: { userid: guide }, status: 'ACTIVE', customer: { externalUserid: { in: ids } } },
    });
    expect(relations).toBe(ids.length);
    // WeCom never saw more than our limit: no 45009 from WeCom itself.
    expect(ctx.sim.calls.filter((c) => c.errcode === 45009)).toHaveLength(0);
    // …and the limit really held: at most 3 calls per API per 2-second window (6 allows for a call admitted at a
    // window's end arriving in the next), where 36 unlimited adds would send their profile reads at once.
    const perWindow = new Map<string, number>();
    for (const c of ctx.sim.callsTo('externalcontact/get')) {
      const key = String(Math.floor(c.at / 2000));
      perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(6);
  }, 100_000);
});
