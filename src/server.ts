// npm start: opens the database (embedded unless DATABASE_URL is set), seeds
// an empty graph, serves GraphQL and GraphiQL, and shuts down cleanly.
//
// SIGTERM and SIGINT are honoured from the first moment, within
// TRADEGRAPH_SHUTDOWN_DEADLINE_MS whatever the server is doing: during
// start-up they abort it (the embedded PostgreSQL is stopped, a migration cut
// short rolls back); afterwards requests in flight may finish until the part
// of the deadline kept for closing the database, then their connections are
// closed; and if closing still takes too long the process exits at the
// deadline all the same (exit code 1).
import { createServer, type Server } from 'node:http';
import { ConfigError, loadConfig, persistedOperations, requestLimits } from './config.ts';
import { abortable } from './abortable.ts';
import { runPrimary, runsAsPrimary, workerIdentity } from './cluster.ts';
import { type Database, openDatabase } from './db/database.ts';
import { seedIfEmpty } from './ingest/seed.ts';
import { createLogger } from './logger.ts';
import { openSharedState, type SharedState } from './shared-state.ts';
import { nodeListener } from './http/hit-path.ts';
import { createGraphQLServer } from './yoga.ts';

/** The part of the shutdown deadline kept for closing the pool and stopping the embedded PostgreSQL: half, at most 3 s. */
const CLOSE_SHARE = 0.5;
const CLOSE_RESERVE_MAX_MS = 3_000;

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const worker = workerIdentity();
  // With WEB_CONCURRENCY > 1 this process supervises the workers (src/cluster.ts); each worker runs the rest of main().
  if (runsAsPrimary(config)) return runPrimary(config, createLogger(config.LOG_LEVEL));
  const log = worker ? createLogger(config.LOG_LEVEL).child(worker) : createLogger(config.LOG_LEVEL);
  const deadlineMs = config.TRADEGRAPH_SHUTDOWN_DEADLINE_MS;
  const closeReserveMs = Math.min(CLOSE_RESERVE_MAX_MS, deadlineMs * CLOSE_SHARE);

  const starting = new AbortController();
  let startup: Promise<void> = Promise.resolve();
  let db: Database | undefined;
  let shared: SharedState | undefined;
  let server: Server | undefined;
  let endpoint = '/graphql';
  let stopping = false;

  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const begun = Date.now();
    log.info({ reason }, 'shutting down: no new connections, finishing requests in flight');
    const deadline = setTimeout(() => {
      log.error({ deadlineMs }, 'the shutdown deadline has passed; exiting without waiting any longer');
      process.exit(1);
    }, deadlineMs);
    starting.abort(new Error(`start-up aborted: ${reason}`));
    await startup.catch(() => undefined);
    // Subscriptions never finish by themselves: end them so draining waits only for requests.
    shared?.events.endAll();
    if (server) await drain(server, begun + deadlineMs - closeReserveMs);
    await shared?.close().catch(() => undefined);
    await db?.close(Math.max(0, begun + deadlineMs - Date.now()));
    clearTimeout(deadline);
    log.info({ ms: Date.now() - begun }, 'stopped');
    process.exit(exitCode);
  };

  /** Stops accepting connections and answers requests in flight, closing those still open at `cutAt`. */
  const drain = async (http: Server, cutAt: number) => {
    const cut = setTimeout(() => {
      log.warn('requests still in flight at the deadline; closing them');
      http.closeAllConnections();
    }, Math.max(0, cutAt - Date.now()));
    // close() stops accepting and drops idle keep-alive connections; a
    // connection whose request finishes later goes idle afterwards, so keep
    // dropping idle ones until every request in flight has been answered.
    const sweep = setInterval(() => http.closeIdleConnections(), 50);
    await new Promise<void>((resolve) => http.close(() => resolve()));
    clearInterval(sweep);
    clearTimeout(cut);
  };

  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A worker whose primary is gone (killed outright) has no one to answer to.
  if (worker) process.on('disconnect', () => void stop('the cluster primary is gone', 1));

  startup = (async () => {
    const { signal } = starting;
    db = await openDatabase(config, log, {
      signal,
      replicas: true,
      // The embedded PostgreSQL died and would not come back: stop, and let
      // whatever runs the server (or the person who started it) see it.
      onFailed: () => void stop('embedded database failed', 1),
    });
    const opened = db;
    await abortable(signal, () => seedIfEmpty(opened, config, log));
    // Redis (REDIS_URL) or this process: the cache, graph version, change events and rate limit.
    shared = await openSharedState(config, opened.pool, log, opened.engine === 'pglite' ? {} : { listenUrl: opened.url });

    const yoga = createGraphQLServer({
      db: opened,
      log,
      sqlStats: config.TRADEGRAPH_SQL_STATS,
      compiledReads: config.TRADEGRAPH_COMPILED_READS,
      limits: requestLimits(config),
      corsOrigins: config.TRADEGRAPH_CORS_ORIGINS,
      persistedOperations: persistedOperations(config),
      curation: { publicRead: config.TRADEGRAPH_PUBLIC_READ, ingestMaxBytes: config.TRADEGRAPH_INGEST_MAX_BYTES, rateLimiter: shared.rateLimiter },
      responseCache: shared.responseCache,
      hitPathBounds: { maxEntries: config.TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES, maxBytes: config.TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES },
      graphEvents: { events: shared.events, publisher: shared.publisher },
      sharedHealth: shared.health,
      // While draining, /ready says so, and load balancers stop sending requests.
      isDraining: () => stopping,
      instance: worker,
    });
    endpoint = yoga.graphqlEndpoint;
    // Yoga answers every error itself; a rejection would be a fault of the adapter: logged, its connection dropped.
    // A request the response cache answered before, at the graph's current version, is answered without Yoga.
    const http = createServer(nodeListener(yoga, (err) => log.error({ err }, 'the request handler failed')));
    http.keepAliveTimeout = 5_000;
    // A client that trickles its headers or body cannot hold a connection for long.
    http.headersTimeout = 10_000;
    http.requestTimeout = 30_000;
    signal.throwIfAborted();
    server = http;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.PORT, config.HOST, resolve);
    });
  })();
  try {
    await startup;
  } catch (err) {
    // Aborted by a signal: stop() finishes the shutdown.
    if (starting.signal.aborted) return;
    await shared?.close().catch(() => undefined);
    await db?.close(2_000);
    throw err;
  }
  if (stopping) return;
  if (worker) return; // the primary says when all are ready
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  log.info(
    { engine: db!.engine, ms: Date.now() - started },
    `tradegraph is ready: GraphiQL on http://${shown}:${config.PORT}${endpoint}`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('tradegraph failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
