// Member groups at scale: 1,000,000 customers, 10,000,000 tag links. Times a group's count plus its first page
// of members (target: under 500 ms together) for a realistic rule. The seed lives in its own database,
// scrm_bench_groups, kept between runs: it is seeded again only when its row counts are not the expected ones.
import { Client } from 'pg';
import type { Actor } from '../bot/domain/access/actor';
import { countGroupMembers, groupCountQuery } from '../bot/domain/groups/count-group-members';
import { type LoadedGroup, findGroupById } from '../bot/domain/groups/find-group';
import { groupMembersPageQuery, listGroupMembers } from '../bot/domain/groups/list-group-members';
import { createDatabase } from '../bot/db';
import { applyMigrations } from '../prisma/migrate';
import { withDatabase } from '../test/helpers/services';
import { ensureDatabase, ms, percentile } from './common';

const CUSTOMERS = 1_000_000;
const TAGS_PER_RELATION = 10;
const STORES = 50;
const GUIDES = 500;
const TAGS = 200;
/** The first POPULAR tags are on ~15% of relations each; the other 180 on ~4% each. */
const POPULAR = 20;
const DATABASE = 'scrm_bench_groups';
const HQ: Actor = { kind: 'hq', label: 'bench' };

/** The deterministic ids the seed uses, so a cached seed and a new run agree on them. */
const idOf = (prefix: string, n: number) => `md5('${prefix}' || ${n})::uuid`;

