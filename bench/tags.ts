// Tag-edit API latency (issue #4): POST /api/v1/relations/:id/tags as the sidebar calls it, against a bot with
// its worker running in another process (the mark_tag pushes compete for the same machine). Target: p95 under
// 50 ms.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_TAG_GROUPS } from '../test/wecom-sim/demo/demo-tags';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ms, percentile, startBot, stopBot } from './common';

const STAFF_TOKEN = 'bench-staff-token-0123456789abcdef0123456789';
const RELATIONS = 200;

export async function benchTagEdits(
  services: { databaseUrl: string; redisUrl: string },
  requests: number,
): Promise<string[]> {
  const sim = await startWecomSimulator({});
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  const env = botEnv(services.databaseUrl, services.redisUrl, sim.url, { STAFF_API_TOKEN: STAFF_TOKEN });
  try {
    const { relationIds, tagIds } = await seed(pg, sim);
    // Web and worker in two processes, as deployed; the worker's mark_tag pushes share the machine.
    const bot = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'web' })]);
    const worker = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'worker' })]);
    try {
      const edit = editRequester(bot.url!, relationIds, tagIds);
      const lines = [
        'tag edits (POST /api/v1/relations/:id/tags; web and worker processes, mark_tag pushed alongside)',
      ];
      // Warm-up (not counted): a fresh process compiles its hot paths on the first requests.
      await inFlight(edit, 4, 400, 2_000_000);
      // A large chain's busy minute: 50 edits a second, sent on a timer whatever the answers take.
      lines.push(`  at 50 edits/s: ${summary(await atRate(edit, 50, requests / 2))} (target p95 < 50 ms)`);
      // Saturation: 8 in flight, as fast as the machine answers.
      lines.push(`  8 in flight: ${summary(await inFlight(edit, 8, requests / 2))}`);
      lines.push(`  ${sim.callsTo('externalcontact/mark_tag').length} mark_tag calls reached the simulator`);
      return lines;
    } finally {
      await stopBot(bot);
      await stopBot(worker);
    }
  } finally {
    await pg.end();
    await sim.stop();
  }
}

type Edit = (i: number) => Promise<{ ms: number; ok: boolean }>;

/** Edit number i: each relation gets a tag added, then (a round later) removed, like a guide trying tags on. */
function editRequester(url: string, relationIds: string[], tagIds: string[]): Edit {
  return async (i) => {
    const relationId = relationIds[i % relationIds.length]!;
    const tagId = tagIds[Math.floor(i / relationIds.length) % tagIds.length]!;
    const body =
      Math.floor(i / (relationIds.length * tagIds.length)) % 2 ? { remove: [tagId] } : { add: [tagId] };
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/relations/${relationId}/tags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.text();
    return { ms: performance.now() - t0, ok: res.status === 200 };
  };
}

interface Run {
  results: { ms: number; ok: boolean }[];
  elapsedMs: number;
}

async function atRate(edit: Edit, perSecond: number, count: number): Promise<Run> {
  const started = Date.now();
  const pending: Promise<{ ms: number; ok: boolean }>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = started + (i * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(edit(i));
  }
  const results = await Promise.all(pending);
  return { results, elapsedMs: Date.now() - started };
}

async function inFlight(edit: Edit, concurrency: number, count: number, first = 1_000_000): Promise<Run> {
  const started = Date.now();
  const results: { ms: number; ok: boolean }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) results.push(await edit(first + next++));
    }),
  );
  return { results, elapsedMs: Date.now() - started };
}

function summary({ results, elapsedMs }: Run): string {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const failed = results.filter((r) => !r.ok).length;
  return (
    `${results.length} edits in ${ms(elapsedMs)} (${((results.length / elapsedMs) * 1000).toFixed(0)}/s), ${failed} failed: ` +
    `p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, ` +
    `max ${ms(sorted.at(-1) ?? NaN)}`
  );
}

/** One guide's customers (also in the simulator, so mark_tag succeeds) and the demo corp's tags, in SQL. */
async function seed(pg: Client, sim: Awaited<ReturnType<typeof startWecomSimulator>>) {
  const userid = `bench_tags_${randomUUID().slice(0, 8)}`;
  sim.state.members.set(userid, {
    userid,
    name: '标签导购',
    department: [2],
    mainDepartment: 2,
    position: '导购',
    hasCustomerContact: true,
  });
  const guideId = randomUUID();
  await pg.query(`INSERT INTO guide (id, userid, name, updated_at) VALUES ($1, $2, '标签导购', now())`, [
    guideId,
    userid,
  ]);
  const relationIds: string[] = [];
  for (let i = 0; i < RELATIONS; i += 1) {
    const { externalUserid } = await sim.addCustomer({ userid, deliver: false, withWelcomeCode: false });
    const { rows } = await pg.query<{ id: string }>(
      `WITH c AS (INSERT INTO customer (id, external_userid, name, updated_at)
                  VALUES (gen_random_uuid(), $1, '顾客', now()) RETURNING id)
       INSERT INTO guide_customer (id, guide_id, customer_id, updated_at)
       SELECT gen_random_uuid(), $2, c.id, now() FROM c RETURNING id`,
      [externalUserid, guideId],
    );
    relationIds.push(rows[0]!.id);
  }
  const tagIds: string[] = [];
  for (const group of DEMO_TAG_GROUPS) {
    const { rows: g } = await pg.query<{ id: string }>(
      `INSERT INTO tag_group (id, wecom_group_id, name, updated_at) VALUES (gen_random_uuid(), $1, $2, now())
       ON CONFLICT (wecom_group_id) DO UPDATE SET deleted_at = NULL RETURNING id`,
      [group.groupId, group.groupName],
    );
    for (const tag of group.tags) {
      const { rows } = await pg.query<{ id: string }>(
        `INSERT INTO tag (id, wecom_tag_id, group_id, name, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, now())
         ON CONFLICT (wecom_tag_id) DO UPDATE SET deleted_at = NULL RETURNING id`,
        [tag.id, g[0]!.id, tag.name],
      );
      tagIds.push(rows[0]!.id);
    }
  }
  return { relationIds, tagIds };
}
