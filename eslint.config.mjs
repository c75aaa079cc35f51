import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers, enforced here rather than remembered (README "Architecture"): imports point down
 * `scripts → bot/services → {bot/http, jobs} → bot/domain → {bot/wecom, bot/db}`, the browser code sees only the
 * API contract, and nothing that ships imports tests or tools. `test/unit/layer-rules.test.ts` shows each
 * zone refusing a forbidden import.
 */
const LAYER_ZONES = [
  {
    target: './bot',
    from: ['./test', './bench', './scripts'],
    message: 'bot/ is what ships: it never imports tests, benchmarks or dev-only scripts.',
  },
  {
    // Everything in bot/ but the composition root.
    target: ['./bot/domain/**', './bot/http/**', './bot/wecom/**', './bot/!(services).ts'],
    from: './jobs',
    message: 'Only the composition root (bot/services.ts) and process entries import jobs/.',
  },
  {
    target: './bot/domain',
    from: './bot/http',
    except: ['./contract'],
    message: 'Domain code knows nothing of HTTP (the API contract, imports only zod, is the exception).',
  },
  {
    target: './bot/domain',
    from: ['./bot/app.ts', './bot/services.ts', './bot/main.ts'],
    message: 'Domain code is below the app and the composition root.',
  },
  {
    target: ['./bot/wecom', './bot/db.ts', './bot/errors.ts', './bot/config.ts', './bot/logger.ts'],
    from: ['./bot/domain', './bot/app.ts', './bot/services.ts', './bot/main.ts'],
    message:
      'The WeCom client, the database and the shared modules are the bottom layer: they import no domain code.',
  },
  {
    target: ['./bot/wecom', './bot/db.ts', './bot/errors.ts', './bot/config.ts', './bot/logger.ts'],
    from: './bot/http',
    except: ['./contract'],
    message: 'The bottom layer imports nothing of HTTP but the API contract.',
  },
  {
    target: './bot/http',
    from: ['./bot/services.ts', './bot/main.ts'],
    message: 'The web layer gets its dependencies from the composition root; it does not import it.',
  },
  {
    target: './jobs',
    from: [
      './bot/http',
      './bot/app.ts',
      './bot/services.ts',
      './bot/main.ts',
      './scripts',
      './test',
      './bench',
    ],
    message: 'Job handlers call domain code; they know nothing of the web layer or the process entries.',
  },
  {
    target: './bot/http/contract',
    from: '.',
    except: ['./bot/http/contract', './node_modules/zod'],
    message: 'The API contract imports only zod: the browser imports it.',
  },
  {
    target: './sidebar',
    from: './bot',
    except: ['./http/contract'],
    message: 'The sidebar imports nothing of the server but the API contract (bot/http/contract).',
  },
  {
    target: './sidebar',
    from: ['./jobs', './prisma', './scripts', './bench', './test/wecom-sim/server.ts'],
    message: 'The sidebar imports nothing of the server but the API contract (bot/http/contract).',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'bot/generated/', '.data/', 'dist/', 'coverage/', 'sidebar/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      // The sidebar has its own tsconfig (DOM, JSX, its `@/` and `@contract/` aliases).
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['./tsconfig.json', './sidebar/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
      // The cycle check reads the files it follows: TypeScript, with typescript-eslint's parser.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'error',
      // bot/config.ts is the one reader of the environment; entry points pass process.env to it.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings from bot/config.ts, not process.env.' },
      ],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYER_ZONES }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['bot/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['koa', 'bull', 'ioredis', 'react'].map((name) => ({
            name,
            message:
              'Domain code never sees Koa, Bull, Redis or React: take what you need through DomainDeps.',
          })),
          patterns: [{ group: ['@koa/*', 'koa-*'], message: 'Domain code never sees Koa.' }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // expect.any() and friends are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // supertest's res.body is untyped JSON; the assertions are the type check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      'no-restricted-properties': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
  },
);
