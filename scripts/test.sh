#!/usr/bin/env bash
# `npm test`: type-check, lint, format check, then every test (unit, integration on real PostgreSQL and Redis).
# The tests use TEST_DATABASE_URL / TEST_REDIS_URL if set, else local services on the standard ports, else
# start embedded ones (see test/helpers/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npx tsc --noEmit
echo "== lint" && npx eslint .
# ESLint's import-x/no-cycle skips type-only imports; a circle through types still ties the layers together.
echo "== import cycles" && npx dpdm --no-warning --no-tree --exit-code circular:1 --exclude 'generated|node_modules' \
  'bot/**/*.ts' 'jobs/**/*.ts' 'scripts/*.ts' 'test/**/*.ts' 'bench/*.ts' > /tmp/dpdm-$$.txt 2>&1 \
  || { cat /tmp/dpdm-$$.txt; exit 1; }
echo "== format" && npx prettier --check . > /dev/null
echo "== tests" && npx jest "$@"
