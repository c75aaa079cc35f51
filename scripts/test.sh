#!/usr/bin/env bash
# `npm test`: type-check, lint, format check, then every test (unit, integration on real PostgreSQL and Redis).
# The tests use TEST_DATABASE_URL / TEST_REDIS_URL if set, else local services on the standard ports, else
# start embedded ones (see test/helpers/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck" && npx tsc --noEmit
echo "== lint" && npx eslint .
echo "== format" && npx prettier --check . > /dev/null
echo "== tests" && npx jest "$@"
