import Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Db } from '../../db';

/** Liveness and readiness for a load balancer: the database and Redis must both answer. */
export function healthRoutes(db: Db, redis: Redis): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const [database, queue] = await Promise.all([
      db.$queryRaw`SELECT 1`.then(
        () => 'ok',
        () => 'down',
      ),
      redis.ping().then(
        () => 'ok',
        () => 'down',
      ),
    ]);
    ctx.status = database === 'ok' && queue === 'ok' ? 200 : 503;
    ctx.body = { database, redis: queue };
  });
  return router;
}
