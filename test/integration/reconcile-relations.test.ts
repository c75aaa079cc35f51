import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { reconcileRelations } from '../../bot/domain/sync/reconcile-relations';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';

// Anti-entropy: callbacks that never reached us (an outage of ours, a lost delivery) are found by comparing
// every guide's customers with WeCom's list. The corp's relations are corp-wide state: a database of its own.
describe('reconciling relations with WeCom', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
  });
  afterAll(() => ctx.close());

  /** A change in WeCom whose callback is lost. */
  const withoutCallback = async <T>(change: () => Promise<T>): Promise<T> => {
    ctx.sim.setCallbackUrl(null);
    try {
      return await change();
    } finally {
      ctx.sim.setCallbackUrl(ctx.callbackUrl);
    }
  };

  const relation = async (userid: string, externalUserid: string) => {
    const { db } = ctx.services;
    const row = await db.guideCustomer.findFirst({
      where: { guide: { userid }, customer: { externalUserid } },
    });
    if (!row) return null;
    const followUps = await db.followUp.findMany({
      where: { guideId: row.guideId, customerId: row.customerId },
    });
    return { ...row, followUps };
  };

  it('waits for the first import: before it, every customer would look like a missed add', async () => {
    const run = await reconcileRelations(domainDeps(ctx));
    expect(run).toMatchObject({ isImported: false, added: 0, removed: 0 });
    expect(await ctx.services.db.guideCustomer.count()).toBe(0);
    expect(ctx.sim.callsTo('externalcontact/batch/get_by_user')).toHaveLength(0);
  });

  it('heals a lost add and a lost deletion the way their callbacks would have, once', async () => {
    await runInitialSync(domainDeps(ctx));
    const lostAdd = await withoutCallback(() =>
      ctx.sim.addCustomer({ userid: 'zhangsan', name: '漏掉的顾客' }),
    );
    const deleted = [...ctx.sim.state.relations].find((r) => r.userid === 'lisi' && r.status === 'active')!;
    await withoutCallback(() => ctx.sim.guideDeletesCustomer('lisi', deleted.externalUserid));
    expect(await relation('zhangsan', lostAdd.externalUserid)).toBeNull();
    expect((await relation('lisi', deleted.externalUserid))?.status).toBe('ACTIVE');

    const run = await reconcileRelations(domainDeps(ctx));
    expect(run).toMatchObject({ isImported: true, added: 1, removed: 1 });

    // The add: the relation, its profile, and a greeting follow-up (its welcome_code is long gone) besides the
    // 7-day one; no welcome is attempted.
    const added = await relation('zhangsan', lostAdd.externalUserid);
    expect(added?.status).toBe('ACTIVE');
    // The greeting is due at once: REMINDED instead of PENDING if the suite runs in working hours and the reminder
    // digest went out already.
    const open = (status: string) => (status === 'REMINDED' ? 'PENDING' : status);
    expect(added?.followUps.map((f) => `${f.kind}:${open(f.status)}`).sort()).toEqual([
      'GREETING:PENDING',
      'INTERACTION:PENDING',
    ]);
    const customer = await ctx.services.db.customer.findUnique({
      where: { externalUserid: lostAdd.externalUserid },
    });
    expect(customer?.name).toBe('漏掉的顾客');
    expect(ctx.sim.callsTo('externalcontact/send_welcome_msg')).toHaveLength(0);

    // The deletion, confirmed with externalcontact/get first.
    const removed = await relation('lisi', deleted.externalUserid);
    expect(removed).toMatchObject({ status: 'DELETED_BY_GUIDE', deleteSource: 'RECONCILED' });
    expect(
      ctx.sim.callsTo('externalcontact/get').some((c) => c.query.external_userid === deleted.externalUserid),
    ).toBe(true);

    // Nothing is done twice.
    const again = await reconcileRelations(domainDeps(ctx));
    expect(again).toMatchObject({ added: 0, removed: 0 });
    expect((await relation('zhangsan', lostAdd.externalUserid))?.followUps).toHaveLength(2);
  });
});
