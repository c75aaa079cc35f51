// Onboarding (issue #9): the initial import of a corp's relations into an empty database, as the initial-sync job
// runs it against the simulator (batch/get_by_user, 100 a page), then the lifecycle tags it sets reaching WeCom
// (mark_tag). Targets: 1,000,000 relations in under 10 minutes (≈1,700/s); tag pushes at no less than 80% of the
// per-API limit (WECOM_RATE_LIMIT_PER_MINUTE) while welcomes still go first.
import { Client } from 'pg';
import { createJobQueues } from '../jobs/queues';
import { DAY, TAG } from '../test/wecom-sim/demo/demo-tags';
import { startWecomSimulator, type WecomSimulator } from '../test/wecom-sim/server';
import { loadNote } from './burst';
import { botEnv, ms, startBot, stopBot } from './common';

const CUSTOMERS_PER_GUIDE = 2_500;
const MARK_TAG = 'externalcontact/mark_tag';
/** The production default (bot/config.ts), below WeCom's 10,000 a minute per API. */
const LIMIT_PER_MINUTE = 9_000;
const LIFE_TAGS = [TAG.specialty, TAG.snacks, TAG.gifting];
const NAMES = ['林晓雨', '何欣怡', '罗子涵', '高思远', '梁静怡', '宋佳宁', '唐诗雨', '韩梦琪', '冯子轩'];

export async function benchOnboarding(
  services: { databaseUrl: string; redisUrl: string },
  sizes: number[],
  tagSeconds: number,
): Promise<string[]> {
  const lines = [
    `onboarding (initial-sync job in a worker process, then lifecycle tag pushes for ${tagSeconds} s)`,
  ];
  for (const size of sizes) lines.push(...(await onboard(services, size, tagSeconds)));
  return lines;
}

/**
 * A corp of `relations / 2,500` guides with 2,500 customers each, put straight into the simulator's state (no
 * callbacks: the customers were added before the app existed). Added over the last 15 months, so the lifecycle
 * sweep finds every stage; a third carry a 生活标签 tag.
 */
function seedCorp(sim: WecomSimulator, relations: number): void {
  const guides = Math.ceil(relations / CUSTOMERS_PER_GUIDE);
  const now = Math.floor(Date.now() / 1000);
  for (let g = 0; g < guides; g += 1) {
    const userid = `onboard_${String(g).padStart(4, '0')}`;
    const dept = 2 + (g % 3);
    sim.state.members.set(userid, {
      userid,
      name: `导购${g}`,
      department: [dept],
      mainDepartment: dept,
      position: '导购',
      hasCustomerContact: true,
    });
  }
  for (let i = 0; i < relations; i += 1) {
    const externalUserid = `wmOnboard${String(i).padStart(20, '0')}`;
    sim.state.customers.set(externalUserid, {
      externalUserid,
      name: NAMES[i % NAMES.length]!,
      type: 1,
      gender: (i % 3) as 0 | 1 | 2,
      avatar: `http://wx.qlogo.cn/mmhead/onboard${i}/0`,
      unionid: `oOnboard${i}`,
    });
    const userid = `onboard_${String(Math.floor(i / CUSTOMERS_PER_GUIDE)).padStart(4, '0')}`;
    sim.state.relations.push({
      userid,
      externalUserid,
      remark: i % 4 === 0 ? `老客户${i}` : '',
      description: '',
      createtime: now - (i % 450) * DAY,
      addWay: 1,
      operUserid: userid,
      remarkCorpName: '',
      remarkMobiles: i % 5 === 0 ? ['13800000001'] : [],
      tagIds: i % 3 === 0 ? [LIFE_TAGS[i % LIFE_TAGS.length]!] : [],
      status: 'active',
    });
  }
}

async function count(pg: Client, sql: string): Promise<number> {
  const { rows } = await pg.query<{ n: string }>(sql);
  return Number(rows[0]?.n ?? 0);
}

