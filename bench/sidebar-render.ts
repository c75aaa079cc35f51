// Time until the customer view is rendered (DESIGN.md §5: under 1.5 s on a throttled phone): headless Chromium
// with the phone profile (360×740, 4× CPU throttling, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up), the
// session already signed in, timed from `goto` of the sidebar's URL (as the WeCom client opens it from the chat
// toolbar) until the customer's name is visible. One cold load (a new browser, an empty cache) and warm ones
// (cached assets; index.html, the API and the JS-SDK stand-in are fetched each time, as in WeCom).
import os from 'node:os';
import { Client } from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../bot/config';
import { closeDatabase } from '../bot/db';
import { runInitialSync } from '../bot/domain/sync/initial-sync';
import { syncCorpTags } from '../bot/domain/tags/sync-corp-tags';
import { createLogger } from '../bot/logger';
import { createServices } from '../bot/services';
import { applyMigrations } from '../prisma/migrate';
import { applyPhoneProfile, launchChromium, newPhoneContext } from '../test/e2e/support/browser';
import { ensureSidebarBuilt } from '../test/e2e/support/sidebar-build';
import { withDatabase } from '../test/helpers/services';
import { DEMO_CUSTOMERS } from '../test/wecom-sim/demo/demo-customers';
import { type WecomSimulator, startWecomSimulator } from '../test/wecom-sim/server';
import { botEnv, ms, percentile, startBot, stopBot } from './common';

const DATABASE = 'scrm_bench_render';
const GUIDE = 'zhangsan';
/** 王小美, as zhangsan knows her (the heading shows the remark). */
const CUSTOMER = DEMO_CUSTOMERS[0]!;
const SHOWN_NAME = CUSTOMER.follows[0]!.remark;

interface Load {
  ms: number;
  /** Element Timing of the customer's name (`elementtiming="customer-name"`): painted, from navigation start. */
  namePaintedMs: number | null;
  firstContentfulPaintMs: number | null;
  customerViewApiMs: number | null;
  standInMs: number;
  transferredBytes: number;
  /** What the page fetched, in ms from the navigation's start (printed with --verbose). */
  timeline: string[];
}

export async function benchSidebarRender(
  services: { databaseUrl: string; redisUrl: string },
  warmLoads: number,
  verbose = false,
): Promise<string[]> {
  const dist = await ensureSidebarBuilt();
  const url = withDatabase(services.databaseUrl, DATABASE);
  await recreateDatabase(url);
  await applyMigrations(url);
  const sim = await startWecomSimulator({});
  const extra = {
    // development: the production configuration refuses the WeCom client stand-in (and nothing else differs
    // on this path but the log format).
    NODE_ENV: 'development',
    LOG_PRETTY: 'false',
    PROCESS_ROLES: 'web',
    WECOM_CLIENT_STANDIN_URL: sim.url,
    WECOM_OAUTH_AUTHORIZE_URL: `${sim.url}/connect/oauth2/authorize`,
    WECOM_WEB_LOGIN_URL: `${sim.url}/wwlogin/sso/login`,
    SIDEBAR_DIST_DIR: dist,
  };
  const env = { ...botEnv(url, services.redisUrl, sim.url), ...extra };
  try {
    await importDemoCorp(env);
    const bot = await startBot(['bot', JSON.stringify(env)]);
    try {
      return await measure(sim, bot.url!, warmLoads, verbose);
    } finally {
      await stopBot(bot);
    }
  } finally {
    await sim.stop();
  }
}

