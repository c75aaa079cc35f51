// Issue #9: the event reconciler finds every lost event, however many others only wait in a deep queue, and
// brings an event that failed for a passing reason back seconds after it is due, not at the next half minute.
import { randomBytes, randomUUID } from 'node:crypto';
import { JOB_DEFINITIONS } from '../../bot/domain/jobs/job-definitions';
import { createLogger } from '../../bot/logger';
import type { JobContext } from '../../jobs/define-handler';
import { reconcileEventsHandler } from '../../jobs/handlers/reconcile-events';
import { startScheduler } from '../../jobs/scheduler';
import { findPendingJobIds } from '../../jobs/worker';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';

const silent = createLogger({ level: 'silent', pretty: false });

describe('the event reconciler behind a deep queue', () => {
  let ctx: TestContext;
  // No worker: the jobs stay waiting, as in a deep queue. Its own database: the reconciler reads every event.
  beforeAll(async () => (ctx = await startTestContext({ worker: false, isolatedDatabase: true })));
  afterAll(() => ctx.close());

  /** Stored, stale (untouched for a minute) events, oldest first, as a burst leaves them. */
  async function storeStaleEvents(count: number, receivedFrom: Date): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await ctx.services.pool.query(
      `INSERT INTO callback_event (id, dedupe_key, msg_type, event, change_type, userid, external_userid,
                                   created_at_wecom, fields, raw_xml, received_at, updated_at)
       SELECT id, 'evt:' || id, 'event', 'change_external_contact', 'edit_external_contact', 'nobody',
              'wm' || md5(id::text), $2::timestamptz, '{}'::jsonb, '', $2::timestamptz + (n * interval '1 millisecond'),
              now() - interval '1 minute'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids, receivedFrom],
    );
    return ids;
  }

  it('finds a lost event behind a full page of events whose jobs are only waiting', async () => {
    const waiting = await storeStaleEvents(1000, new Date(Date.now() - 10 * 60_000));
    await ctx.services.queues.enqueueMany(
      'process-callback-event',
      waiting.map((eventId) => ({ payload: { eventId } })),
    );
    // Newer than all of them, and its job is gone (Redis flushed, a worker killed mid-job).
    const [lost] = await storeStaleEvents(1, new Date(Date.now() - 5 * 60_000));

    const ctxForJob: JobContext<'reconcile-events'> = {
      ...domainDeps(ctx),
      config: ctx.config,
      logger: silent,
      findPendingJobIds: (name, jobIds) => findPendingJobIds(ctx.services.queues, name, jobIds),
    };
    const result = await reconcileEventsHandler.run(
      JOB_DEFINITIONS['reconcile-events'].schema.parse({ staleAfterMs: 0 }),
      ctxForJob,
    );
    expect(result).toMatchObject({ lost: 1, waiting: 1000, retried: 0 });
    expect(await ctx.services.queues.queue('process-callback-event').getJob(lost!)).not.toBeNull();
  });
});

describe('an event that failed for a passing reason', () => {
  let ctx: TestContext;
  let stopScheduler: () => void = () => undefined;
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(async () => {
    stopScheduler();
    await ctx.close();
  });

  it('is processed again by the scheduled reconciler seconds after it is due', async () => {
    const guide = addTestGuide(ctx.sim, `重试导购${randomBytes(2).toString('hex')}`);
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, withWelcomeCode: false });
    const { db } = ctx.services;
    const event = await waitFor(async () => {
      const e = await db.callbackEvent.findFirst({ where: { externalUserid } });
      return e?.status === 'PROCESSED' ? e : undefined;
    });
    // What a run that met a Redis or PostgreSQL blip leaves: FAILED, due again a few seconds from now.
    await db.callbackEvent.update({
      where: { id: event.id },
      data: { status: 'FAILED', error: 'Connection terminated', retryAt: new Date(Date.now() + 3_000) },
    });
    // The scheduler's first tick comes at once, before the event is due; the next one must not be half a
    // minute away.
    stopScheduler = startScheduler(ctx.services.queues, silent).stop;
    const processed = await waitFor(async () => {
      const e = await db.callbackEvent.findUnique({ where: { id: event.id } });
      return e?.status === 'PROCESSED' ? e : undefined;
    }, 20_000);
    expect(processed).toMatchObject({ retryAt: null, error: null });
  }, 60_000);
});
