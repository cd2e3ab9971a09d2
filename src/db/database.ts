// Opens the graph's database: the external PostgreSQL of DATABASE_URL, or the
// embedded one. Either way the caller gets a migrated database, one pg pool and
// one Prisma client on top of it, and a close() that releases all of them.
import type pg from 'pg';
import { abortable } from '../abortable.ts';
import type { Config } from '../config.ts';
import { LIMITS } from '../limits.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedDatabase, type EmbeddedEngine } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { createPool, endPool } from './pool.ts';
import { createPrismaClient, type PrismaClient } from './prisma.ts';
import { ReplicaSet } from './replicas.ts';
import type { EmbeddedStatus } from './supervisor.ts';

/** Longest close() waits for connections still running a statement. */
const POOL_CLOSE_TIMEOUT_MS = 2_000;
/** How long close() may take when not told (the embedded PostgreSQL's fast shutdown included). */
const CLOSE_TIMEOUT_MS = 12_000;
/** How long an aborted start-up waits for its connections to close. */
const ABORTED_CLOSE_TIMEOUT_MS = 500;

export interface Database {
  pool: pg.Pool;
  prisma: PrismaClient;
  /** `external`, or the embedded engine in use. */
  engine: 'external' | EmbeddedEngine;
  url: string;
  /** The read replicas (DATABASE_REPLICA_URLS), if any: reads go to them (src/http/read-source.ts). */
  replicas?: ReplicaSet;
  /** The embedded database's state and restarts, for /ready (undefined for an external one). */
  status?(): EmbeddedStatus | undefined;
  /** Releases everything; returns after about `withinMs` at most (connections still busy are left to the process's exit). */
  close(withinMs?: number): Promise<void>;
}

export interface OpenOptions {
  /** Aborts opening (SIGTERM during start-up): whatever was started is stopped, and openDatabase rejects. */
  signal?: AbortSignal;
  /** Called when the embedded PostgreSQL died and could not be restarted. */
  onFailed?: (error: Error) => void;
  /** Open DATABASE_REPLICA_URLS' read replicas too (the server; tools that write need none). */
  replicas?: boolean;
}

type DatabaseConfig = Pick<
  Config,
  | 'DATABASE_URL'
  | 'TRADEGRAPH_DATA_DIR'
  | 'TRADEGRAPH_EMBEDDED_ENGINE'
  | 'TRADEGRAPH_EMBEDDED_PORT'
  | 'TRADEGRAPH_EMBEDDED_RESTART_ATTEMPTS'
  | 'TRADEGRAPH_DB_POOL_MAX'
  | 'TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS'
  | 'TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS'
  | 'TRADEGRAPH_DB_IDLE_TIMEOUT_MS'
> &
  Partial<Pick<Config, 'DATABASE_REPLICA_URLS' | 'TRADEGRAPH_REPLICA_MAX_LAG_MS' | 'TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS'>>;

/** Connects to a database URL, checks it can hold the graph, and applies pending migrations. */
export async function connectDatabase(
  url: string,
  config: Omit<DatabaseConfig, 'DATABASE_URL' | 'TRADEGRAPH_DATA_DIR' | `TRADEGRAPH_EMBEDDED_${string}`>,
  log: Logger,
  maxConnections = Number.POSITIVE_INFINITY,
  signal?: AbortSignal,
): Promise<Omit<Database, 'engine'>> {
  const pool = createPool(
    url,
    {
      max: Math.min(config.TRADEGRAPH_DB_POOL_MAX, maxConnections),
      acquireTimeoutMs: config.TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: config.TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: config.TRADEGRAPH_DB_IDLE_TIMEOUT_MS,
    },
    log.child({ component: 'pool' }),
  );
  try {
    await abortable(signal, async () => {
      const { rows } = await pool.query<{ encoding: string }>(
        `SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`,
      );
      if (rows[0]?.encoding !== 'UTF8') {
        throw new Error(
          `database encoding is ${rows[0]?.encoding}; tradegraph needs UTF8 (evidence offsets count characters)`,
        );
      }
      // Aborted, a migration under way still runs in its own transaction:
      // it commits whole, or rolls back once its connection closes.
      await applyMigrations(pool, log.child({ component: 'migrate' }));
    });
  } catch (err) {
    // Stopping during start-up: a connection still waiting (on the migrations' lock) is not waited for.
    await endPool(pool, signal?.aborted ? ABORTED_CLOSE_TIMEOUT_MS : POOL_CLOSE_TIMEOUT_MS);
    throw err;
  }
  const prisma = createPrismaClient(pool);
  return {
    pool,
    prisma,
    url,
    close: async (withinMs = CLOSE_TIMEOUT_MS) => {
      await prisma.$disconnect().catch(() => undefined);
      await endPool(pool, Math.min(POOL_CLOSE_TIMEOUT_MS, withinMs / 2));
    },
  };
}