async function measure(
  sim: WecomSimulator,
  botUrl: string,
  warmLoads: number,
  verbose: boolean,
): Promise<string[]> {
  const pageUrl = () => {
    const session = sim.openClient({
      userid: GUIDE,
      entry: 'single_chat_tools',
      externalUserid: CUSTOMER.externalUserid,
    });
    return `${botUrl}/sidebar/?wwsim=${session.id}`;
  };
  // Sign in once, unthrottled, through the stand-in and OAuth; the measured loads reuse the session cookie.
  const signInBrowser = await launchChromium();
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>>;
  try {
    const context = await newPhoneContext(signInBrowser);
    const page = await context.newPage();
    await page.goto(
      sim.clientOpenUrl({
        userid: GUIDE,
        entry: 'single_chat_tools',
        externalUserid: CUSTOMER.externalUserid,
        target: `${botUrl}/sidebar/`,
      }),
    );
    await rendered(page);
    cookies = await context.cookies();
  } finally {
    await signInBrowser.close();
  }

  const browser = await launchChromium();
  try {
    const context = await newPhoneContext(browser);
    await context.addCookies(cookies);
    const page = await context.newPage();
    await applyPhoneProfile(page);
    const cold = await timedLoad(page, pageUrl());
    const warm: Load[] = [];
    for (let i = 0; i < warmLoads; i += 1) warm.push(await timedLoad(page, pageUrl()));
    const median = (pick: (l: Load) => number | null) =>
      percentile(
        warm
          .map(pick)
          .filter((v): v is number => v !== null)
          .sort((a, b) => a - b),
        50,
      );
    const times = warm.map((l) => l.ms).sort((a, b) => a - b);
    const named = warm
      .map((l) => l.namePaintedMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    const api = fmt(median((l) => l.customerViewApiMs));
    return [
      'sidebar customer view rendered (Chromium, 360×740, CPU 4× slower, 150 ms RTT, 1.6 Mbit/s down; signed in):',
      '  "name painted" is the Element Timing of the customer’s name, from the navigation’s start (what the guide',
      '  waits for after tapping the toolbar); "to visible" adds Playwright’s goto and its wait on the page',
      `  cold (new browser, empty cache): name painted ${fmt(cold.namePaintedMs)}, to visible ${ms(cold.ms)}; ` +
        `customer-view API ${fmt(cold.customerViewApiMs)}, ${kb(cold.transferredBytes)} transferred`,
      `  warm, ${warm.length} loads: name painted median ${fmt(percentile(named, 50))}, p95 ` +
        `${fmt(percentile(named, 95))} (target < 1.5 s); to visible median ${ms(percentile(times, 50))}, p95 ` +
        `${ms(percentile(times, 95))}; customer-view API ${api}, ${kb(median((l) => l.transferredBytes))} transferred`,
      `  of which the simulator's JS-SDK stand-in (script + register/getContext/getCurExternalContact round trips, ` +
        `each through the throttled network; in WeCom the last two are local bridge calls): median ` +
        `${ms(median((l) => l.standInMs))} of request time`,
      `  load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores after the run`,
      ...(verbose
        ? [
            `  the cold load (ms from navigation start): ${cold.timeline.join('; ')}`,
            `  the last warm load: ${warm.at(-1)?.timeline.join('; ') ?? ''}`,
          ]
        : []),
    ];
  } finally {
    await browser.close();
  }
}

const fmt = (n: number | null) => (n === null || Number.isNaN(n) ? 'n/a' : ms(n));

function rendered(page: Page): Promise<void> {
  return page
    .getByRole('heading', { level: 1 })
    .filter({ hasText: SHOWN_NAME })
    .first()
    .waitFor({ timeout: 30_000 });
}

async function timedLoad(page: Page, url: string): Promise<Load> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await rendered(page);
  const elapsed = performance.now() - started;
  // Resource Timing of the load just measured (the document and everything it fetched).
  const timing = await page.evaluate<{
    named: number | null;
    fcp: number | null;
    api: number | null;
    standIn: number;
    bytes: number;
    timeline: string[];
  }>(`(async () => {
    const named = await new Promise((resolve) => {
      const observer = new PerformanceObserver((list) => {
        const entry = list.getEntries().find((e) => e.identifier === 'customer-name');
        if (entry) { observer.disconnect(); resolve(entry.renderTime || entry.loadTime); }
      });
      observer.observe({ type: 'element', buffered: true });
      setTimeout(() => resolve(null), 2000);
    });
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const view = resources.find((r) => r.name.includes('/api/v1/customer-view'));
    const standIn = resources.filter((r) => r.name.includes('/client/'));
    return {
      named,
      fcp: paint ? paint.startTime : null,
      api: view ? view.responseEnd - view.startTime : null,
      standIn: standIn.reduce((sum, r) => sum + (r.responseEnd - r.startTime), 0),
      bytes: resources.reduce((sum, r) => sum + r.transferSize, nav ? nav.transferSize : 0),
      timeline: [
        nav ? 'document: response ' + nav.responseEnd.toFixed(0) + ', DOMContentLoaded ' + nav.domContentLoadedEventEnd.toFixed(0) : '',
        ...resources.map((r) => r.name.replace(location.origin, '') + ': ' + r.startTime.toFixed(0) + '-' + r.responseEnd.toFixed(0)),
        paint ? 'first-contentful-paint: ' + paint.startTime.toFixed(0) : '',
        named ? 'customer name painted: ' + named.toFixed(0) : '',
      ].filter(Boolean),
    };
  })()`);
  return {
    ms: elapsed,
    namePaintedMs: timing.named,
    firstContentfulPaintMs: timing.fcp,
    customerViewApiMs: timing.api,
    standInMs: timing.standIn,
    transferredBytes: timing.bytes,
    timeline: timing.timeline,
  };
}

/** The demo corp imported as a corp that installs us is (initial sync, tag mirror), into the bench database. */
async function importDemoCorp(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
  const services = createServices(config, createLogger({ level: 'warn', pretty: false }));
  try {
    const deps = { ...services, enqueue: services.queues.enqueue };
    await runInitialSync(deps);
    await syncCorpTags(deps);
  } finally {
    await services.queues.close();
    await services.wecom.close();
    await closeDatabase(services);
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(DATABASE)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(DATABASE)}`);
  } finally {
    await admin.end();
  }
}
