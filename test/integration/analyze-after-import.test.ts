import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';

const GUIDES = 4;
const PER_GUIDE = 750;
const FILLED = ['customer', 'guide_customer', 'relation_tag'];

describe('statistics after a bulk import', () => {
  let ctx: TestContext;
  // Its own database: its statistics are what is under test.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    // As on a server whose autovacuum is off or behind: nothing but the job itself may refresh the statistics.
    for (const table of FILLED) {
      await ctx.services.pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    }
  });
  afterAll(() => ctx.close());

  /** A corp far larger than the demo one, straight into the simulator's state. */
  function seedCorp(): string[] {
    const userids = Array.from({ length: GUIDES }, (_, g) => `stats_guide_${g}`);
    userids.forEach((userid) =>
      ctx.sim.state.members.set(userid, {
        userid,
        name: userid,
        department: [2],
        mainDepartment: 2,
        position: '导购',
        hasCustomerContact: true,
      }),
    );
    for (let i = 0; i < GUIDES * PER_GUIDE; i += 1) {
      const externalUserid = `wmStats${String(i).padStart(8, '0')}`;
      const userid = userids[i % GUIDES]!;
      ctx.sim.state.customers.set(externalUserid, {
        externalUserid,
        name: '顾客',
        type: 1,
        gender: 0,
        avatar: '',
      });
      ctx.sim.state.relations.push({
        userid,
        externalUserid,
        remark: '',
        description: '',
        createtime: 1_775_000_000,
        addWay: 1,
        operUserid: userid,
        remarkCorpName: '',
        remarkMobiles: [],
        tagIds: [],
        status: 'active',
      });
    }
    return userids;
  }

  /** The planner's row estimate for a query, from EXPLAIN. */
  async function estimatedRows(sql: string, params: unknown[]): Promise<number> {
    const { rows } = await ctx.services.pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    return rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  it("leaves the planner knowing the tables' sizes and the relations per guide", async () => {
    const userids = seedCorp();
    const result = await runInitialSync(domainDeps(ctx));
    const { pool } = ctx.services;
    const relations = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM guide_customer')).rows[0]!.n,
    );
    expect(result.relations).toBe(relations);
    expect(relations).toBeGreaterThanOrEqual(GUIDES * PER_GUIDE);

    // The table's size as the planner has it (-1 until a table was first analyzed or vacuumed)…
    const { rows: sizes } = await pool.query<{ relname: string; reltuples: number }>(
      'SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1::text[])',
      [FILLED],
    );
    const reltuples = new Map(sizes.map((r) => [r.relname, r.reltuples]));
    expect(reltuples.get('guide_customer')).toBe(relations);
    expect(reltuples.get('customer')).toBeGreaterThanOrEqual(GUIDES * PER_GUIDE);
    // …the column statistics a guide's or a store's listing is planned with…
    const { rows: stats } = await pool.query<{ n_distinct: number }>(
      "SELECT n_distinct FROM pg_stats WHERE tablename = 'guide_customer' AND attname = 'guide_id'",
    );
    expect(stats).toHaveLength(1);
    // …so one guide's relations are estimated at what they are, not at PostgreSQL's default guess (0.5%).
    const { rows: guide } = await pool.query<{ id: string }>('SELECT id FROM guide WHERE userid = $1', [
      userids[0],
    ]);
    const estimate = await estimatedRows('SELECT * FROM guide_customer WHERE guide_id = $1', [guide[0]!.id]);
    expect(estimate).toBeGreaterThan(PER_GUIDE * 0.8);
    expect(estimate).toBeLessThan(PER_GUIDE * 1.25);
  });
});