/** A connection string as it may be printed: the password hidden. */
function withoutPassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '****';
  return u.toString();
}

/** The database with its read replicas, when DATABASE_REPLICA_URLS lists any; closing it closes them first. */
export async function withReplicas(
  db: Database,
  config: Pick<DatabaseConfig, 'TRADEGRAPH_DB_POOL_MAX' | 'TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS' | 'TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS' | 'TRADEGRAPH_DB_IDLE_TIMEOUT_MS' | 'DATABASE_REPLICA_URLS' | 'TRADEGRAPH_REPLICA_MAX_LAG_MS' | 'TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS'>,
  log: Logger,
): Promise<Database> {
  const urls = config.DATABASE_REPLICA_URLS ?? [];
  if (!urls.length) return db;
  const replicas = new ReplicaSet({
    urls,
    primary: { url: db.url, pool: db.pool, prisma: db.prisma },
    pool: {
      max: config.TRADEGRAPH_DB_POOL_MAX,
      acquireTimeoutMs: config.TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: config.TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: config.TRADEGRAPH_DB_IDLE_TIMEOUT_MS,
    },
    maxLagMs: config.TRADEGRAPH_REPLICA_MAX_LAG_MS ?? LIMITS.replicaMaxLagMs,
    checkIntervalMs: config.TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS ?? 1_000,
    log,
  });
  await replicas.start();
  log.info({ replicas: replicas.status().map((r) => `${r.name} ${r.address}: ${r.state}`) }, `read replicas: ${urls.length}`);
  return {
    ...db,
    replicas,
    close: async (withinMs = CLOSE_TIMEOUT_MS) => {
      await replicas.close(Math.min(POOL_CLOSE_TIMEOUT_MS, withinMs / 4));
      await db.close(withinMs);
    },
  };
}

export async function openDatabase(config: DatabaseConfig, log: Logger, { signal, onFailed, replicas = false }: OpenOptions = {}): Promise<Database> {
  if (config.DATABASE_URL) {
    // The password of an external server is its operator's secret.
    log.info(`database: ${withoutPassword(config.DATABASE_URL)} (DATABASE_URL)`);
    const db = await connectDatabase(config.DATABASE_URL, config, log, undefined, signal);
    return replicas ? withReplicas({ ...db, engine: 'external' }, config, log) : { ...db, engine: 'external' };
  }
  const embedded = await startEmbeddedDatabase({
    dataDir: config.TRADEGRAPH_DATA_DIR,
    port: config.TRADEGRAPH_EMBEDDED_PORT,
    engine: config.TRADEGRAPH_EMBEDDED_ENGINE,
    restartAttempts: config.TRADEGRAPH_EMBEDDED_RESTART_ATTEMPTS,
    onFailed,
    signal,
    log,
  });
  // The embedded database's password is local and documented: the whole
  // address is printed, so psql and BI tools can use it as it stands.
  log.info({ engine: embedded.engine, url: embedded.url }, `database: ${embedded.url} (${embedded.description})`);
  try {
    const db = await connectDatabase(embedded.url, config, log, embedded.maxConnections, signal);
    return {
      ...db,
      engine: embedded.engine,
      status: embedded.status,
      close: async (withinMs = CLOSE_TIMEOUT_MS) => {
        const until = Date.now() + withinMs;
        // Idle connections close at once; one still running a statement is
        // ended by PostgreSQL's fast shutdown, which gets most of the time.
        await db.close(withinMs / 2);
        await embedded.stop(Math.max(0, until - Date.now()));
      },
    };
  } catch (err) {
    await embedded.stop(POOL_CLOSE_TIMEOUT_MS).catch(() => undefined);
    throw err;
  }
}
