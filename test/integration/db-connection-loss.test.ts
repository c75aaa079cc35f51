// Issue #9 (found by the fault experiments): a connection that drops in the middle of a raw-SQL transaction
// fails that transaction and nothing else; it used to kill the whole worker with an unhandled 'error' event.
import type { Pool } from 'pg';
import { createDatabase, inTransaction } from '../../bot/db';
import { waitFor } from '../helpers/harness';
import { testDatabaseUrl } from '../helpers/services';
import { type TcpProxy, startTcpProxy } from '../helpers/tcp-proxy';

describe('a transaction whose connection drops', () => {
  let proxy: TcpProxy;
  let pool: Pool;
  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    // The pool as the bot makes it, with its listener for idle connections that drop (the second test cuts
    // this one's too, and hears of it on a pool of its own).
    pool = createDatabase(proxy.urlFor(testDatabaseUrl()), 2, () => undefined).pool;
  });
  afterAll(async () => {
    await pool.end();
    await proxy.close();
  });

  it('fails with the error, and the pool goes on with a fresh connection', async () => {
    const unhandled: unknown[] = [];
    const onUncaught = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await expect(
        inTransaction(pool, async (client) => {
          await client.query('SELECT 1');
          proxy.cut(); // PostgreSQL gone mid-transaction: the socket is reset under the client
          await new Promise((r) => setTimeout(r, 100));
          await client.query('SELECT 2');
        }),
      ).rejects.toThrow();
      proxy.restore();
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      proxy.restore();
    }
  });

  it('an idle connection that drops is discarded and heard of, before Prisma has ever connected too', async () => {
    const heard: Error[] = [];
    const unhandled: unknown[] = [];
    const onUncaught = (error: unknown) => unhandled.push(error);
    process.on('uncaughtException', onUncaught);
    const database = createDatabase(proxy.urlFor(testDatabaseUrl()), 2, (error) => heard.push(error));
    try {
      await database.pool.query('SELECT 1'); // one connection, now idle in the pool
      proxy.cut();
      await waitFor(() => heard.length > 0);
      proxy.restore();
      const { rows } = await database.pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
      expect(heard[0]?.message).toBe('Connection terminated unexpectedly');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      proxy.restore();
      await database.db.$disconnect();
      await database.pool.end().catch(() => undefined);
    }
  });
});
