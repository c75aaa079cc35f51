import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../bot/logger';

const ROOT = path.resolve(__dirname, '..');
// What the built pages are made of (the sidebar and the desk): their sources and the API contract they import.
const SOURCES = [
  'sidebar/src',
  'sidebar/index.html',
  'sidebar/desk',
  'sidebar/vite.config.ts',
  'bot/http/contract',
];

/**
 * The quick start serves the built sidebar: build it when `sidebar/dist` is missing or older than any of its
 * sources, so `npm start` on a fresh clone (or after a pull) serves the pages as they are.
 */
export async function buildSidebarIfStale(logger: Logger): Promise<void> {
  const builtAt = await mtime(path.join(ROOT, 'sidebar/dist/index.html'));
  const changedAt = Math.max(...(await Promise.all(SOURCES.map((s) => newestMtime(path.join(ROOT, s))))));
  if (builtAt !== null && builtAt >= changedAt) return;
  logger.info('building the sidebar (sidebar/dist)');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'sidebar/vite.config.ts'), logLevel: 'warn' });
}

async function mtime(file: string): Promise<number | null> {
  return stat(file).then(
    (s) => s.mtimeMs,
    () => null,
  );
}

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((c) => newestMtime(path.join(entry, c))));
  return Math.max(info.mtimeMs, ...times);
}
