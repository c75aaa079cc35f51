// `npm run bench [-- --seconds N] [--only callback|welcome|add-processing|onboarding|follow-ups|tags|groups|faults|
// sidebar-size|sidebar-render|customer-view-api|moments-scoring|moments-sync] [--sizes 2000,10000] [--relations 50000,1000000] [--tag-seconds N]
// [--runs N] [--verbose] [--prof | --prof-worker]` (faults: bench/faults.ts names its own options): prints the
// figures the design targets (DESIGN.md §5) against real PostgreSQL and Redis, with the WeCom simulator standing in
// for WeCom. CPU profiles: /tmp/prof.
import { applyMigrations } from '../prisma/migrate';
import { benchAddProcessing } from './add-processing';
import { benchCallback } from './callback';
import { runFaultExperiments } from './faults';
import { benchFollowUpDispatch } from './follow-ups';
import { benchGroups } from './groups';
import { benchMomentsScoring } from './moments-scoring';
import { benchMomentsSync } from './moments-sync';
import { benchOnboarding } from './onboarding';
import { benchServices } from './services';
import { benchCustomerViewApi } from './sidebar-customer-view-api';
import { benchSidebarRender } from './sidebar-render';
import { benchSidebarSize } from './sidebar-size';
import { benchTagEdits } from './tags';
import { benchWelcome } from './welcome';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const BENCHES = [
  'callback',
  'welcome',
  'add-processing',
  'onboarding',
  'follow-ups',
  'tags',
  'groups',
  'faults',
  'sidebar-size',
  'sidebar-render',
  'customer-view-api',
  'moments-scoring',
  'moments-sync',
];

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`usage: npm run bench [-- --only ${BENCHES.join('|')}] (options: bench/run.ts)\n`);
    return;
  }
  const seconds = Number(option('seconds') ?? 10);
  const only = option('only');
  if (only !== undefined && !BENCHES.includes(only))
    throw new Error(`no bench called ${only}: ${BENCHES.join(', ')}`);
  // Not part of a plain run: it kills and restarts servers of its own for minutes, on a database of its own.
  if (only === 'faults') {
    process.stdout.write(
      `${(await runFaultExperiments(option, process.argv.includes('--verbose'))).join('\n')}\n`,
    );
    return;
  }
  const services = await benchServices();
  try {
    await applyMigrations(services.databaseUrl);
    const report: string[] = [
      '',
      `benchmarks on ${new Date().toISOString()} (2-core machine, local PostgreSQL + Redis)`,
    ];
    if (!only || only === 'callback')
      report.push(...(await benchCallback(services, seconds, process.argv.includes('--prof'))));
    if (!only || only === 'welcome')
      report.push(
        ...(await benchWelcome(services, (option('sizes') ?? '2000,10000').split(',').map(Number))),
      );
    if (!only || only === 'add-processing')
      report.push(
        ...(await benchAddProcessing(services, (option('sizes') ?? '2000,10000').split(',').map(Number))),
      );
    if (!only || only === 'onboarding')
      report.push(
        ...(await benchOnboarding(
          services,
          (option('relations') ?? '50000').split(',').map(Number),
          Number(option('tag-seconds') ?? 150),
        )),
      );
    if (!only || only === 'follow-ups') report.push(...(await benchFollowUpDispatch(services, 200, 25)));
    if (!only || only === 'tags') report.push(...(await benchTagEdits(services, 4000)));
    if (!only || only === 'groups')
      report.push(
        ...(await benchGroups(services, Number(option('runs') ?? 10), process.argv.includes('--verbose'))),
      );
    if (!only || only === 'sidebar-size') report.push(...(await benchSidebarSize()));
    if (!only || only === 'sidebar-render')
      report.push(
        ...(await benchSidebarRender(
          services,
          Number(option('loads') ?? 10),
          process.argv.includes('--verbose'),
        )),
      );
    if (!only || only === 'customer-view-api')
      report.push(...(await benchCustomerViewApi(services, Number(option('requests') ?? 2000))));
    if (!only || only === 'moments-scoring')
      report.push(...(await benchMomentsScoring(services, Number(option('week-requests') ?? 20))));
    if (!only || only === 'moments-sync') report.push(...(await benchMomentsSync(services)));
    process.stdout.write(`${report.join('\n')}\n`);
  } finally {
    await services.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
