import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * Makes real PostgreSQL refuse some writes, as an outage or a constraint would, between a WeCom call and the
 * write that records it: a BEFORE INSERT OR UPDATE trigger on `table` that raises when `when` (SQL over NEW,
 * written by the test) holds — every time, or only the first `times` times (a sequence counts them, outside
 * any transaction). Returns what removes it. Use an isolated database: the trigger is the table's.
 */
export async function refuseWrites(
  pool: Pool,
  input: { table: string; when: string; times?: number },
): Promise<() => Promise<void>> {
  const name = `test_refuse_${randomBytes(4).toString('hex')}`;
  const counted = input.times === undefined ? 'TRUE' : `nextval('${name}_seq') <= ${input.times}`;
  await pool.query(`CREATE SEQUENCE ${name}_seq`);
  await pool.query(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN
       IF ${input.when} THEN
         IF ${counted} THEN
           RAISE EXCEPTION 'test: % refused', TG_TABLE_NAME;
         END IF;
       END IF;
       RETURN NEW;
     END $fn$`,
  );
  await pool.query(
    `CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON ${input.table}
     FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await pool.query(`DROP TRIGGER IF EXISTS ${name} ON ${input.table}`);
    await pool.query(`DROP FUNCTION IF EXISTS ${name}()`);
    await pool.query(`DROP SEQUENCE IF EXISTS ${name}_seq`);
  };
}
