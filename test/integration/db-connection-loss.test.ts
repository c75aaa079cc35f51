// Issue #9 (found by the fault experiments): a connection that drops in the middle of a raw-SQL transaction
// fails that transaction and nothing else; it used to kill the whole worker with an unhandled 'error' event.
import { Pool } from 'pg';
import { inTransaction } from '../../bot/db';
import { testDatabaseUrl } from '../helpers/services';
import { type TcpProxy, startTcpProxy } from '../helpers/tcp-proxy';

describe('a transaction whose connection drops', () => {
  let proxy: TcpProxy;
  let pool: Pool;
  beforeAll(async () => {
    const target = new URL(testDatabaseUrl());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    pool = new Pool({ connectionString: proxy.urlFor(testDatabaseUrl()), max: 2 });
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
});
