// Prisma CLI configuration. The server never runs Prisma's migrate engine: it
// applies prisma/migrations itself (src/db/migrate.ts). `prisma migrate deploy`
// still works against DATABASE_URL wherever Prisma's engines can be downloaded.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
