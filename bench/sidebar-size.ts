// The sidebar's initial JavaScript, gzipped (target under 150 KB, DESIGN.md §5): the entry of the built
// index.html and its static imports. The same measurement fails CI when over budget
// (test/e2e/sidebar-size.test.ts); here it is printed with each file and what is left to load lazily.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { INITIAL_JS_BUDGET_BYTES, measureInitialJs } from '../test/e2e/support/initial-js';
import { ensureSidebarBuilt } from '../test/e2e/support/sidebar-build';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchSidebarSize(): Promise<string[]> {
  const dist = await ensureSidebarBuilt();
  const js = measureInitialJs(dist);
  const initial = new Set(js.files.map((f) => f.file));
  const lazy = listJs(dist).filter((file) => !initial.has(file));
  const lazyGzip = lazy.reduce(
    (sum, file) => sum + gzipSync(fs.readFileSync(path.join(dist, file))).length,
    0,
  );
  const verdict = js.gzipBytes <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
  return [
    `sidebar initial JavaScript (sidebar/dist, found from ${js.source}; each file gzipped at zlib's default level)`,
    `  ${kb(js.gzipBytes)} gzipped (${kb(js.bytes)} raw) in ${js.files.length} files: ${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} budget`,
    ...js.files.map((f) => `    ${f.file}: ${kb(f.gzipBytes)} gzipped, ${kb(f.bytes)} raw`),
    ...(js.inlineGzipBytes > 0 ? [`    inline scripts: ${kb(js.inlineGzipBytes)} gzipped`] : []),
    `  loaded later (import()): ${lazy.length} files, ${kb(lazyGzip)} gzipped`,
    ...deskLines(dist, initial),
  ];
}

/** The managers' desk (a desktop page, no budget): its initial set, and what it shares with the sidebar's. */
function deskLines(dist: string, sidebarFiles: Set<string>): string[] {
  const desk = measureInitialJs(dist, 'desk/index.html');
  const shared = desk.files.filter((f) => sidebarFiles.has(f.file));
  return [
    `desk initial JavaScript (desk/index.html): ${kb(desk.gzipBytes)} gzipped (${kb(desk.bytes)} raw) in ${desk.files.length} files`,
    ...desk.files.map(
      (f) =>
        `    ${f.file}: ${kb(f.gzipBytes)} gzipped${sidebarFiles.has(f.file) ? ' (shared with the sidebar)' : ''}`,
    ),
    `  of which shared with the sidebar (cached once): ${kb(shared.reduce((n, f) => n + f.gzipBytes, 0))}`,
  ];
}

function listJs(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listJs(full, base);
    return entry.name.endsWith('.js') ? [path.relative(base, full)] : [];
  });
}