async function onboard(
  services: { databaseUrl: string; redisUrl: string },
  size: number,
  tagSeconds: number,
): Promise<string[]> {
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  // An empty database, as a new install has.
  await pg.query(
    'TRUNCATE callback_event, welcome_message, customer, guide, store, tag_group, corp_settings CASCADE',
  );
  const sim = await startWecomSimulator({ recordResponses: false });
  seedCorp(sim, size);
  const env = botEnv(services.databaseUrl, services.redisUrl, sim.url, {
    WECOM_RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE),
    // The simulator shares the load generator's process and a million customers' heap: its garbage collections
    // on a busy machine held answers past the 5 s default (the import asked again and went on).
    WECOM_HTTP_TIMEOUT_MS: '30000',
  });
  const worker = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'worker,scheduler' })], {
    profile: process.argv.includes('--prof-worker'),
  });
  const queues = createJobQueues(env.REDIS_URL, env.QUEUE_PREFIX);
  try {
    const started = Date.now();
    await queues.enqueue('initial-sync', {});
    const deadline = started + Math.max(600_000, size * 10);
    const isImported = () =>
      count(pg, 'SELECT count(*) AS n FROM corp_settings WHERE relations_imported_at IS NOT NULL');
    while (!(await isImported()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const importedIn = Date.now() - started;
    const importLoad = loadNote();
    const relations = await count(pg, 'SELECT count(*) AS n FROM guide_customer');
    const lines = [
      `  ${size.toLocaleString('en')} relations: ${relations.toLocaleString('en')} imported in ${ms(importedIn)}: ` +
        `${((relations / importedIn) * 1000).toFixed(0)} relations/s (target for 1,000,000: under 10 min, ≈1,700/s); ` +
        `${sim.callsTo('externalcontact/batch/get_by_user').length} batch/get_by_user calls; ${importLoad}`,
    ];

    // Tag pushes: from the first mark_tag on, for tagSeconds (or until none are left to push).
    const pushDeadline = Date.now() + 120_000;
    while (sim.callsTo(MARK_TAG).length === 0 && Date.now() < pushDeadline)
      await new Promise((r) => setTimeout(r, 250));
    const pending = () => count(pg, "SELECT count(*) AS n FROM tag_change WHERE status = 'PENDING'");
    const firstPush = Date.now();
    while (Date.now() - firstPush < tagSeconds * 1000 && (await pending()) > 0)
      await new Promise((r) => setTimeout(r, 500));
    const elapsed = Date.now() - firstPush;
    const calls = sim.callsTo(MARK_TAG);
    const ok = calls.filter((c) => c.errcode === 0);
    // The limiter counts fixed minutes (as WeCom does): what a minute allows may go in a burst, so the rate is
    // read over whole minutes (those between the first and the last), with how long each took to push.
    const minutes = new Map<number, { count: number; first: number; last: number }>();
    for (const c of ok) {
      const m = Math.floor(c.at / 60_000);
      const w = minutes.get(m) ?? { count: 0, first: c.at, last: c.at };
      minutes.set(m, { count: w.count + 1, first: Math.min(w.first, c.at), last: Math.max(w.last, c.at) });
    }
    const keys = [...minutes.keys()].sort((a, b) => a - b);
    const whole = keys.slice(1, -1).map((k) => minutes.get(k)!);
    const perWhole = whole.map(
      (w) =>
        `${w.count.toLocaleString('en')} (${((w.count * 100) / LIMIT_PER_MINUTE).toFixed(0)}%, pushed in ${ms(w.last - w.first)})`,
    );
    lines.push(
      `    tag pushes: ${ok.length.toLocaleString('en')} mark_tag calls in ${ms(elapsed)} (${calls.length - ok.length} refused); ` +
        `per whole minute: ${perWhole.join(', ') || 'none yet (run longer: --tag-seconds)'} of our limit of ` +
        `${LIMIT_PER_MINUTE.toLocaleString('en')}/min (target ≥80%); ${(await pending()).toLocaleString('en')} ` +
        `changes still pending; ${loadNote()}`,
    );
    return lines;
  } finally {
    await queues.close();
    await stopBot(worker);
    await sim.stop();
    await pg.end();
  }
}
