#!/usr/bin/env bash
# Runs the Prisma CLI offline. With `engine: 'js'` (prisma.config.ts) and the query-compiler client no native
# engine is ever loaded, but the 6.x CLI still tries to download them unless these paths name existing files.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$PWD/prisma/schema.prisma}"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/prisma/schema.prisma}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec node_modules/.bin/prisma "$@"
