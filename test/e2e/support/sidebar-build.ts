// The built sidebar (sidebar/dist) the browser tests, the size check and the benches load. Built on demand: when
// dist is missing or older than any source it is built from (the sidebar's own files and the API contract it
// imports), so `npx jest test/e2e/…` works on its own and never tests a stale build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SIDEBAR_DIR = path.join(ROOT, 'sidebar');
export const SIDEBAR_DIST = path.join(SIDEBAR_DIR, 'dist');
const VITE_CONFIG = path.join(SIDEBAR_DIR, 'vite.config.ts');
const SOURCES = [SIDEBAR_DIR, path.join(ROOT, 'bot', 'http', 'contract')];
const SKIP = new Set(['dist', 'node_modules', 'README.md']);
// Two Jest workers may both find the build stale: one builds, the other waits for it. A lock left by a killed
// run is taken over once it is older than any build could take.
const LOCK = path.join(
  os.tmpdir(),
  `scrm-sidebar-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}`,
);
const STALE_LOCK_MS = 5 * 60_000;

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Whether sidebar/dist exists and was built after the last change to anything it is built from. */
export function isSidebarBuildFresh(): boolean {
  const index = path.join(SIDEBAR_DIST, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.every((dir) => !fs.existsSync(dir) || newestSourceMtime(dir) <= built);
}

/** `vite build --config sidebar/vite.config.ts`, as the quick start and CI build it. */
export async function buildSidebar(): Promise<void> {
  if (!fs.existsSync(VITE_CONFIG))
    throw new Error(`no ${path.relative(ROOT, VITE_CONFIG)}: the sidebar cannot be built`);
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(vite, ['build', '--config', VITE_CONFIG], {
      cwd: ROOT,
      // The build the bot serves. Jest runs with NODE_ENV=test, which Vite would pass on: React's development
      // build (180 KB of initial JavaScript instead of 119) and antd's warnings, measured and tested as if shipped.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(`vite build failed (exit ${String(code)}):\n${Buffer.concat(output).toString()}`);
  // Vite rewrites index.html last, but a build that emitted nothing new would leave an old mtime behind.
  const now = new Date();
  fs.utimesSync(path.join(SIDEBAR_DIST, 'index.html'), now, now);
}

/** Builds the sidebar unless the build is fresh; returns sidebar/dist. Safe to call from parallel workers. */
export async function ensureSidebarBuilt(): Promise<string> {
  for (;;) {
    if (isSidebarBuildFresh()) return SIDEBAR_DIST;
    if (takeLock()) {
      try {
        if (!isSidebarBuildFresh()) await buildSidebar();
        return SIDEBAR_DIST;
      } finally {
        fs.rmSync(LOCK, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function takeLock(): boolean {
  try {
    fs.mkdirSync(LOCK);
    return true;
  } catch {
    try {
      if (Date.now() - fs.statSync(LOCK).mtimeMs > STALE_LOCK_MS)
        fs.rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // Removed by its owner meanwhile: the next round takes it.
    }
    return false;
  }
}
