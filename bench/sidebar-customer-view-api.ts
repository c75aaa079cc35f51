// The customer-view API at scale (DESIGN.md §5: p95 under 50 ms with a million contacts): GET
// /api/v1/customer-view as the sidebar calls it, signed in through WeCom OAuth (the simulator's authorize step),
// as a guide over their own customers and as a store manager over the store's, against 1,000,000 customers with
// relations, tags, orders, welcomes, follow-ups, tag changes, channels and member groups. The seed lives in its
// own database, scrm_bench_sidebar, kept between runs: it is seeded again only when its row counts are not the
// expected ones.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { applyMigrations } from '../prisma/migrate';
import { signIn } from '../test/helpers/sign-in';
import { withDatabase } from '../test/helpers/services';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ensureDatabase, ms, percentile, startBot, stopBot } from './common';

const CUSTOMERS = 1_000_000;
/** One customer in ten also follows a second guide (of the same store), as in a real chain. */
const SECOND_FOLLOWS = 100_000;
const STORES = 50;
const GUIDES = 500;
const TAGS = 200;
const TAGS_PER_RELATION = 5;
const ORDERS_PER_BUYER = 3;
const RULE_GROUPS = 20;
const LIST_GROUPS = 5;
const DATABASE = 'scrm_bench_sidebar';
/** The measured guide (store 0) and the manager of store 0 (its WeCom department's leader). */
const GUIDE = 'bench_g50';
const MANAGER = 'bench_mgr0';

export async function benchCustomerViewApi(
  services: { databaseUrl: string; redisUrl: string },
  requests: number,
): Promise<string[]> {
  const url = withDatabase(services.databaseUrl, DATABASE);
  await ensureDatabase(url);
  await applyMigrations(url);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const sim = await startWecomSimulator({});
  try {
    const seeded = await seedIfNeeded(pg);
    const counts = await rowCounts(pg);
    // The two who sign in must be members of the simulated corp (auth/getuserinfo, user/get).
    for (const [userid, name, dept] of [
      [GUIDE, '导购50', 100_000],
      [MANAGER, '店长0', 100_000],
    ] as const) {
      sim.state.members.set(userid, {
        userid,
        name,
        department: [dept],
        mainDepartment: dept,
        position: userid === GUIDE ? '导购' : '店长',
        hasCustomerContact: userid === GUIDE,
      });
    }
    const env = botEnv(url, services.redisUrl, sim.url, {
      PROCESS_ROLES: 'web',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      WECOM_OAUTH_AUTHORIZE_URL: `${sim.url}/connect/oauth2/authorize`,
      WECOM_WEB_LOGIN_URL: `${sim.url}/wwlogin/sso/login`,
    });
    const bot = await startBot(['bot', JSON.stringify(env)]);
    try {
      const botUrl = bot.url!;
      const lines = [
        `customer view API (GET /api/v1/customer-view, signed-in session; ${counts})`,
        seeded === null ? '  seed: cached (row counts already there)' : `  seed: ${ms(seeded)}`,
      ];
      for (const [who, userid, sql] of [
        ['guide (own customers)', GUIDE, GUIDE_CUSTOMERS],
        ['store manager (the store’s customers)', MANAGER, STORE_CUSTOMERS],
      ] as const) {
        const cookie = await signIn(botUrl, sim, userid);
        const { rows } = await pg.query<{ external_userid: string }>(sql);
        const ids = rows.map((r) => r.external_userid);
        const view = viewRequester(botUrl, cookie, ids);
        // Warm-up (not counted): a fresh process compiles its hot paths, and PostgreSQL fills its cache.
        await inFlight(view, 4, 300);
        const one = await inFlight(view, 1, requests);
        const eight = await inFlight(view, 8, requests);
        lines.push(
          `  ${who}, ${ids.length.toLocaleString('en')} customers sampled at random ` +
            `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores after the run):`,
          `    1 in flight: ${summary(one)} (target p95 < 50 ms)`,
          `    8 in flight: ${summary(eight)}`,
        );
      }
      return lines;
    } finally {
      await stopBot(bot);
    }
  } finally {
    await sim.stop();
    await pg.end();
  }
}

