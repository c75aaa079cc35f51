import { loadEnv } from 'vite';
import { defineConfig } from 'vitest/config';

// The sidebar is one Vite project the bot serves at /sidebar/ (README "The sidebar"), with the desk at /desk/. There is no
// @vitejs/plugin-react here (its peer dependencies conflict with Vite 8): Vite 8 compiles TSX itself with oxc.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const contract = decodeURIComponent(new URL('../bot/http/contract', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  // Only for `vite` (the dev server): where the bot answers /api and /auth, so the page stays same-origin.
  const devApi = loadEnv(mode, root, 'SIDEBAR_').SIDEBAR_DEV_API ?? 'http://127.0.0.1:3000';
  return {
    root,
    base: '/sidebar/',
    resolve: {
      alias: {
        '@contract': contract,
        '@': `${root}src`,
      },
    },
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // The bench and CI read the manifest to find the entry chunk and its static imports (the initial JS).
      manifest: true,
      target: 'es2020',
      // Two pages of one project: the guide's sidebar, and the managers' desk (served at /desk/, its scripts
      // under /sidebar/assets/ like the sidebar's). Each has its own initial set; they share only what both import.
      rollupOptions: {
        input: { sidebar: `${root}index.html`, desk: `${root}desk/index.html` },
        // Rolldown merges a module both pages share (antd's and antd-mobile's form library) into a chunk the
        // sidebar's entry loads, even when the sidebar needs it only in a lazy chunk: the desk's code would then
        // count against the sidebar's budget. Shared modules keep chunks of their own.
        experimental: { chunkOptimization: { mergeCommonChunks: false } },
        // antd marks its modules "use client" (for React Server Components): meaningless in a browser bundle.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
    server: {
      proxy: { '/api': devApi, '/auth': devApi },
    },
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/testing/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      // Dates are shown and chosen in the device's zone; pin it so the expected strings hold on any machine.
      env: { TZ: 'Asia/Shanghai' },
      restoreMocks: true,
      testTimeout: 20_000,
    },
  };
});
