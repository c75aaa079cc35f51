// Due follow-ups dispatched per second (issue #3): follow-ups already due, spread over many guides, each guide
// getting one digest (message/send) that marks its follow-ups REMINDED.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createJobQueues } from '../jobs/queues';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ms, startBot, stopBot } from './common';

export async function benchFollowUpDispatch(
  services: { databaseUrl: string; redisUrl: string },
  guides: number,
  perGuide: number,
): Promise<string[]> {
  const sim = await startWecomSimulator({});
  const env = botEnv(services.databaseUrl, services.redisUrl, sim.url, { PROCESS_ROLES: 'worker' });
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  const queues = createJobQueues(env.REDIS_URL, env.QUEUE_PREFIX);
  try {
    // Working hours all day, so the figure does not depend on when the benchmark runs.
    await pg.query(`INSERT INTO corp_settings (id, work_start, work_end, updated_at) VALUES (1, '00:00', '23:59', now())
                    ON CONFLICT (id) DO UPDATE SET work_start = '00:00', work_end = '23:59', work_days = '{1,2,3,4,5,6,7}'`);
    const followUpIds = await seed(pg, sim, guides, perGuide);
    const worker = await startBot(['bot', JSON.stringify(env)]);
    const started = Date.now();
    for (let i = 0; i < followUpIds.length; i += 500) {
      await queues.enqueueMany(
        'follow-up-due',
        followUpIds
          .slice(i, i + 500)
          .map((id) => ({ payload: { followUpId: id }, options: { key: 'bench' } })),
      );
    }
    let reminded = 0;
    const deadline = Date.now() + 120_000;
    while (reminded < followUpIds.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM follow_up WHERE id = ANY($1::uuid[]) AND status = 'REMINDED'`,
        [followUpIds],
      );
      reminded = Number(rows[0]?.n ?? 0);
    }
    const elapsed = Date.now() - started;
    await stopBot(worker);
    const digests = sim.callsTo('message/send').length;
    return [
      'follow-up dispatch (one worker process)',
      `  ${reminded}/${followUpIds.length} due follow-ups of ${guides} guides reminded in ${ms(elapsed)}: ` +
        `${((reminded / elapsed) * 1000).toFixed(0)} follow-ups/s, ${digests} digests (one per guide)`,
    ];
  } finally {
    await queues.close();
    await pg.end();
    await sim.stop();
  }
}

/** Guides (also in the simulator's directory), customers, relations and due follow-ups, straight into SQL. */
async function seed(
  pg: Client,
  sim: Awaited<ReturnType<typeof startWecomSimulator>>,
  guides: number,
  perGuide: number,
) {
  const run = randomUUID().slice(0, 8);
  const followUpIds: string[] = [];
  for (let g = 0; g < guides; g += 1) {
    const userid = `bench_${run}_${g}`;
    sim.state.members.set(userid, {
      userid,
      name: `导购${g}`,
      department: [2],
      mainDepartment: 2,
      position: '导购',
      hasCustomerContact: true,
    });
    const guideId = randomUUID();
    await pg.query(`INSERT INTO guide (id, userid, name, updated_at) VALUES ($1, $2, $3, now())`, [
      guideId,
      userid,
      `导购${g}`,
    ]);
    const customerIds = Array.from({ length: perGuide }, () => randomUUID());
    const ids = Array.from({ length: perGuide }, () => randomUUID());
    followUpIds.push(...ids);
    await pg.query(
      `INSERT INTO customer (id, external_userid, name, updated_at)
       SELECT id, 'wmbench_' || id, '顾客' || ord, now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [customerIds],
    );
    await pg.query(
      `INSERT INTO follow_up (id, kind, guide_id, customer_id, due_at, updated_at)
       SELECT f, 'GREETING', $1, c, now() - interval '1 minute', now() FROM unnest($2::uuid[], $3::uuid[]) AS t(f, c)`,
      [guideId, ids, customerIds],
    );
  }
  return followUpIds;
}
