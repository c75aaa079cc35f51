// Headless Chromium for the browser tests and benches: Debian's /usr/bin/chromium driven by playwright-core
// (ENVIRONMENT.md "Browser"), screenshots at the phone toolbar's width and the desktop client's, and the phone
// profile (slow 4G, 4× CPU) through the DevTools protocol.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { ROOT } from './sidebar-build';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** Where screenshots go (gitignored): one PNG per state and width, `<name>@360.png` and `<name>@1280.png`. */
export const SCREENSHOT_DIR = path.join(ROOT, 'test', 'e2e', 'screenshots');
/** The chat toolbar on a phone is about 360 px wide; the desktop client's pane is wider. */
export const WIDTHS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

/** The managers' desk is a desktop page: a 1440-wide monitor. */
export const DESK_VIEWPORT = { width: 1440, height: 900 } as const;

/** A desktop browser's context for the desk (no touch), with the corp's language and zone. */
export function newDeskContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESK_VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** Saves the desk as it is now, `<name>@1440.png`, once antd's toasts are gone and the fonts are in. */
export async function snapDesk(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.locator('.ant-message-notice').first().waitFor({ state: 'hidden', timeout: 5000 });
  await page.evaluate(
    'document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))',
  );
  await page.waitForTimeout(400);
  const file = path.join(SCREENSHOT_DIR, `${name}@${DESK_VIEWPORT.width}.png`);
  await page.screenshot({ path: file });
  return file;
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A phone-sized context: what the guide's WeCom webview is (touch, 360×740). */
export function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: WIDTHS[0],
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/**
 * What went wrong in a page, for a test to assert on (and print when it fails): uncaught errors, console errors,
 * and answers of 400 and above from our own servers (`origins`: the bot, the simulator). Requests elsewhere
 * fail on this offline machine (WeChat avatars on wx.qlogo.cn) and are left out, with the console lines the
 * browser prints for every failed load (the responses are recorded instead, with their URLs).
 */
export function collectPageErrors(page: Page, origins: string[]): string[] {
  const errors: string[] = [];
  const isOurs = (url: string) => origins.some((origin) => url.startsWith(origin));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console.error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && isOurs(response.url())) {
      errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is the page cancelling its own request: a query whose key changed or whose view closed (its
    // AbortController), or a navigation that replaced another. A server that fails shows otherwise: a status, a
    // reset, an empty answer.
    if (isOurs(request.url()) && request.failure()?.errorText !== 'net::ERR_ABORTED')
      errors.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  return errors;
}

/**
 * The phone profile of ENVIRONMENT.md: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up (slow 4G), CPU throttled
 * 4×. Applies to the page until it closes.
 */
export async function applyPhoneProfile(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: 1_600_000 / 8,
    uploadThroughput: 750_000 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/** The one DOM method used here (this project's TypeScript has no DOM library). */
interface Scrollable {
  scrollIntoView(options: { block: 'start'; behavior: 'instant' }): void;
}

export interface SnapOptions {
  /** Scroll this element to the top of its scroll container first. */
  scrollTo?: Locator;
}

/**
 * Saves the page as it is now at both widths (`<name>@360.png`, `<name>@1280.png`), then puts the viewport back.
 * Waits for web fonts and for antd-mobile's transitions (JS-driven, so Playwright cannot disable them) to settle.
 */
export async function snapBothWidths(page: Page, name: string, options: SnapOptions = {}): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const saved: string[] = [];
  // A toast still showing (「已保存」 after the last action) would cover the page: antd-mobile hides it in 2 s.
  await page.locator('.adm-toast-main').first().waitFor({ state: 'hidden', timeout: 5000 });
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    if (options.scrollTo) {
      await options.scrollTo.evaluate((el: Scrollable) =>
        el.scrollIntoView({ block: 'start', behavior: 'instant' }),
      );
    }
    // A string: this project's TypeScript has no DOM library, and the function runs in the page anyway.
    await page.evaluate(
      'document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))',
    );
    await page.waitForTimeout(400);
    const file = path.join(SCREENSHOT_DIR, `${name}@${size.width}.png`);
    await page.screenshot({ path: file });
    saved.push(file);
  }
  if (original) await page.setViewportSize(original);
  return saved;
}
