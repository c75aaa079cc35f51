// `npm run migrate:new -- <name>`: writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that
// takes the schema committed at git HEAD to the working prisma/schema.prisma. `prisma migrate dev` would diff
// against the migrations through a shadow database, which needs the schema engine that cannot run offline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = 'prisma/schema.prisma';
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');

function main(argv: string[]): void {
  const name = toMigrationName(argv[0] ?? '');
  if (!name || argv.length !== 1) {
    throw new Error('usage: npm run migrate:new -- <name>   (e.g. add_customer_tags)');
  }
  assertNoUncommittedMigrations();

  const sql = diffAgainstHead();
  const statements = sql.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  if (statements.length === 0) {
    throw new Error(
      `${SCHEMA} does not differ from the one at git HEAD: nothing to migrate. Edit the schema first.`,
    );
  }

  const dirName = `${timestamp(new Date())}_${name}`;
  const latest = existingMigrations().at(-1);
  if (latest !== undefined && dirName <= latest) {
    // Migrations apply in name order; a new one must sort after every existing one.
    throw new Error(`${dirName} would sort before the existing ${latest}; check the system clock.`);
  }
  const dir = path.join(MIGRATIONS_DIR, dirName);
  mkdirSync(dir);
  const file = path.join(dir, 'migration.sql');
  writeFileSync(file, sql.endsWith('\n') ? sql : `${sql}\n`);

  process.stdout.write(`Wrote ${path.relative(ROOT, file)}:\n\n${sql.trim()}\n\n`);
  process.stdout.write(
    'Review it, apply it with `npx tsx prisma/migrate.ts` (DATABASE_URL), and commit it with the schema.\n',
  );
}

/** Prisma's convention: lower-case snake_case; anything else becomes `_`. */
function toMigrationName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

/** yyyymmddHHMMSS in UTC, like `prisma migrate dev`. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function existingMigrations(): string[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * HEAD's schema stands for "what the existing migrations build" only if every migration is committed along with
 * its schema. A second run before committing would diff from HEAD again and repeat the first migration's changes.
 */
function assertNoUncommittedMigrations(): void {
  const status = git(['status', '--porcelain', '--untracked-files=all', '--', 'prisma/migrations']).trim();
  if (status) {
    throw new Error(
      `prisma/migrations has uncommitted changes:\n${status}\n` +
        'This tool diffs against the schema at git HEAD, so it would repeat those changes. Commit them together ' +
        'with prisma/schema.prisma first, or delete the uncommitted migration and run again to regenerate it.',
    );
  }
}

function diffAgainstHead(): string {
  const headSchema = readSchemaAtHead();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scrm-migration-'));
  try {
    const from = ['--from-empty'];
    if (headSchema !== undefined) {
      const oldSchema = path.join(tmp, 'schema.prisma');
      writeFileSync(oldSchema, headSchema);
      from.splice(0, 1, '--from-schema-datamodel', oldSchema);
    }
    return execFileSync(
      'bash',
      ['scripts/prisma.sh', 'migrate', 'diff', ...from, '--to-schema-datamodel', SCHEMA, '--script'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
  } catch (error) {
    // Through prisma.config.ts's adapter, the CLI connects to DATABASE_URL even to compare two schema files.
    throw new Error(
      '`prisma migrate diff` failed (its output is above). It needs a reachable PostgreSQL at DATABASE_URL ' +
        '(default postgresql://postgres@127.0.0.1:5432/postgres) even though it only compares schema files.',
      { cause: error },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** undefined when HEAD has no schema yet (no commits, or the schema was never committed). */
function readSchemaAtHead(): string | undefined {
  try {
    git(['rev-parse', '--verify', '--quiet', 'HEAD']);
  } catch {
    return undefined;
  }
  try {
    git(['cat-file', '-e', `HEAD:${SCHEMA}`]);
  } catch {
    return undefined;
  }
  return git(['show', `HEAD:${SCHEMA}`]);
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
