// Welcome latency in a burst of adds (issue #3): from the callback's arrival at the bot to the simulator receiving
// send_welcome_msg. Target: p99 under 1 s for 2,000 adds sent as fast as the sender can; never two welcomes.
import { Client } from 'pg';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { deliverAdds, prepareAdds } from './burst';
import { botEnv, ms, percentile, startBot, stopBot } from './common';

const WELCOME_API = 'externalcontact/send_welcome_msg';

export async function benchWelcome(
  services: { databaseUrl: string; redisUrl: string },
  sizes: number[],
): Promise<string[]> {
  const lines = ['welcome burst (web and worker in two processes; all adds delivered as fast as possible)'];
  for (const size of sizes) lines.push(await burst(services, size));
  return lines;
}

/** welcome_message.latency_ms: from the event's row (received_at) to WeCom's answer, sorted. */
async function storedToSent(databaseUrl: string): Promise<number[]> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ latency_ms: number }>(
      "SELECT latency_ms FROM welcome_message WHERE status = 'SENT' ORDER BY latency_ms",
    );
    return rows.map((r) => r.latency_ms);
  } finally {
    await pg.end();
  }
}

async function burst(services: { databaseUrl: string; redisUrl: string }, size: number): Promise<string> {
  // Events the callback benchmark stored (with no worker) would otherwise be reconciled into this burst.
  const pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  await pg.query('TRUNCATE callback_event, welcome_message, follow_up, interaction');
  // A corp in use: its directory was imported (initial sync) before customers add its guides, so a welcome
  // names a guide we know. The first welcomes of a brand-new install also learn each guide (user/get).
  await pg.query(
    `INSERT INTO guide (id, userid, name, updated_at)
     SELECT gen_random_uuid(), m.userid, m.name, now() FROM unnest($1::text[], $2::text[]) AS m(userid, name)
     ON CONFLICT (userid) DO NOTHING`,
    [DEMO_CORP.members.map((m) => m.userid), DEMO_CORP.members.map((m) => m.name)],
  );
  await pg.end();
  const sim = await startWecomSimulator({});
  const env = botEnv(services.databaseUrl, services.redisUrl, sim.url);
  const web = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'web' })], {
    profile: process.argv.includes('--prof'),
  });
  const worker = await startBot(['bot', JSON.stringify({ ...env, PROCESS_ROLES: 'worker,scheduler' })], {
    profile: process.argv.includes('--prof-worker'),
  });
  try {
    const adds = await prepareAdds(sim, size);
    const {
      startedAt: started,
      deliveredInMs: deliveredIn,
      failures,
      arrivedAt,
      answeredIn,
    } = await deliverAdds(`${web.url}/wecom/callback`, adds);

    // Wait for every code to be used, or for the 20-second window (plus slack) to pass.
    const deadline = Date.now() + 25_000;
    const okCalls = () => sim.callsTo(WELCOME_API).filter((c) => c.errcode === 0);
    while (okCalls().length < size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const perCode = new Map<string, number>();
    const latencies: number[] = [];
    for (const call of okCalls()) {
      const code = (call.body as { welcome_code: string }).welcome_code;
      perCode.set(code, (perCode.get(code) ?? 0) + 1);
      latencies.push(call.at - arrivedAt.get(code)!);
    }
    latencies.sort((a, b) => a - b);
    const duplicates = [...perCode.values()].filter((n) => n > 1).length;
    const errors = sim.callsTo(WELCOME_API).filter((c) => c.errcode !== 0).length;
    if (process.argv.includes('--verbose')) {
      const hist = new Map<string, number>();
      for (const c of sim.calls)
        hist.set(`${c.path} ${c.errcode}`, (hist.get(`${c.path} ${c.errcode}`) ?? 0) + 1);
      const welcomeAts = okCalls().map((c) => c.at - started);
      const answerTimes = [...answeredIn.values()].sort((a, b) => a - b);
      // Where the time goes: answering the callback (web), then from the stored event to WeCom (worker).
      const stored = await storedToSent(services.databaseUrl);
      // Which part of the burst the slow welcomes came from: p50 and max per tenth of the adds, in sending order.
      const byTenth: string[] = [];
      for (let t = 0; t < 10; t += 1) {
        const part = adds
          .slice((t * size) / 10, ((t + 1) * size) / 10)
          .flatMap((a) => {
            const call = okCalls().find((c) => (c.body as { welcome_code: string }).welcome_code === a.code);
            return call ? [call.at - arrivedAt.get(a.code)!] : [];
          })
          .sort((a, b) => a - b);
        const answers = adds
          .slice((t * size) / 10, ((t + 1) * size) / 10)
          .map((a) => answeredIn.get(a.code) ?? NaN)
          .sort((a, b) => a - b);
        byTenth.push(
          `${ms(percentile(part, 50))}/${ms(part.at(-1) ?? NaN)} (answered ${ms(percentile(answers, 50))}/${ms(answers.at(-1) ?? NaN)})`,
        );
      }
      process.stderr.write(
        `welcome p50/max (callback answered p50/max) by tenth of the burst: ${byTenth.join(', ')}\n` +
          `${JSON.stringify([...hist])}\nfirst welcome +${Math.min(...welcomeAts)} ms, last +${Math.max(...welcomeAts)} ms; ` +
          `callback answered p50 ${ms(percentile(answerTimes, 50))} p99 ${ms(percentile(answerTimes, 99))}; ` +
          `stored→sent p50 ${ms(percentile(stored, 50))} p99 ${ms(percentile(stored, 99))}\n`,
      );
    }
    return (
      `  ${size.toLocaleString('en')} adds: delivered in ${ms(deliveredIn)} (${((size / deliveredIn) * 1000).toFixed(0)}/s, ` +
      `${failures} non-200); welcomed ${perCode.size}/${size}, duplicates ${duplicates}, WeCom errors ${errors}; ` +
      `latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ` +
      `max ${ms(latencies.at(-1) ?? NaN)} (target p99 < 1000 ms)`
    );
  } finally {
    await Promise.all([stopBot(web), stopBot(worker)]);
    await sim.stop();
  }
}
