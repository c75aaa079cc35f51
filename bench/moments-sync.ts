// Issue #11: a day's Moments sync for a corp of 10,000 guides against the simulator — the incremental read
// (get_moment_list, pages of 20, windows of at most 30 days), the verify run that re-reads the day and marks what
// vanished, and the likes and comments (get_moment_comments, one call a post) — with the calls each made.
// Its own database, scrm_bench_moments_sync, seeded afresh each run.
import { Client } from 'pg';
import { loadConfig } from '../bot/config';
import { closeDatabase } from '../bot/db';
import { syncMomentReactions } from '../bot/domain/moments/sync-moment-reactions';
import { syncMoments } from '../bot/domain/moments/sync-moments';
import { createLogger } from '../bot/logger';
import { createServices } from '../bot/services';
import { applyMigrations } from '../prisma/migrate';
import { withDatabase } from '../test/helpers/services';
import { startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ensureDatabase, ms } from './common';

const DATABASE = 'scrm_bench_moments_sync';
const GUIDES = 10_000;
/** Posts a guide makes in the day: 1 or 2 (the plan asks for one a day, six days a week). */
const postsOf = (g: number) => 1 + (g % 2);

export async function benchMomentsSync(services: {
  databaseUrl: string;
  redisUrl: string;
}): Promise<string[]> {
  const url = withDatabase(services.databaseUrl, DATABASE);
  await ensureDatabase(url);
  await applyMigrations(url);
  const sim = await startWecomSimulator({ recordResponses: false });
  const pg = new Client({ connectionString: url });
  await pg.connect();
  // The day being synced: yesterday 00:00 to today 00:00 in Shanghai, synced at 00:00.
  const dayEnd = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00+08:00`);
  const dayStart = new Date(dayEnd.getTime() - 86_400_000);
  let posts = 0;
  try {
    await pg.query('TRUNCATE guide, moment_post, moment_guide_week, moment_week_basis CASCADE');
    await pg.query(
      `INSERT INTO guide (id, userid, name, updated_at)
       SELECT gen_random_uuid(), 'msync_' || lpad(g::text, 5, '0'), '导购' || g, now() FROM generate_series(0, $1 - 1) g`,
      [GUIDES],
    );
    // Synced up to the day's start: the incremental run reads just this day.
    await pg.query(
      `INSERT INTO corp_settings (id, moments_synced_until, updated_at) VALUES (1, $1, now())
       ON CONFLICT (id) DO UPDATE SET moments_synced_until = excluded.moments_synced_until`,
      [dayStart],
    );
    for (let g = 0; g < GUIDES; g += 1) {
      const userid = `msync_${String(g).padStart(5, '0')}`;
      sim.state.members.set(userid, {
        userid,
        name: `导购${g}`,
        department: [1],
        mainDepartment: 1,
        position: '导购',
        hasCustomerContact: true,
      });
      for (let i = 0; i < postsOf(g); i += 1) {
        // Spread over the day, a second apart at most 86,400 posts: these fit.
        const second = Math.floor(((g * 2 + i) / (GUIDES * 2)) * 86_000) + 10;
        sim.guidePostsMoment({
          userid,
          text: i === 0 ? `今天的腊肉切好了，第${g}号` : `周末的爬山照片${g}`,
          createTime: Math.floor(dayStart.getTime() / 1000) + second,
        });
        posts += 1;
      }
    }
  } finally {
    await pg.end();
  }
  const config = loadConfig({ ...botEnv(url, services.redisUrl, sim.url), LOG_LEVEL: 'warn' });
  const app = createServices(config, createLogger({ level: 'warn', pretty: false }));
  try {
    const deps = {
      db: app.db,
      pool: app.pool,
      wecom: app.wecom,
      logger: app.logger.child({ bench: 'moments-sync' }),
      enqueue: app.queues.enqueue,
    };
    const calls = (api: string) => sim.callsTo(`externalcontact/${api}`).length;
    let started = performance.now();
    const incremental = await syncMoments(deps, { now: dayEnd });
    const incrementalMs = performance.now() - started;
    const listCalls = calls('get_moment_list');
    // A few deleted by the time the verify run re-reads the day.
    const ours = sim.state.moments.filter((m) => m.creator.startsWith('msync_'));
    for (const moment of ours.filter((_, i) => i % 500 === 0)) sim.guideDeletesMoment(moment.momentId);
    started = performance.now();
    const verify = await syncMoments(deps, { now: dayEnd, verifyDays: 1 });
    const verifyMs = performance.now() - started;
    started = performance.now();
    const reactions = await syncMomentReactions(deps, { days: 1, now: dayEnd });
    const reactionsMs = performance.now() - started;
    return [
      `Moments sync, a day of ${GUIDES.toLocaleString('en-US')} guides (${posts.toLocaleString('en-US')} posts; ` +
        'simulator, in-process bot)',
      `  incremental (get_moment_list, pages of 20): ${incremental.posts.toLocaleString('en-US')} posts in ` +
        `${ms(incrementalMs)}, ${listCalls} calls`,
      `  verify run (the day again, vanished marked deleted): ${verify.deleted} deleted, ${ms(verifyMs)}, ` +
        `${calls('get_moment_list') - listCalls} calls`,
      `  likes and comments (get_moment_comments, one a post): ${reactions.posts.toLocaleString('en-US')} posts in ` +
        `${ms(reactionsMs)}, ${calls('get_moment_comments')} calls`,
    ];
  } finally {
    await app.queues.close();
    await app.wecom.close();
    await closeDatabase(app);
    await sim.stop();
  }
}