const GUIDE_CUSTOMERS = `SELECT c.external_userid FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id
  JOIN customer c ON c.id = gc.customer_id WHERE g.userid = '${GUIDE}' AND gc.status = 'ACTIVE'`;
// Store 0's guides are bench_g0, bench_g50, bench_g100, … (guide j works at store j % 50).
const STORE_CUSTOMERS = `SELECT DISTINCT c.external_userid FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id
  JOIN store s ON s.id = g.store_id JOIN customer c ON c.id = gc.customer_id
  WHERE '${MANAGER}' = ANY(s.leader_userids) AND gc.status = 'ACTIVE'`;

type View = (i: number) => Promise<{ ms: number; ok: boolean }>;

function viewRequester(url: string, cookie: string, externalUserids: string[]): View {
  return async () => {
    const id = externalUserids[Math.floor(Math.random() * externalUserids.length)]!;
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/customer-view?externalUserid=${encodeURIComponent(id)}`, {
      headers: { cookie },
    });
    const body = (await res.json()) as { customer?: { externalUserid?: string } };
    return { ms: performance.now() - t0, ok: res.status === 200 && body.customer?.externalUserid === id };
  };
}

interface Run {
  results: { ms: number; ok: boolean }[];
  elapsedMs: number;
}

async function inFlight(view: View, concurrency: number, count: number): Promise<Run> {
  const started = Date.now();
  const results: { ms: number; ok: boolean }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) results.push(await view(next++));
    }),
  );
  return { results, elapsedMs: Date.now() - started };
}

function summary({ results, elapsedMs }: Run): string {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const failed = results.filter((r) => !r.ok).length;
  return (
    `${results.length} requests, p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, ` +
    `p99 ${ms(percentile(sorted, 99))}, ${((results.length / elapsedMs) * 1000).toFixed(0)}/s` +
    (failed ? `, ${failed} FAILED (not 200 with that customer)` : '')
  );
}

async function scalar(pg: Client, sql: string): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

const EXPECTED = {
  customer: CUSTOMERS,
  guide_customer: CUSTOMERS + SECOND_FOLLOWS,
  relation_tag: (CUSTOMERS + SECOND_FOLLOWS) * TAGS_PER_RELATION,
  customer_group: RULE_GROUPS + LIST_GROUPS,
};

async function rowCounts(pg: Client): Promise<string> {
  const parts: string[] = [];
  for (const table of [
    'customer',
    'guide_customer',
    'relation_tag',
    '"order"',
    'welcome_message',
    'follow_up',
    'tag_change',
    'customer_group_member',
  ]) {
    parts.push(
      `${(await scalar(pg, `SELECT count(*) AS n FROM ${table}`)).toLocaleString('en')} ${table.replace(/"/g, '')}`,
    );
  }
  return parts.join(', ');
}

/** Seeds unless the counts are already there; returns how long seeding took, or null if it was cached. */
async function seedIfNeeded(pg: Client): Promise<number | null> {
  let isSeeded = true;
  for (const [table, count] of Object.entries(EXPECTED)) {
    if ((await scalar(pg, `SELECT count(*) AS n FROM ${table}`)) !== count) isSeeded = false;
  }
  if (
    isSeeded &&
    (await scalar(pg, `SELECT count(*) AS n FROM store WHERE '${MANAGER}' = ANY(leader_userids)`)) === 1
  )
    return null;
  const started = performance.now();
  await seed(pg);
  return performance.now() - started;
}

/**
 * Set-based SQL only (generate_series), ids from md5 so they are as random as real uuids, attributes from integer
 * hashes of the row number so that they are independent of each other (as bench/groups.ts seeds).
 */
async function seed(pg: Client): Promise<void> {
  const h = (salt: number, of = 'i') => `(hashint4(${of} # ${salt})::bigint & 2147483647)`;
  const guideOf = (i: string) => `(${h(8, i)} % ${GUIDES})`;
  await pg.query(`SET maintenance_work_mem = '1GB'`);
  await pg.query('SET synchronous_commit = off');
  // Foreign keys are checked by triggers, row by row; the seed is consistent by construction.
  await pg.query('SET session_replication_role = replica');
  await pg.query(
    `TRUNCATE relation_tag, tag_change, customer_group_member, customer_group, follow_up, interaction, "order",
              welcome_message, guide_customer, customer, contact_way, tag, tag_group, guide, store CASCADE`,
  );
  await pg.query(`INSERT INTO store (id, wecom_dept_id, name, leader_userids, updated_at)
    SELECT md5('s' || s)::uuid, 100000 + s, '门店' || s,
           CASE WHEN s = 0 THEN ARRAY['${MANAGER}'] ELSE ARRAY[]::text[] END, now()
    FROM generate_series(0, ${STORES - 1}) s`);
  await pg.query(`INSERT INTO guide (id, userid, name, store_id, updated_at)
    SELECT md5('g' || j)::uuid, 'bench_g' || j, '导购' || j, md5('s' || (j % ${STORES}))::uuid, now()
    FROM generate_series(0, ${GUIDES - 1}) j`);
  await pg.query(`INSERT INTO tag_group (id, wecom_group_id, name, updated_at)
    SELECT md5('tg' || k)::uuid, 'bench_tg' || k, '标签组' || k, now() FROM generate_series(0, 9) k`);
  await pg.query(`INSERT INTO tag (id, wecom_tag_id, group_id, name, updated_at)
    SELECT md5('t' || k)::uuid, 'bench_t' || k, md5('tg' || (k % 10))::uuid, '标签' || k, now()
    FROM generate_series(0, ${TAGS - 1}) k`);
  await pg.query(`INSERT INTO contact_way (id, config_id, state, name, purpose, type, updated_at)
    SELECT md5('cw' || k)::uuid, 'bench_cw' || k, 'bench_state_' || k, '渠道' || k, 'STORE', 2, now()
    FROM generate_series(0, 19) k`);
  await pg.query(`INSERT INTO customer (id, external_userid, name, avatar, joined_at, last_purchase_at, order_count,
                                        spend_cents, preferred_category, lifecycle_stage, lifecycle_changed_at, updated_at)
    SELECT md5('c' || i)::uuid, 'wm_bench_' || i, '顾客' || i, 'http://wx.qlogo.cn/mmhead/bench' || i || '/0',
           now() - make_interval(days => (${h(1)} % 720)::int),
           CASE WHEN ${h(2)} % 10 < 3 THEN NULL ELSE now() - make_interval(days => (${h(3)} % 400)::int) END,
           (${h(2)} % 10 >= 3)::int * ${ORDERS_PER_BUYER},
           (${h(2)} % 10 >= 3)::int * ${ORDERS_PER_BUYER} * (5000 + ${h(5)} % 30000),
           (ARRAY['湖南特产', '零食', '冷链产品', '送礼', '茶饮', NULL])[1 + ${h(6)} % 6],
           (ARRAY['ONBOARDING', 'AWAKENING', 'RECALL', 'DORMANT', 'LAPSED', NULL])[1 + ${h(7)} % 6]::lifecycle_stage,
           now() - make_interval(days => (${h(9)} % 90)::int), now()
    FROM generate_series(1, ${CUSTOMERS}) i`);
  // Relations 1..1,000,000: each customer's first guide; 1,000,001..1,100,000: a second guide of the same store.
  await pg.query(`INSERT INTO guide_customer (id, guide_id, customer_id, status, remark, description, added_at, add_way,
                                              contact_way_id, last_interaction_at, updated_at)
    SELECT md5('r' || r)::uuid,
           md5('g' || CASE WHEN r <= ${CUSTOMERS} THEN ${guideOf('r')}
                           ELSE (${guideOf(`(r - ${CUSTOMERS})`)} + ${STORES}) % ${GUIDES} END)::uuid,
           md5('c' || CASE WHEN r <= ${CUSTOMERS} THEN r ELSE r - ${CUSTOMERS} END)::uuid,
           (CASE WHEN ${h(10, 'r')} % 33 = 0 THEN 'DELETED_BY_CUSTOMER' ELSE 'ACTIVE' END)::relation_status,
           CASE WHEN ${h(11, 'r')} % 2 = 0 THEN '备注' || r END,
           CASE WHEN ${h(11, 'r')} % 4 = 0 THEN '喜欢辣味零食，周末来店' END,
           now() - make_interval(days => (${h(12, 'r')} % 700)::int), 1 + ${h(13, 'r')} % 3,
           CASE WHEN ${h(14, 'r')} % 10 < 3 THEN md5('cw' || (${h(14, 'r')} % 20))::uuid END,
           CASE WHEN ${h(15, 'r')} % 3 > 0 THEN now() - make_interval(hours => (${h(15, 'r')} % 2000)::int) END,
           now()
    FROM generate_series(1, ${CUSTOMERS + SECOND_FOLLOWS}) r`);
  await pg.query('ALTER TABLE relation_tag DROP CONSTRAINT relation_tag_pkey');
  await pg.query('DROP INDEX relation_tag_tag_id_relation_id_idx');
  // Five distinct tags per relation (offset p, step 37 in 200: distinct since 37 is prime to 200).
  await pg.query(`INSERT INTO relation_tag (relation_id, tag_id)
    SELECT md5('r' || r)::uuid, md5('t' || ((p + 37 * k) % ${TAGS}))::uuid
    FROM (SELECT r, ${h(16, 'r')} % ${TAGS} AS p FROM generate_series(1, ${CUSTOMERS + SECOND_FOLLOWS}) r) x
    CROSS JOIN generate_series(0, ${TAGS_PER_RELATION - 1}) k`);
  await pg.query(
    'ALTER TABLE relation_tag ADD CONSTRAINT relation_tag_pkey PRIMARY KEY (relation_id, tag_id)',
  );
  await pg.query('CREATE INDEX relation_tag_tag_id_relation_id_idx ON relation_tag (tag_id, relation_id)');
  // Orders of the buyers (7 in 10), by their first guide, with two items each.
  await pg.query(`INSERT INTO "order" (id, order_no, source, customer_id, guide_id, amount_cents, items, purchased_at, updated_at)
    SELECT md5('o' || i || '-' || n)::uuid, 'BENCH' || i || '-' || n, 'pos', md5('c' || i)::uuid,
           md5('g' || ${guideOf('i')})::uuid, 5000 + ${h(5)} % 30000,
           jsonb_build_array(jsonb_build_object('name', '剁辣椒', 'quantity', 1 + n % 3, 'priceCents', 1990),
                             jsonb_build_object('name', '腊肉', 'quantity', 1, 'priceCents', 5990)),
           now() - make_interval(days => (${h(3)} % 400)::int + 30 * n), now()
    FROM generate_series(1, ${CUSTOMERS}) i CROSS JOIN generate_series(0, ${ORDERS_PER_BUYER - 1}) n
    WHERE ${h(2)} % 10 >= 3`);
  // A welcome per first relation (as the add's welcome left it).
  await pg.query(`INSERT INTO welcome_message (id, event_id, guide_userid, external_userid, status, attempts,
                                               received_at, sent_at, updated_at)
    SELECT md5('w' || i)::uuid, md5('e' || i)::uuid, 'bench_g' || ${guideOf('i')}, 'wm_bench_' || i,
           (CASE WHEN ${h(17)} % 10 < 8 THEN 'SENT' ELSE 'EXPIRED' END)::welcome_status, 1,
           now() - make_interval(days => (${h(12)} % 700)::int),
           CASE WHEN ${h(17)} % 10 < 8 THEN now() - make_interval(days => (${h(12)} % 700)::int) END, now()
    FROM generate_series(1, ${CUSTOMERS}) i`);
  // Open and closed follow-ups on 4 relations in 10.
  await pg.query(`INSERT INTO follow_up (id, kind, guide_id, customer_id, due_at, status, title, updated_at)
    SELECT md5('f' || r || '-' || n)::uuid, (ARRAY['GREETING', 'INTERACTION', 'SERVICE_REMINDER', 'CUSTOM'])[1 + n]::follow_up_kind,
           gc.guide_id, gc.customer_id, now() + make_interval(hours => (${h(18, 'r')} % 200)::int - 100),
           (CASE WHEN n < 2 THEN 'PENDING' ELSE 'DONE' END)::follow_up_status,
           CASE WHEN n = 3 THEN '回访新品试吃' END, now()
    FROM generate_series(1, ${CUSTOMERS}) r JOIN guide_customer gc ON gc.id = md5('r' || r)::uuid
    CROSS JOIN generate_series(0, 3) n
    WHERE ${h(19, 'r')} % 10 < 4`);
  // A tag change in every tenth relation: most synced, some still on their way, a few refused.
  await pg.query(`INSERT INTO tag_change (id, relation_id, tag_id, op, status, source, last_errcode, error, updated_at)
    SELECT md5('tc' || r)::uuid, md5('r' || r)::uuid, md5('t' || (${h(20, 'r')} % ${TAGS}))::uuid, 'ADD',
           (CASE WHEN r % 100 = 0 THEN 'FAILED' WHEN r % 30 = 0 THEN 'PENDING' ELSE 'SYNCED' END)::tag_change_status,
           'sidebar', CASE WHEN r % 100 = 0 THEN 40068 END, CASE WHEN r % 100 = 0 THEN 'invalid tagid' END, now()
    FROM generate_series(10, ${CUSTOMERS + SECOND_FOLLOWS}, 10) r`);
  // Rule groups the view tests on every read, and hand-picked lists of 40,000 relations each.
  await pg.query(`INSERT INTO customer_group (id, name, kind, rule, updated_at)
    SELECT md5('cg' || k)::uuid, '规则分组' || k, 'RULE',
           CASE k % 4
             WHEN 0 THEN jsonb_build_object('tag', md5('t' || k)::uuid::text)
             WHEN 1 THEN jsonb_build_object('lifecycle', jsonb_build_array('ONBOARDING', 'AWAKENING'))
             WHEN 2 THEN jsonb_build_object('all', jsonb_build_array(
                           jsonb_build_object('spendCents', jsonb_build_object('min', 50000)),
                           jsonb_build_object('not', jsonb_build_object('daysSinceLastPurchase', jsonb_build_object('max', 30)))))
             ELSE jsonb_build_object('any', jsonb_build_array(
                           jsonb_build_object('tag', md5('t' || (k + 1))::uuid::text),
                           jsonb_build_object('category', jsonb_build_array('湖南特产'))))
           END, now()
    FROM generate_series(0, ${RULE_GROUPS - 1}) k`);
  await pg.query(`INSERT INTO customer_group (id, name, kind, updated_at)
    SELECT md5('lg' || k)::uuid, '名单分组' || k, 'LIST', now() FROM generate_series(0, ${LIST_GROUPS - 1}) k`);
  await pg.query(`INSERT INTO customer_group_member (group_id, relation_id)
    SELECT md5('lg' || k)::uuid, md5('r' || r)::uuid
    FROM generate_series(0, ${LIST_GROUPS - 1}) k CROSS JOIN generate_series(1 + k, ${CUSTOMERS}, 25) r`);
  await pg.query('SET session_replication_role = DEFAULT');
  await pg.query(
    'VACUUM (ANALYZE) store, guide, tag, tag_group, contact_way, customer, guide_customer, relation_tag, "order", welcome_message, follow_up, tag_change, customer_group, customer_group_member',
  );
}