export async function benchGroups(
  services: { databaseUrl: string },
  runs: number,
  verbose: boolean,
): Promise<string[]> {
  const url = withDatabase(services.databaseUrl, DATABASE);
  await ensureDatabase(url);
  await applyMigrations(url);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const { db, pool } = createDatabase(url, 4, (error) =>
    process.stderr.write(`bench: an idle PostgreSQL connection dropped: ${error.message}\n`),
  );
  try {
    const seeded = await seedIfNeeded(pg);
    const storeX = await scalar(pg, `SELECT ${idOf('s', 7)}::text`);
    const [tagA, tagB] = [
      await scalar(pg, `SELECT ${idOf('t', 3)}::text`),
      await scalar(pg, `SELECT ${idOf('t', 42)}::text`),
    ];
    const anyOf = { any: [{ tag: tagB }, { lifecycle: ['ONBOARDING', 'AWAKENING'] }] };
    const rules = [
      {
        label: 'tag A AND (tag B OR lifecycle in [入会期, 唤醒期]) AND store X',
        rule: { all: [{ tag: tagA }, anyOf, { stores: [storeX] }] },
      },
      { label: 'the same rule corp-wide (no store)', rule: { all: [{ tag: tagA }, anyOf] } },
    ];
    const report = [
      `member groups (${CUSTOMERS.toLocaleString('en')} customers, ${(CUSTOMERS * TAGS_PER_RELATION).toLocaleString('en')} tag links, ${STORES} stores, ${GUIDES} guides, ${TAGS} tags)`,
      seeded === null ? '  seed: cached (row counts already there)' : `  seed: ${ms(seeded)}`,
    ];
    for (const { label, rule } of rules) {
      // Via SQL, not createGroup: the bench has no HQ session and the rule is known to be valid.
      const groupId = await scalar(
        pg,
        `INSERT INTO customer_group (id, name, kind, rule, updated_at) VALUES (gen_random_uuid(), $1, 'RULE', $2, now()) RETURNING id::text`,
        [label, JSON.stringify(rule)],
      );
      const deps = { db, pool };
      const timings: number[] = [];
      let count = { relations: 0, customers: 0 };
      let pageSize = 0;
      for (let run = 0; run <= runs; run += 1) {
        const started = performance.now();
        count = await countGroupMembers(deps, HQ, groupId);
        pageSize = (await listGroupMembers(deps, HQ, groupId, { limit: 50 })).members.length;
        // Run 0 warms the caches and is not counted.
        if (run > 0) timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      report.push(
        `  ${label}: ${count.relations} relations / ${count.customers} customers, first page ${pageSize} rows; ` +
          `count + first page p50 ${ms(percentile(timings, 50))}, p95 ${ms(percentile(timings, 95))} over ${runs} runs`,
      );
      if (verbose) report.push(...(await explain(pg, await findGroupById({ db }, groupId))));
      await pg.query('DELETE FROM customer_group WHERE id = $1', [groupId]);
    }
    return report;
  } finally {
    await db.$disconnect();
    await pg.end();
  }
}

async function explain(pg: Client, group: LoadedGroup): Promise<string[]> {
  const out: string[] = [];
  const now = new Date();
  for (const query of [
    groupCountQuery(group, HQ, now),
    groupMembersPageQuery(group, HQ, { limit: 50 }, now),
  ]) {
    const { rows } = await pg.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${query.text}`,
      query.values,
    );
    out.push(...rows.map((r) => `    ${r['QUERY PLAN']}`), '');
  }
  return out;
}

async function scalar(pg: Client, sql: string, values: unknown[] = []): Promise<string> {
  const { rows } = await pg.query<Record<string, string>>(sql, values);
  return Object.values(rows[0] ?? {})[0] ?? '';
}

/** Seeds unless the counts are already there; returns how long seeding took, or null if it was cached. */
async function seedIfNeeded(pg: Client): Promise<number | null> {
  const customers = Number(await scalar(pg, 'SELECT count(*) FROM customer'));
  const links = Number(await scalar(pg, 'SELECT count(*) FROM relation_tag'));
  if (customers === CUSTOMERS && links === CUSTOMERS * TAGS_PER_RELATION) return null;
  const started = performance.now();
  await seed(pg);
  return performance.now() - started;
}

/**
 * Everything in set-based SQL (generate_series), ids derived from md5 so they are as random as real uuids.
 * Attributes come from integer hashes of the row number, so tags, stores and stages are independent of each other.
 */
async function seed(pg: Client): Promise<void> {
  const h = (salt: number, of = 'i') => `(hashint4(${of} # ${salt})::bigint & 2147483647)`;
  await pg.query(`SET maintenance_work_mem = '1GB'`);
  await pg.query('SET synchronous_commit = off');
  // Foreign keys are checked by triggers, row by row; the seed is consistent by construction.
  await pg.query(`SET session_replication_role = replica`);
  await pg.query(
    'TRUNCATE relation_tag, customer_group_member, follow_up, interaction, guide_customer, customer, tag, tag_group, guide, store CASCADE',
  );
  await pg.query(`INSERT INTO store (id, wecom_dept_id, name, updated_at)
    SELECT md5('s' || s)::uuid, 100000 + s, '门店' || s, now() FROM generate_series(0, ${STORES - 1}) s`);
  await pg.query(`INSERT INTO guide (id, userid, name, store_id, updated_at)
    SELECT md5('g' || j)::uuid, 'bench_g' || j, '导购' || j, md5('s' || (j % ${STORES}))::uuid, now()
    FROM generate_series(0, ${GUIDES - 1}) j`);
  await pg.query(`INSERT INTO tag_group (id, wecom_group_id, name, updated_at)
    SELECT md5('tg' || k)::uuid, 'bench_tg' || k, '标签组' || k, now() FROM generate_series(0, 9) k`);
  await pg.query(`INSERT INTO tag (id, wecom_tag_id, group_id, name, updated_at)
    SELECT md5('t' || k)::uuid, 'bench_t' || k, md5('tg' || (k % 10))::uuid, '标签' || k, now()
    FROM generate_series(0, ${TAGS - 1}) k`);
  await pg.query(`INSERT INTO customer (id, external_userid, name, joined_at, last_purchase_at, order_count,
                                        spend_cents, preferred_category, lifecycle_stage, updated_at)
    SELECT md5('c' || i)::uuid, 'wm_bench_' || i, '顾客' || i,
           now() - make_interval(days => (${h(1)} % 720)::int),
           CASE WHEN ${h(2)} % 10 < 3 THEN NULL ELSE now() - make_interval(days => (${h(3)} % 400)::int) END,
           (${h(2)} % 10 >= 3)::int * (1 + ${h(4)} % 12),
           (${h(2)} % 10 >= 3)::int * (1 + ${h(4)} % 12) * (5000 + ${h(5)} % 30000),
           (ARRAY['湖南特产', '零食', '冷链产品', '送礼', '茶饮', NULL])[1 + ${h(6)} % 6],
           (ARRAY['ONBOARDING', 'AWAKENING', 'RECALL', 'DORMANT', 'LAPSED', NULL])[1 + ${h(7)} % 6]::lifecycle_stage,
           now()
    FROM generate_series(1, ${CUSTOMERS}) i`);
  await pg.query(`INSERT INTO guide_customer (id, guide_id, customer_id, status, added_at, updated_at)
    SELECT md5('r' || i)::uuid, md5('g' || (${h(8)} % ${GUIDES}))::uuid, md5('c' || i)::uuid,
           (CASE WHEN ${h(9)} % 33 = 0 THEN 'DELETED_BY_CUSTOMER' ELSE 'ACTIVE' END)::relation_status, now(), now()
    FROM generate_series(1, ${CUSTOMERS}) i`);
  // Indexes are built once after the bulk load rather than maintained row by row (same names as the migrations).
  await pg.query('ALTER TABLE relation_tag DROP CONSTRAINT relation_tag_pkey');
  await pg.query('DROP INDEX relation_tag_tag_id_relation_id_idx');
  // Per relation: 3 distinct popular tags (offset p, step 3 in 20) and 7 distinct others (offset q, step 17 in 180).
  await pg.query(`INSERT INTO relation_tag (relation_id, tag_id)
    SELECT md5('r' || i)::uuid,
           md5('t' || CASE WHEN k < 3 THEN (p + 3 * k) % ${POPULAR}
                           ELSE ${POPULAR} + (q + 17 * (k - 3)) % ${TAGS - POPULAR} END)::uuid
    FROM (SELECT i, ${h(10)} % ${POPULAR} AS p, ${h(11)} % ${TAGS - POPULAR} AS q
          FROM generate_series(1, ${CUSTOMERS}) i) r
    CROSS JOIN generate_series(0, ${TAGS_PER_RELATION - 1}) k`);
  await pg.query(
    'ALTER TABLE relation_tag ADD CONSTRAINT relation_tag_pkey PRIMARY KEY (relation_id, tag_id)',
  );
  await pg.query('CREATE INDEX relation_tag_tag_id_relation_id_idx ON relation_tag (tag_id, relation_id)');
  await pg.query('SET session_replication_role = DEFAULT');
  await pg.query('VACUUM (ANALYZE) store, guide, tag, customer, guide_customer, relation_tag');
}
