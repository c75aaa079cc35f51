// The world a browser test runs in: the real bot on a listening port (test/helpers/harness.ts) with its own
// database, the simulator as WeCom and as the WeCom client (its JS-SDK stand-in injected into the page), the demo
// corp imported through the initial sync, the built sidebar, and headless Chromium.
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { runInitialSync } from '../../../bot/domain/sync/initial-sync';
import { syncCorpTags } from '../../../bot/domain/tags/sync-corp-tags';
import { type TestContext, domainDeps, startTestContext } from '../../helpers/harness';
import type { ClientEntry, SimClientCall } from '../../wecom-sim/client/client-types';
import { SCREENSHOT_DIR, collectPageErrors, launchChromium, newPhoneContext } from './browser';
import { ensureSidebarBuilt } from './sidebar-build';

/** How long a page action or wait may take (a throttled CPU and a busy 2-core machine are slow, not broken). */
export const ACTION_TIMEOUT_MS = 12_000;

export interface E2eContext {
  ctx: TestContext;
  browser: Browser;
  /** The page the chat toolbar opens: `${bot}/sidebar/`. */
  sidebarUrl: string;
  /** A fresh browser profile (no cookies), phone-sized; closed with the context. */
  newClient(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export interface OpenInput {
  userid: string;
  entry?: ClientEntry;
  externalUserid?: string;
  /** The phone client (default) or the desktop one. */
  platform?: 'mobile' | 'desktop';
  /** Appended to the sidebar's URL: a hash route such as `#/customer/wm…` (entry normal, a link). */
  hash?: string;
}

export interface OpenedSidebar {
  page: Page;
  /** The simulated client's session: what the page asked of the JS-SDK is recorded under it. */
  clientSession: string;
  /** Uncaught errors and console errors of the page so far. */
  errors: string[];
  /** The JS-SDK calls the page made through the stand-in (optionally of one API). */
  calls(api?: string): SimClientCall[];
}

/**
 * Boots everything; `beforeAll` material (it builds the sidebar when the build is stale). `env` adds to the
 * bot's configuration (HQ_USERIDS for the desk's HQ).
 */
export async function startE2eContext(options: { env?: Record<string, string> } = {}): Promise<E2eContext> {
  const dist = await ensureSidebarBuilt();
  const ctx = await startTestContext({
    // The demo corp is imported corp-wide (tags, stores): a database of this file's own.
    isolatedDatabase: true,
    env: (simUrl) => ({ WECOM_CLIENT_STANDIN_URL: simUrl, SIDEBAR_DIST_DIR: dist, ...options.env }),
  });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await ctx.close();
    throw error;
  });
  const contexts: BrowserContext[] = [];
  try {
    const deps = domainDeps(ctx);
    await runInitialSync(deps);
    await syncCorpTags(deps);
    // Follow-ups keep the due time they are given at any hour the tests run (the default moves them into
    // 09:00-21:00 Shanghai time, which would take a greeting out of "today" in the evening).
    await ctx.services.db.corpSettings.upsert({
      where: { id: 1 },
      create: { id: 1, workStart: '00:00', workEnd: '23:59' },
      update: { workStart: '00:00', workEnd: '23:59' },
    });
  } catch (error) {
    await browser.close();
    await ctx.close();
    throw error;
  }
  return {
    ctx,
    browser,
    sidebarUrl: `${ctx.url}/sidebar/`,
    async newClient() {
      const context = await newPhoneContext(browser);
      // Shorter than Jest's 30 s per test: a wait that fails says what it waited for, not just "timeout".
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await ctx.close();
    },
  };
}

/**
 * Opens the sidebar the way the WeCom client does, through the stand-in: `/client/open` logs the client in as
 * `userid` with that chat open and loads the page, which signs in through OAuth on its own when it has no
 * session. Resolves once the page has loaded (not once it has rendered: the test waits for what it expects).
 */
export async function openSidebar(
  e2e: E2eContext,
  client: BrowserContext,
  input: OpenInput,
): Promise<OpenedSidebar> {
  const page = await client.newPage();
  const errors = collectPageErrors(page, [e2e.ctx.url, e2e.ctx.sim.url]);
  const url = e2e.ctx.sim.clientOpenUrl({
    userid: input.userid,
    entry: input.entry ?? (input.externalUserid ? 'single_chat_tools' : 'normal'),
    ...(input.externalUserid ? { externalUserid: input.externalUserid } : {}),
    ...(input.platform ? { platform: input.platform } : {}),
    target: `${e2e.sidebarUrl}${input.hash ?? ''}`,
  });
  await page.goto(url);
  const clientSession = new URL(page.url()).searchParams.get('wwsim');
  if (!clientSession)
    throw new Error(`the page did not land on the sidebar with a client session: ${page.url()}`);
  return {
    page,
    clientSession,
    errors,
    calls: (api) => e2e.ctx.sim.clientCalls(clientSession, api),
  };
}

/**
 * Polls `read` until it gives `expected` (the page updates asynchronously), then returns; fails with the last
 * value read after `timeoutMs`.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (last === expected) return;
    if (Date.now() > deadline) {
      throw new Error(
        `expected ${JSON.stringify(expected)}, still ${JSON.stringify(last)} after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits for `locator` to be visible; when it is not, fails saying where the page is and what it shows (its
 * URL and text, and a screenshot `failed-<locator>@360.png`), which a bare timeout does not.
 */
export async function seen(locator: Locator): Promise<void> {
  try {
    await locator.first().waitFor();
  } catch (error) {
    const page = locator.page();
    const text = await page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '(no body)');
    await page
      .screenshot({
        path: path.join(
          SCREENSHOT_DIR,
          `failed-${String(locator)
            .replace(/[^\p{L}\p{N}]+/gu, '-')
            .slice(0, 80)}@360.png`,
        ),
      })
      .catch(() => undefined);
    throw new Error(
      `${(error as Error).message.split('\n')[0]}\n  page: ${page.url()}\n  shows: ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
      { cause: error },
    );
  }
}
