// Applies prisma/migrations at start-up. Prisma's migrate engine is a native
// binary that cannot be downloaded on every machine, so the server applies the
// committed SQL itself: in order, each once, each in its own transaction, under
// the same advisory lock Prisma uses, and recorded in Prisma's
// `_prisma_migrations` table so `prisma migrate deploy` sees the same history.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../config.ts';
import type { Logger } from '../logger.ts';

export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');

/** Client-side backstop for one migration (the pool's query timeout is sized for requests). */
const MIGRATION_TIMEOUT_MS = 6 * 60 * 60_000;

/** The key Prisma's migrate engine locks, so the two never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

class MigrationError extends Error {}

export function readMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

async function readHistory(client: pg.PoolClient | pg.Pool): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return rows;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function applyMigrations(
  pool: pg.Pool,
  log: Logger,
  migrations: Migration[] = readMigrations(),
): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(HISTORY_TABLE);
      const history = await readHistory(client);
      const failed = history.find((row) => row.finished_at === null);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} failed earlier and was never completed or rolled back; ` +
            'fix the database by hand, then mark it rolled back in "_prisma_migrations".',
        );
      }
      const done = new Map(history.map((row) => [row.migration_name, row.checksum]));
      for (const m of migrations) {
        const checksum = done.get(m.name);
        if (checksum && checksum !== m.checksum) {
          log.warn({ migration: m.name }, 'migration file changed after it was applied; it is not re-run');
        }
      }
      const known = new Set(migrations.map((m) => m.name));
      for (const name of done.keys()) {
        if (!known.has(name)) log.warn({ migration: name }, 'database has a migration this checkout does not know');
      }

      const applied: string[] = [];
      for (const m of migrations.filter((m) => !done.has(m.name))) {
        const started = Date.now();
        await client.query('BEGIN');
        try {
          // Building an index over a large graph takes longer than any request may: no
          // statement timeout for a migration, on the server or in the pool's client.
          await client.query('SET LOCAL statement_timeout = 0');
          await client.query({ text: m.sql, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
        log.info({ migration: m.name, ms: Date.now() - started }, 'applied migration');
      }
      // The past's views follow the tables they mirror (prisma/migrations/*_as_of): rebuilt after any change.
      if (applied.length) {
        const { rows } = await client.query(`SELECT to_regproc('public.rebuild_asof') IS NOT NULL AS present`);
        if (rows[0]?.present) await client.query('SELECT "rebuild_asof"()');
      }
      return { applied, alreadyApplied: migrations.length - applied.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/** Names of committed migrations the database has not applied (for readiness checks). */
export async function pendingMigrations(
  pool: pg.Pool,
  migrations: Migration[] = readMigrations(),
): Promise<string[]> {
  const exists = await pool.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return migrations.map((m) => m.name);
  const applied = new Set(
    (await readHistory(pool)).filter((r) => r.finished_at !== null).map((r) => r.migration_name),
  );
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}
