// The migration-drift test: the migrations must build exactly the schema schema.prisma describes, be recorded
// the way Prisma records them, and give the generated client a database where every model works.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from '../../bot/generated/prisma/client';
import { applyMigrations, migrationChecksum } from '../../prisma/migrate';
import { testDatabaseUrl, withDatabase } from '../helpers/services';

const ROOT = path.resolve(__dirname, '..', '..');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
const suffix = randomBytes(4).toString('hex');
const DB = {
  migrated: `scrm_drift_a_${suffix}`,
  fromSchema: `scrm_drift_b_${suffix}`,
  scratch: `scrm_drift_c_${suffix}`,
};
const urlOf = (database: string): string => withDatabase(testDatabaseUrl(), database);

async function withClient<T>(database: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function localMigrationNames(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** What schema.prisma says now, as SQL; the CLI connects to DATABASE_URL even for this, so give it ours. */
async function schemaPrismaAsSql(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'bash',
    [
      'scripts/prisma.sh',
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: urlOf('postgres') }, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

/** The public schema as the catalog describes it, minus Prisma's bookkeeping table, in a stable order. */
async function readSchema(client: Client): Promise<Record<string, string[]>> {
  const rows = async (sql: string): Promise<string[]> =>
    (await client.query<{ line: string }>(sql)).rows.map((row) => row.line).sort();
  const inPublic = "n.nspname = 'public' AND c.relname <> '_prisma_migrations'";
  return {
    tables: await rows(`SELECT c.relname || ' ' || c.relkind::text AS line FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${inPublic} AND c.relkind IN ('r', 'v', 'm', 'p', 'S')`),
    columns: await rows(`SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
        || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE ${inPublic} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`),
    enums:
      await rows(`SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`),
    indexes: await rows(`SELECT indexname || ': ' || indexdef AS line FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`),
    constraints:
      await rows(`SELECT c.relname || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid) AS line
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${inPublic}`),
  };
}

beforeAll(async () => {
  await withClient('postgres', async (admin) => {
    for (const name of Object.values(DB))
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  });
});

afterAll(async () => {
  await withClient('postgres', async (admin) => {
    for (const name of Object.values(DB)) {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
});

describe('migrations', () => {
  it('applies every migration exactly once when several processes start at the same time', async () => {
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(urlOf(DB.migrated))));
    expect(results.flatMap((result) => result.applied)).toEqual(await localMigrationNames());
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
  });

  it('applies nothing when the database is up to date', async () => {
    await expect(applyMigrations(urlOf(DB.migrated))).resolves.toEqual({ applied: [] });
  });

  it('builds exactly the schema that schema.prisma describes', async () => {
    await withClient(DB.fromSchema, async (client) => client.query(await schemaPrismaAsSql()));
    const migrated = await withClient(DB.migrated, readSchema);
    const fromSchema = await withClient(DB.fromSchema, readSchema);
    expect(migrated.tables).toContain('guide_customer r');
    expect(migrated).toEqual(fromSchema);
  }, 60_000);

  it('keeps the bookkeeping table exactly as Prisma Migrate creates and fills it', async () => {
    await withClient(DB.migrated, async (client) => {
      const { rows: columns } = await client.query<{ line: string }>(`SELECT column_name || ' ' ||
          format_type(a.atttypid, a.atttypmod) || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS line
        FROM information_schema.columns c JOIN pg_attribute a
          ON a.attrelid = '_prisma_migrations'::regclass AND a.attname = c.column_name
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`);
      expect(columns.map((column) => column.line.trim())).toEqual([
        'id character varying(36) NO',
        'checksum character varying(64) NO',
        'finished_at timestamp with time zone YES',
        'migration_name character varying(255) NO',
        'logs text YES',
        'rolled_back_at timestamp with time zone YES',
        'started_at timestamp with time zone NO now()',
        'applied_steps_count integer NO 0',
      ]);
      const { rows } = await client.query<{
        id: string;
        checksum: string;
        migration_name: string;
        logs: string | null;
        finished_at: Date | null;
        rolled_back_at: Date | null;
        started_at: Date;
        applied_steps_count: number;
      }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
      expect(rows.map((row) => row.migration_name)).toEqual(await localMigrationNames());
      for (const row of rows) {
        const file = path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql');
        const script = await fs.readFile(file, 'utf8');
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.checksum).toBe(migrationChecksum(script));
        expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
        expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      }
    });
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    await withClient(DB.migrated, async (client) => {
      const { rows } = await client.query<{ id: string; checksum: string }>(
        'SELECT id, checksum FROM _prisma_migrations ORDER BY migration_name LIMIT 1',
      );
      const row = rows[0]!;
      const update = (column: string, value: unknown) =>
        client.query(`UPDATE _prisma_migrations SET ${column} = $2 WHERE id = $1`, [row.id, value]);
      await update('checksum', 'f'.repeat(64));
      try {
        await expect(applyMigrations(urlOf(DB.migrated))).rejects.toThrow(/modified after it was applied/);
      } finally {
        await update('checksum', row.checksum);
      }
      await update('finished_at', null);
      try {
        await expect(applyMigrations(urlOf(DB.migrated))).rejects.toThrow(/a previous migration failed/);
      } finally {
        await update('finished_at', new Date());
      }
    });
  });

  it('rolls a failing migration back entirely, records nothing, and applies it once fixed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scrm-migrations-'));
    try {
      await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
      const broken = path.join(dir, '29991231235959_broken');
      await fs.mkdir(broken);
      await fs.writeFile(
        path.join(broken, 'migration.sql'),
        'CREATE TABLE half_done (id int);\nSELECT * FROM nowhere;\n',
      );
      await expect(applyMigrations(urlOf(DB.scratch), { migrationsDir: dir })).rejects.toThrow(
        /29991231235959_broken failed and was rolled back[\s\S]*line 2/,
      );
      await withClient(DB.scratch, async (client) => {
        const { rows } = await client.query(
          "SELECT to_regclass('half_done') AS t, count(*)::int AS n " +
            'FROM _prisma_migrations WHERE migration_name = $1',
          ['29991231235959_broken'],
        );
        expect(rows[0]).toEqual({ t: null, n: 0 });
      });
      await fs.writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\n');
      await expect(applyMigrations(urlOf(DB.scratch), { migrationsDir: dir })).resolves.toEqual({
        applied: ['29991231235959_broken'],
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the generated Prisma client on the migrated database', () => {
  let prisma: PrismaClient;
  beforeAll(async () => {
    await applyMigrations(urlOf(DB.migrated)); // a no-op after the tests above; lets this block run alone
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: urlOf(DB.migrated) }) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('stores and reads back every model with its relations', async () => {
    const store = await prisma.store.create({ data: { wecomDeptId: 1001, name: '静安店', parentDeptId: 1 } });
    const guide = await prisma.guide.create({ data: { userid: 'guide-1', name: '小王', storeId: store.id } });
    const customer = await prisma.customer.create({
      data: { externalUserid: 'wmEXT1', name: '张三', externalProfile: { external_attr: [] } },
    });
    await prisma.guideCustomer.create({
      data: {
        guideId: guide.id,
        customerId: customer.id,
        remarkMobiles: ['13800000000'],
        wecomTagIds: ['et1'],
      },
    });
    await prisma.callbackEvent.create({
      data: {
        dedupeKey: 'msg:1',
        msgType: 'event',
        event: 'change_external_contact',
        createdAtWecom: new Date(),
        fields: { ChangeType: 'add_external_contact' },
        rawXml: '<xml/>',
      },
    });

    const found = await prisma.guide.findUniqueOrThrow({
      where: { id: guide.id },
      include: { store: true, customers: { include: { customer: true } } },
    });
    expect(found.store?.name).toBe('静安店');
    expect(found.customers).toHaveLength(1);
    expect(found.customers[0]).toMatchObject({
      status: 'ACTIVE',
      remarkMobiles: ['13800000000'],
      wecomTagIds: ['et1'],
    });
    expect(found.customers[0]?.customer).toMatchObject({
      name: '张三',
      type: 1,
      externalProfile: { external_attr: [] },
    });
    const event = await prisma.callbackEvent.findUniqueOrThrow({ where: { dedupeKey: 'msg:1' } });
    expect(event).toMatchObject({
      status: 'RECEIVED',
      attempts: 0,
      fields: { ChangeType: 'add_external_contact' },
    });

    await prisma.store.delete({ where: { id: store.id } }); // guide.store_id: ON DELETE SET NULL
    expect((await prisma.guide.findUniqueOrThrow({ where: { id: guide.id } })).storeId).toBeNull();
    await prisma.customer.delete({ where: { id: customer.id } }); // guide_customer: ON DELETE CASCADE
    expect(await prisma.guideCustomer.count({ where: { guideId: guide.id } })).toBe(0);
  });

  it('rejects a second relation between the same guide and customer', async () => {
    const guide = await prisma.guide.create({ data: { userid: 'guide-2', name: '小李' } });
    const customer = await prisma.customer.create({ data: { externalUserid: 'wmEXT2', name: '李四' } });
    const relation = { data: { guideId: guide.id, customerId: customer.id } };
    await prisma.guideCustomer.create(relation);
    await expect(prisma.guideCustomer.create(relation)).rejects.toMatchObject({ code: 'P2002' });
  });

  it('rejects a second callback event with the same dedupe key', async () => {
    const event = {
      dedupeKey: 'evt:dup',
      msgType: 'event',
      createdAtWecom: new Date(),
      fields: {},
      rawXml: '<xml/>',
    };
    await prisma.callbackEvent.create({ data: event });
    await expect(prisma.callbackEvent.create({ data: event })).rejects.toMatchObject({ code: 'P2002' });
  });
});
