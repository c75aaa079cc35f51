import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// The layer rules of eslint.config.mjs, shown failing: probe files with forbidden imports are written where the
// rule applies, linted by the project's own eslint and configuration (a child process: Jest cannot load the
// ESM config), and removed.
const ROOT = path.resolve(__dirname, '..', '..');
const tag = randomBytes(4).toString('hex');

interface Probe {
  file: string;
  code: string;
  /** The rule expected to refuse it; null for an import the layers allow. */
  rule: string | null;
}

const probes: Probe[] = [
  {
    file: `bot/domain/layer-probe-${tag}-test.ts`,
    code: "export { startWecomSimulator } from '../../test/wecom-sim/server';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `bot/domain/layer-probe-${tag}-koa.ts`,
    code: "export type { Context } from 'koa';\n",
    rule: 'no-restricted-imports',
  },
  {
    file: `bot/domain/layer-probe-${tag}-http.ts`,
    code: "export { tagRoutes } from '../http/routes/tags';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `bot/http/layer-probe-${tag}-jobs.ts`,
    code: "export { createJobQueues } from '../../jobs/queues';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `bot/wecom/layer-probe-${tag}-domain.ts`,
    code: "export type { DomainDeps } from '../domain/deps';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `bot/http/contract/layer-probe-${tag}-db.ts`,
    code: "export type { Db } from '../../db';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `jobs/layer-probe-${tag}-http.ts`,
    code: "export { tagRoutes } from '../bot/http/routes/tags';\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: `bot/domain/layer-probe-${tag}-cycle-a.ts`,
    code: `export { b } from './layer-probe-${tag}-cycle-b';\nexport const a = 1;\n`,
    rule: 'import-x/no-cycle',
  },
  {
    file: `bot/domain/layer-probe-${tag}-cycle-b.ts`,
    code: `export { a } from './layer-probe-${tag}-cycle-a';\nexport const b = 2;\n`,
    rule: 'import-x/no-cycle',
  },
  // Allowed: domain code may use the API contract, which imports only zod.
  {
    file: `bot/domain/layer-probe-${tag}-contract.ts`,
    code: "export type { ErrorCode } from '../http/contract/errors';\n",
    rule: null,
  },
];

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

/** ESLint's JSON report; it exits 1 when it finds errors, which is what most probes expect. */
async function lint(files: string[]): Promise<LintResult[]> {
  const eslint = path.join(ROOT, 'node_modules', '.bin', 'eslint');
  const run = promisify(execFile)(eslint, ['--format', 'json', ...files], { cwd: ROOT, maxBuffer: 1 << 24 });
  const { stdout } = await run.catch((error: { stdout?: string; code?: number }) => {
    if (error.code === 1 && error.stdout) return { stdout: error.stdout };
    throw error;
  });
  return JSON.parse(stdout) as LintResult[];
}

describe('the layer rules of the linter', () => {
  let results: LintResult[] = [];

  beforeAll(async () => {
    for (const probe of probes) {
      await mkdir(path.dirname(path.join(ROOT, probe.file)), { recursive: true });
      await writeFile(path.join(ROOT, probe.file), probe.code);
    }
    try {
      results = await lint(probes.map((p) => p.file));
    } finally {
      for (const probe of probes) await rm(path.join(ROOT, probe.file), { force: true });
    }
  }, 120_000);

  it.each(probes.map((p) => [p.file.replace(`-${tag}`, ''), p] as const))('judges %s', (_name, probe) => {
    const result = results.find((r) => r.filePath === path.join(ROOT, probe.file));
    expect(result).toBeDefined();
    const rules = result!.messages.map((m) => m.ruleId);
    if (probe.rule === null) expect(rules).toEqual([]);
    else expect(rules).toContain(probe.rule);
  });
});
