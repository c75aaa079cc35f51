import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INITIAL_JS_BUDGET_BYTES, measureInitialJs } from './support/initial-js';
import { ensureSidebarBuilt } from './support/sidebar-build';

/** A fake Vite build: index.html naming an entry and a preload, plus a lazy chunk only the manifest knows. */
function fakeBuild(files: Record<string, string | Buffer>, html: string, manifest?: unknown): string {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sidebar-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  for (const [file, body] of Object.entries(files)) fs.writeFileSync(path.join(dist, file), body);
  fs.writeFileSync(path.join(dist, 'index.html'), html);
  if (manifest) {
    fs.mkdirSync(path.join(dist, '.vite'));
    fs.writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
  }
  return dist;
}

const HTML =
  '<!doctype html><html><head>' +
  '<script type="module" crossorigin src="/sidebar/assets/index-a1.js"></script>' +
  '<link rel="modulepreload" crossorigin href="/sidebar/assets/vendor-b2.js">' +
  '<link rel="stylesheet" href="/sidebar/assets/index-c3.css"></head><body><div id="root"></div></body></html>';

describe('the initial JavaScript measurement', () => {
  it('counts the entry and its static imports, gzipped, and leaves out lazy chunks and CSS', () => {
    // Random bytes do not compress: the gzipped sizes are the raw ones plus a few bytes, so the sum is checkable.
    const dist = fakeBuild(
      {
        'assets/index-a1.js': randomBytes(40_000),
        'assets/vendor-b2.js': randomBytes(30_000),
        'assets/lazy-d4.js': randomBytes(500_000),
        'assets/index-c3.css': randomBytes(100_000),
      },
      HTML,
      {
        'index.html': {
          file: 'assets/index-a1.js',
          src: 'index.html',
          isEntry: true,
          imports: ['_vendor'],
          dynamicImports: ['src/lazy.tsx'],
        },
        _vendor: { file: 'assets/vendor-b2.js' },
        'src/lazy.tsx': { file: 'assets/lazy-d4.js', isDynamicEntry: true },
      },
    );
    const js = measureInitialJs(dist);
    expect(js.source).toBe('manifest+index.html');
    expect(js.files.map((f) => f.file).sort()).toEqual(['assets/index-a1.js', 'assets/vendor-b2.js']);
    expect(js.gzipBytes).toBeGreaterThanOrEqual(70_000);
    expect(js.gzipBytes).toBeLessThan(70_300);
  });

  it('finds a build over budget', () => {
    const dist = fakeBuild(
      { 'assets/index-a1.js': randomBytes(200_000), 'assets/vendor-b2.js': 'export {}' },
      HTML,
    );
    expect(measureInitialJs(dist).gzipBytes).toBeGreaterThan(INITIAL_JS_BUDGET_BYTES);
  });

  it('refuses to undercount when the manifest lists a static import index.html does not preload', () => {
    const dist = fakeBuild(
      { 'assets/index-a1.js': 'a', 'assets/vendor-b2.js': 'b', 'assets/more-e5.js': 'c' },
      HTML,
      {
        'index.html': {
          file: 'assets/index-a1.js',
          src: 'index.html',
          isEntry: true,
          imports: ['_vendor', '_more'],
        },
        _vendor: { file: 'assets/vendor-b2.js' },
        _more: { file: 'assets/more-e5.js' },
      },
    );
    expect(() => measureInitialJs(dist)).toThrow(/more-e5\.js/);
  });
});

describe('the built sidebar', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await ensureSidebarBuilt();
  }, 300_000);

  it('ships under 150 KB of gzipped JavaScript before its first screen (DESIGN.md §5)', () => {
    const js = measureInitialJs(dist);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const detail = js.files.map((f) => `${f.file} ${kb(f.gzipBytes)}`).join(', ');
    expect(js.files.length).toBeGreaterThan(0);
    // On failure Jest prints the whole object: whoever goes over budget sees which file grew.
    expect({
      gzipped: kb(js.gzipBytes),
      files: detail,
      isOverBudget: js.gzipBytes > INITIAL_JS_BUDGET_BYTES,
    }).toMatchObject({
      isOverBudget: false,
    });
  });
});
