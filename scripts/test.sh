#!/usr/bin/env bash
# `npm test`: type-check, lint, format check, the sidebar's build, then every test (unit, integration on real
# PostgreSQL and Redis, and the browser tests in headless Chromium).
# The tests use TEST_DATABASE_URL / TEST_REDIS_URL if set, else local services on the standard ports, else
# start embedded ones (see test/helpers/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npx tsc --noEmit && npx tsc -p sidebar --noEmit
echo "== lint" && npx eslint .
# ESLint's import-x/no-cycle skips type-only imports; a circle through types still ties the layers together.
echo "== import cycles" && npx dpdm --no-warning --no-tree --exit-code circular:1 --exclude 'generated|node_modules' \
  'bot/**/*.ts' 'jobs/**/*.ts' 'scripts/*.ts' 'test/**/*.ts' 'bench/*.ts' > /tmp/dpdm-$$.txt 2>&1 \
  || { cat /tmp/dpdm-$$.txt; exit 1; }
echo "== format" && npx prettier --check . > /dev/null
# The browser tests (test/e2e) load the built sidebar and the size check reads it: build it from these sources
# (the tests would build a missing or stale one themselves; here a build error is reported as such).
echo "== sidebar build" && npx vite build --config sidebar/vite.config.ts > /tmp/vite-build-$$.txt 2>&1 \
  || { cat /tmp/vite-build-$$.txt; exit 1; }
echo "== sidebar component tests" && npx vitest run --config sidebar/vite.config.ts
echo "== tests" && npx jest "$@"
