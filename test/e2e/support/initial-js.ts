// The sidebar's initial JavaScript: what the browser must download before the first screen can run. That is the
// entry module of index.html plus every module it imports statically (Vite lists them as <link rel=modulepreload>
// in the built index.html, and as `imports` in its manifest when build.manifest is on); chunks loaded with
// import() later are not part of it. Each file is gzipped on its own, as a server sends it.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** DESIGN.md §5: initial JavaScript under 150 KB gzipped. */
export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

export interface InitialJs {
  /** Files under dist, entry first. */
  files: { file: string; bytes: number; gzipBytes: number }[];
  /** Inline <script> in index.html (counted too: it runs before the first screen). */
  inlineGzipBytes: number;
  gzipBytes: number;
  bytes: number;
  /** How the set was found: from the Vite manifest, from index.html, or both (they must agree). */
  source: 'manifest+index.html' | 'index.html';
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/**
 * Measures the initial JavaScript of a page of the built sidebar project (its dist folder): `index.html`, the
 * sidebar, by default; `desk/index.html` for the managers' desk.
 */
export function measureInitialJs(dist: string, page = 'index.html'): InitialJs {
  const html = fs.readFileSync(path.join(dist, page), 'utf8');
  const fromHtml = initialFilesFromHtml(html);
  if (fromHtml.entries.length === 0)
    throw new Error('index.html has no <script type="module" src>: not a Vite build?');
  const fromManifest = initialFilesFromManifest(dist, page);
  const files = new Set([...fromHtml.entries, ...fromHtml.preloads]);
  if (fromManifest) {
    // index.html is what the browser reads; the manifest is Vite's own account. A file in one and not the other
    // means this measurement misunderstands the build, and a silent undercount would defeat the budget.
    const missing = [...fromManifest].filter((f) => !files.has(f));
    if (missing.length > 0)
      throw new Error(`statically imported but not preloaded by index.html: ${missing.join(', ')}`);
    for (const f of fromManifest) files.add(f);
  }
  const measured = [...files].map((file) => {
    const body = fs.readFileSync(path.join(dist, file));
    return { file, bytes: body.length, gzipBytes: gzipSync(body).length };
  });
  const inline = fromHtml.inline.join('\n');
  const inlineGzipBytes = inline.trim() ? gzipSync(Buffer.from(inline)).length : 0;
  return {
    files: measured,
    inlineGzipBytes,
    gzipBytes: measured.reduce((sum, f) => sum + f.gzipBytes, inlineGzipBytes),
    bytes: measured.reduce((sum, f) => sum + f.bytes, Buffer.byteLength(inline)),
    source: fromManifest ? 'manifest+index.html' : 'index.html',
  };
}

/** Relative paths under dist of the module scripts and modulepreloads, and any inline script bodies. */
function initialFilesFromHtml(html: string): { entries: string[]; preloads: string[]; inline: string[] } {
  const attr = (tag: string, name: string) =>
    new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
  const entries: string[] = [];
  const preloads: string[] = [];
  const inline: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(match[1] ?? '', 'src');
    if (src) entries.push(toDistPath(src));
    else if ((match[2] ?? '').trim()) inline.push(match[2] ?? '');
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    if (/\brel\s*=\s*["']modulepreload["']/i.test(tag)) {
      const href = attr(tag, 'href');
      if (href) preloads.push(toDistPath(href));
    }
  }
  return { entries, preloads, inline };
}

/** The built files of the entry chunk and its static imports, transitively; null without a manifest. */
function initialFilesFromManifest(dist: string, page: string): Set<string> | null {
  const file = [path.join(dist, '.vite', 'manifest.json'), path.join(dist, 'manifest.json')].find((f) =>
    fs.existsSync(f),
  );
  if (!file) return null;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, ManifestChunk>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  // The page's own entry; another HTML input (a second page) has an initial set of its own.
  const own = entries.filter(([, chunk]) => chunk.src === page);
  for (const [key] of own.length > 0 ? own : entries) visit(key);
  return files;
}

/** `/sidebar/assets/index-abc.js` → `assets/index-abc.js` (the base the bot serves the build under). */
function toDistPath(url: string): string {
  if (/^https?:\/\//i.test(url)) throw new Error(`index.html loads a script from elsewhere: ${url}`);
  return url.replace(/^(\.\/|\/sidebar\/|\/)/, '');
}
