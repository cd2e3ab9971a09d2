// WEB_CONCURRENCY=N: N server processes (node:cluster) on one port, sharing
// nothing but the database. The primary opens the database once (starting
// and supervising the embedded PostgreSQL, applying migrations, seeding an
// empty graph), then forks the workers, which connect to it like to any
// external server. A worker that dies is replaced; SIGTERM or SIGINT stops the
// workers (each drains its requests) and then the database, within
// TRADEGRAPH_SHUTDOWN_DEADLINE_MS for the whole group.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { endPool } from './db/pool.ts';
import { seedIfEmpty } from './ingest/seed.ts';
import type { Logger } from './logger.ts';

/** The part of the deadline kept for stopping the database once the workers are gone: a third, at most 3 s. */
const DATABASE_SHARE = 1 / 3;
const DATABASE_RESERVE_MAX_MS = 3_000;
/** More deaths than this within the window is a crash loop: the group stops rather than fork forever. */
const CRASH_LOOP_DEATHS = 5;
const CRASH_LOOP_WINDOW_MS = 30_000;

/** This process's place in the cluster, for logs and /ready; undefined when it runs alone. */
export function workerIdentity(): { worker: number; pid: number } | undefined {
  return cluster.isWorker && cluster.worker ? { worker: cluster.worker.id, pid: process.pid } : undefined;
}

/** Whether this process should be the cluster's primary rather than serve itself. */
export const runsAsPrimary = (config: Pick<Config, 'WEB_CONCURRENCY'>) => cluster.isPrimary && config.WEB_CONCURRENCY > 1;

export async function runPrimary(config: Config, log: Logger): Promise<void> {
  const started = Date.now();
  const deadlineMs = config.TRADEGRAPH_SHUTDOWN_DEADLINE_MS;
  const databaseReserveMs = Math.min(DATABASE_RESERVE_MAX_MS, deadlineMs * DATABASE_SHARE);
  const starting = new AbortController();
  let db: Database | undefined;
  let stopping = false;
  const deaths: number[] = [];

  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const begun = Date.now();
    log.info({ reason, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down: stopping the workers, then the database');
    const deadline = setTimeout(() => {
      log.error({ deadlineMs }, 'the shutdown deadline has passed; exiting without waiting any longer');
      process.exit(1);
    }, deadlineMs);
    starting.abort(new Error(`start-up aborted: ${reason}`));
    await stopWorkers(begun + deadlineMs - databaseReserveMs);
    await db?.close(Math.max(0, begun + deadlineMs - Date.now()));
    clearTimeout(deadline);
    log.info({ ms: Date.now() - begun }, 'stopped');
    process.exit(exitCode);
  };

  /** SIGTERM to every worker (each drains within its own, shorter deadline); SIGKILL to any left at `killAt`. */
  const stopWorkers = async (killAt: number) => {
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGTERM');
    const kill = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, Math.max(0, killAt - Date.now()));
    await Promise.all(exited);
    clearTimeout(kill);
  };

  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    db = await openDatabase(config, log, { signal: starting.signal, onFailed: () => void stop('embedded database failed', 1) });
    const opened = db;
    await seedIfEmpty(opened, config, log);
    // The primary serves nothing: its connections go back before the workers open theirs.
    await opened.prisma.$disconnect();
    await endPool(opened.pool, 2_000);
  } catch (err) {
    if (starting.signal.aborted) return;
    await db?.close(2_000);
    throw err;
  }
  if (stopping) return;

  // PGlite serves one connection at a time, from inside this process: one worker only.
  const count = db.engine === 'pglite' ? 1 : config.WEB_CONCURRENCY;
  if (count < config.WEB_CONCURRENCY) log.warn({ WEB_CONCURRENCY: config.WEB_CONCURRENCY }, 'PGlite serves one connection at a time: running one worker');
  const workerEnv = {
    DATABASE_URL: db.url,
    // Seeded above, once; and each worker's shutdown ends before the database's.
    TRADEGRAPH_SEED_ON_EMPTY: 'false',
    TRADEGRAPH_SHUTDOWN_DEADLINE_MS: String(Math.max(0, Math.floor(deadlineMs - databaseReserveMs))),
  };
  const fork = () => cluster.fork(workerEnv);

  let listening = 0;
  let announced = false;
  cluster.on('listening', (worker) => {
    log.info({ worker: worker.id, pid: worker.process.pid }, 'worker is listening');
    if (announced || ++listening < count) return;
    announced = true;
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    log.info({ engine: db!.engine, workers: count, ms: Date.now() - started }, `tradegraph is ready: GraphiQL on http://${shown}:${config.PORT}/graphql`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - CRASH_LOOP_WINDOW_MS) deaths.shift();
    if (deaths.length > CRASH_LOOP_DEATHS) {
      log.error({ worker: worker.id, code, signal, deaths: deaths.length }, 'workers keep dying; stopping');
      void stop('workers keep dying', 1);
      return;
    }
    const replacement = fork();
    log.warn({ worker: worker.id, pid: worker.process.pid, code, signal, replacement: replacement.id }, 'a worker died; started a replacement');
  });
  log.info({ workers: count }, 'starting workers');
  for (let i = 0; i < count; i++) fork();
}
