// Tag-edit API latency (issue #4): POST /api/v1/relations/:id/tags as the sidebar calls it, against a bot with
// its worker running in another process (the mark_tag pushes compete for the same machine). Target: p95 under
// 50 ms.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_TAG_GROUPS } from '../test/wecom-sim/demo-tags';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ms, percentile, startBot, stopBot } from './common';

const STAFF_TOKEN = 'bench-staff-token-0123456789abcdef0123456789';
const RELATIONS = 200;
const CONCURRENCY = 8;

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
      const latencies: number[] = [];
      let failures = 0;
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests) {
            const i = next++;
            const relationId = relationIds[i % relationIds.length]!;
            const tagId = tagIds[Math.floor(i / relationIds.length) % tagIds.length]!;
            // Each relation gets a tag added, then (a round later) removed, like a guide trying tags on.
            const body =
              Math.floor(i / (relationIds.length * tagIds.length)) % 2
                ? { remove: [tagId] }
                : { add: [tagId] };
            const t0 = performance.now();
            const res = await fetch(`${bot.url}/api/v1/relations/${relationId}/tags`, {
              method: 'POST',
              headers: { authorization: `Bearer ${STAFF_TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            await res.text();
            latencies.push(performance.now() - t0);
            if (res.status !== 200) failures += 1;
          }
        }),
      );
      const elapsed = Date.now() - started;
      latencies.sort((a, b) => a - b);
      const pushed = sim.callsTo('externalcontact/mark_tag').length;
      return [
        `tag edits (POST /api/v1/relations/:id/tags, ${CONCURRENCY} at a time, worker pushing mark_tag alongside)`,
        `  ${requests} edits in ${ms(elapsed)}, ${failures} failed: p50 ${ms(percentile(latencies, 50))}, ` +
          `p95 ${ms(percentile(latencies, 95))} (target < 50 ms), p99 ${ms(percentile(latencies, 99))}, ` +
          `max ${ms(latencies.at(-1) ?? NaN)}; ${pushed} mark_tag calls so far`,
      ];
    } finally {
      await stopBot(bot);
      await stopBot(worker);
    }
  } finally {
    await pg.end();
    await sim.stop();
  }
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
