import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../../bot/app';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import type { JsapiSignatureResponse, SidebarBoot } from '../../bot/http/contract/session';
import { appDepsOf } from '../../bot/services';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { signIn } from '../helpers/sign-in';

const dist = mkdtempSync(path.join(os.tmpdir(), 'scrm-sidebar-dist-'));
const ASSET = '/sidebar/assets/index-AbC123.js';
// Over the compression threshold, and varied, so each encoding differs from the file itself.
const APP_JS = `console.log(${JSON.stringify(randomBytes(3000).toString('hex'))});\n`;
const INDEX_HTML =
  '<!doctype html><html><head><meta charset="utf-8"><title>导购助手</title>\n' +
  `    <script type="module" crossorigin src="${ASSET}"></script>\n` +
  '</head><body><div id="root"></div></body></html>\n';

let ctx: TestContext;
let cookie: string;
const bot = () => request(ctx.app.callback());

/** The boot data the page was served with; its JSON must not close the script tag early. */
function bootOf(html: string): SidebarBoot {
  const found = /<script>window\.__SCRM_BOOT__=(.*?)<\/script>/.exec(html);
  if (!found) throw new Error('no boot data in the page');
  return JSON.parse(found[1]!) as SidebarBoot;
}

/** A GET over a real socket that leaves the body as sent (supertest and fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), APP_JS);
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  ctx = await startTestContext({
    worker: false,
    isolatedDatabase: true,
    env: (simUrl) => ({
      SIDEBAR_DIST_DIR: dist,
      WECOM_CLIENT_STANDIN_URL: simUrl,
      WECOM_VERIFY_FILES: 'abc123,WW_verify_Def456.txt',
    }),
  });
  await runInitialSync(domainDeps(ctx));
  cookie = await signIn(ctx.app, ctx.sim, 'zhangsan');
});

afterAll(async () => {
  await ctx.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the built sidebar at /sidebar/', () => {
  it('sends a visitor without a session (or with a forged one) on to sign-in, keeping the hash route', async () => {
    const res = await bot().get('/sidebar/?wwsim=ws1').redirects(0);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // The hop starts the sign-in from the browser, with the page's path, query and hash as returnTo, once its
    // own document has loaded (earlier, Chromium aborts the hop's request now and then).
    expect(res.text).toContain(
      "document.addEventListener('DOMContentLoaded', function () { location.replace(",
    );
    expect(res.text).toContain(
      "location.replace('/auth/wecom/start?returnTo=' + encodeURIComponent(location.pathname + location.search + location.hash))",
    );
    expect(res.text).not.toContain('<script type="module"');
    // A forged cookie is no session either.
    const forged = await bot()
      .get('/sidebar/')
      .set('cookie', 'scrm_session=e30; scrm_session.sig=nope')
      .redirects(0);
    expect(forged.text).toContain('/auth/wecom/start?returnTo=');
    expect(forged.text).not.toContain('<script type="module"');
  });

  // First of the signature tests: the tickets are not cached yet (they are per queue prefix, this file's own).
  it('serves the page without signatures when WeCom will not give a ticket; the page then asks the endpoints', async () => {
    ctx.sim.failNext('get_jsapi_ticket', 40001, 3);
    const res = await bot().get('/sidebar/').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(bootOf(res.text)).toEqual({ wecom: expect.any(Object), signatures: null });
  });

  it('serves index.html uncached to a signed-in member, with the client stand-in before the app', async () => {
    const res = await bot().get('/sidebar/').set('cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const standin = res.text.indexOf(`<script src="${ctx.sim.url}/client/jssdk.js"></script>`);
    expect(standin).toBeGreaterThan(0);
    expect(standin).toBeLessThan(res.text.indexOf('<script type="module"'));
    expect((await bot().get('/sidebar/index.html').set('cookie', cookie)).status).toBe(200);
  });

  it('writes the app’s ids and both signatures for the requested URL into the page, valid for the JS-SDK', async () => {
    const path = '/sidebar/?wwsim=ws9&x=%3C%2Fscript%3E';
    const res = await bot().get(path).set('cookie', cookie);
    const { port } = new URL(`http://${res.request.url.split('/')[2]}`);
    const pageUrl = `http://127.0.0.1:${port}${path}`;
    const boot = bootOf(res.text);
    expect(res.text.indexOf('window.__SCRM_BOOT__')).toBeLessThan(res.text.indexOf('<script type="module"'));
    expect(boot.wecom).toEqual({ corpId: ctx.config.wecom.corpId, agentId: ctx.config.wecom.agentId });
    expect(boot.signatures?.url).toBe(pageUrl);
    // What the WeCom client checks when the page registers: each with its own ticket, for this page's URL.
    const check = (kind: 'config' | 'agentConfig', signed: JsapiSignatureResponse) =>
      ctx.sim.verifyJsapiSignature({ kind, url: pageUrl, ...boot.wecom, ...signed });
    expect(check('config', boot.signatures!.config)).toMatchObject({ errcode: 0 });
    expect(check('agentConfig', boot.signatures!.agent)).toMatchObject({ errcode: 0 });
    expect(check('agentConfig', boot.signatures!.config)).toMatchObject({ errcode: 40093 });
  });

  it('redirects /sidebar to /sidebar/, keeping the query', async () => {
    const res = await bot().get('/sidebar?wwsim=ws1').redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/sidebar/?wwsim=ws1');
  });

  it('serves hashed assets as immutable, compressed as the browser accepts', async () => {
    const br = await rawGet(`${ctx.url}${ASSET}`, { 'accept-encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.body.length).toBeLessThan(APP_JS.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);

    const gz = await rawGet(`${ctx.url}${ASSET}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(APP_JS.length);
    expect(gunzipSync(gz.body).toString()).toBe(APP_JS);

    const plain = await rawGet(`${ctx.url}${ASSET}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  it('answers 404 for a missing asset or a path that climbs out of the build', async () => {
    expect((await bot().get('/sidebar/assets/missing-1.js')).status).toBe(404);
    expect((await bot().get('/sidebar/assets/..%2f..%2findex.html')).status).toBe(404);
    expect((await bot().get('/sidebar/assets/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await bot().get('/sidebar/%2e%2e/package.json')).status).toBe(404);
    expect((await bot().get('/sidebar/%2e%2e%2fpackage.json')).status).toBe(404);
  });

  it('serves the build’s other files, revalidated', async () => {
    const res = await bot().get('/sidebar/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a clear 503 page when the sidebar has not been built', async () => {
    const config = { ...ctx.config, sidebar: { ...ctx.config.sidebar, distDir: path.join(dist, 'nothing') } };
    const app = createApp({ ...appDepsOf(ctx.services), config });
    const res = await request(app.callback()).get('/sidebar/').set('cookie', cookie);
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build:sidebar');
  });
});

describe('the trusted domain’s verification files', () => {
  it('serves WW_verify_<code>.txt with exactly the code, for each configured code', async () => {
    for (const code of ['abc123', 'Def456']) {
      const res = await bot().get(`/WW_verify_${code}.txt`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe(code);
    }
    expect((await bot().get('/WW_verify_other.txt')).status).toBe(404);
  });
});
