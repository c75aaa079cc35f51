import { readdir } from 'node:fs/promises';
import { type TestContext, addTestGuide, startTestContext, waitFor } from '../helpers/harness';
import { testDatabaseUrl } from '../helpers/services';
import { type TcpProxy, startTcpProxy } from '../helpers/tcp-proxy';

// PostgreSQL goes away in the middle of a stream of adds: the bot's connections (web and worker) pass through a
// proxy the test cuts, while the server itself, shared with other test files, stays up.
describe('an add that arrives while PostgreSQL is down', () => {
  let ctx: TestContext;
  let proxy: TcpProxy;
  let guide: string;

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    ctx = await startTestContext({ env: { DATABASE_URL: proxy.urlFor(testDatabaseUrl()) } });
    guide = addTestGuide(ctx.sim, '断网测试导购');
  });
  afterAll(async () => {
    proxy.restore();
    await ctx.close();
    await proxy.close();
  });

  const add = async (name: string) => {
    const result = await ctx.sim.addCustomer({ userid: guide, name });
    return {
      externalUserid: result.externalUserid,
      welcomeCode: result.welcomeCode!,
      delivery: result.delivery!,
    };
  };

  it('is acknowledged, stored once when PostgreSQL is back, and greeted once', async () => {
    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => add(`断网前${i}`)));
    proxy.cut();
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => add(`断网中${i}`)));
    // While it is down the events wait in the spool, fsynced.
    const spooled = await readdir(ctx.config.http.callbackSpoolDir);
    proxy.restore();
    const after = await Promise.all(Array.from({ length: 5 }, (_, i) => add(`断网后${i}`)));
    const adds = [...before, ...during, ...after];

    // WeCom re-sends only on a timeout (API.md §1.6): an error answer would have lost the event.
    for (const a of adds)
      expect({ status: a.delivery.status, body: a.delivery.body }).toEqual({ status: 200, body: 'success' });
    expect(spooled.filter((f) => f.endsWith('.jsonl')).length).toBeGreaterThan(0);

    const ids = adds.map((a) => a.externalUserid);
    const { db } = ctx.services;
    await waitFor(async () => {
      const events = await db.callbackEvent.findMany({ where: { externalUserid: { in: ids } } });
      return events.length === adds.length && events.every((e) => e.status === 'PROCESSED');
    }, 30_000);
    // Each once: no event lost, none stored twice.
    const events = await db.callbackEvent.groupBy({
      by: ['externalUserid'],
      where: { externalUserid: { in: ids } },
      _count: true,
    });
    expect(events.map((e) => e._count).sort()).toEqual(ids.map(() => 1));
    const relations = await db.guideCustomer.count({
      where: { guide: { userid: guide }, customer: { externalUserid: { in: ids } }, status: 'ACTIVE' },
    });
    expect(relations).toBe(adds.length);

    // Each greeted once: a welcome inside WeCom's 20 seconds (the outage was short), never a second one.
    await waitFor(async () => {
      const welcomes = await db.welcomeMessage.findMany({ where: { externalUserid: { in: ids } } });
      return welcomes.length === adds.length && welcomes.every((w) => w.status !== 'SENDING');
    }, 30_000);
    const sends = ctx.sim.callsTo('externalcontact/send_welcome_msg');
    for (const a of adds) {
      const forCode = sends.filter(
        (c) => (c.body as { welcome_code?: string }).welcome_code === a.welcomeCode,
      );
      expect(forCode.filter((c) => c.errcode === 0)).toHaveLength(1);
    }
    expect(await readdir(ctx.config.http.callbackSpoolDir)).toEqual([]);
  }, 90_000);
});
