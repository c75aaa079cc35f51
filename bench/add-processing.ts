// Add events processed per second after a burst (issue #9): each add's own processing (the profile through
// externalcontact/get, the relation, its tags, the 7-day follow-up) after its welcome, in bursts of 2,000 and
// 10,000 adds. Target: 300 add events a second on this 2-core machine.
import { Client } from 'pg';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { deliverAdds, loadNote, prepareAdds } from './burst';
import { botEnv, ms, startBot, stopBot } from './common';

export async function benchAddProcessing(
  services: { databaseUrl: string; redisUrl: string },
  sizes: number[],
): Promise<string[]> {
  const lines = [
    'add processing after a burst (web and worker in two processes; WeCom limits as configured)',
  ];
  for (const size of sizes) lines.push(...(await burst(services, size)));
  return lines;
}

interface Progress {
  processed: number;
  failed: number;
  firstProcessedAt: number | null;
  lastProcessedAt: number | null;
}

async function progress(pg: Client): Promise<Progress> {
  const { rows } = await pg.query<{
    processed: string;
    failed: string;
    first: Date | null;
    last: Date | null;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'PROCESSED') AS processed,
            count(*) FILTER (WHERE status = 'FAILED' AND retry_at IS NULL) AS failed,
            min(processed_at) AS first, max(processed_at) AS last
     FROM callback_event`,
  );
  const row = rows[0]!;
  return {
    processed: Number(row.processed),
    failed: Number(row.failed),
    firstProcessedAt: row.first?.getTime() ?? null,
    lastProcessedAt: row.last?.getTime() ?? null,
  };
}

async function burst(services: { databaseUrl: string; redisUrl: string }, size: number): Promise<string[]> {
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  // Each burst starts from a corp whose directory was imported (as any corp in use) and no customers yet.
  await pg.query('TRUNCATE callback_event, welcome_message, follow_up, interaction, customer CASCADE');
  await pg.query(
    `INSERT INTO guide (id, userid, name, updated_at)
     SELECT gen_random_uuid(), m.userid, m.name, now() FROM unnest($1::text[], $2::text[]) AS m(userid, name)
     ON CONFLICT (userid) DO NOTHING`,
    [DEMO_CORP.members.map((m) => m.userid), DEMO_CORP.members.map((m) => m.name)],
  );
  const sim = await startWecomSimulator({});
  const env = botEnv(services.databaseUrl, services.redisUrl, sim.url);
  const web = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'web' })]);
  const worker = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'worker,scheduler' })], {
    profile: process.argv.includes('--prof-worker'),
  });
  try {
    const adds = await prepareAdds(sim, size);
    const delivery = await deliverAdds(`${web.url}/wecom/callback`, adds);
    // Generous: the slowest version measured took ~30 adds a second.
    const deadline = Date.now() + Math.max(120_000, size * 40);
    let state = await progress(pg);
    while (state.processed + state.failed < size && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      state = await progress(pg);
    }
    const load = loadNote();
    const { rows } = await pg.query<{ welcomed: string; followups: string; profiles: string }>(
      `SELECT (SELECT count(*) FROM welcome_message WHERE status = 'SENT') AS welcomed,
              (SELECT count(*) FROM follow_up WHERE kind = 'INTERACTION') AS followups,
              (SELECT count(*) FROM customer WHERE name <> '') AS profiles`,
    );
    const counts = rows[0]!;
    const gets = sim.callsTo('externalcontact/get');
    const end = state.lastProcessedAt ?? Date.now();
    const overall = end - delivery.startedAt;
    const phase = state.firstProcessedAt === null ? NaN : end - state.firstProcessedAt;
    const rate = (n: number, elapsed: number) => ((n / elapsed) * 1000).toFixed(0);
    return [
      `  ${size.toLocaleString('en')} adds: delivered in ${ms(delivery.deliveredInMs)} (${delivery.failures} non-200); ` +
        `${state.processed}/${size} processed (${state.failed} failed) ${ms(overall)} after the burst began: ` +
        `${rate(state.processed, overall)} adds/s overall, ${rate(state.processed, phase)} adds/s from the first ` +
        `processed to the last (target 300/s); ${load}`,
      `    welcomed ${counts.welcomed}, 7-day follow-ups ${counts.followups}, profiles ${counts.profiles}, ` +
        `externalcontact/get calls ${gets.length} (${gets.filter((c) => c.errcode !== 0).length} refused)`,
    ];
  } finally {
    await Promise.all([stopBot(web), stopBot(worker)]);
    await sim.stop();
    await pg.end();
  }
}
