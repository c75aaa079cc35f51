// Prisma CLI config. The JS engine + pg adapter lets `prisma generate` and
// `prisma migrate diff` run offline (see shared/ENVIRONMENT.md); migrations are
// applied by prisma/migrate.ts because `migrate deploy` cannot run offline.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  adapter: () =>
    Promise.resolve(
      new PrismaPg({
        // Without this the CLI waits out pg's 10 s idle timeout before exiting.
        idleTimeoutMillis: 1,
        // eslint-disable-next-line no-restricted-properties -- the CLI runs outside bot/config.ts
        connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      }),
    ),
});
