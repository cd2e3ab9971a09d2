// npm start: opens the database (embedded unless DATABASE_URL is set), seeds
// an empty graph, serves GraphQL and GraphiQL, and shuts down cleanly.
import { createServer } from 'node:http';
import { ConfigError, loadConfig, requestLimits } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedIfEmpty } from './ingest/seed.ts';
import { createLogger } from './logger.ts';
import { createGraphQLServer } from './yoga.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  await seedIfEmpty(db, config, log);

  let stopping = false;
  const yoga = createGraphQLServer({
    db,
    log,
    sqlStats: config.TRADEGRAPH_SQL_STATS,
    limits: requestLimits(config),
    corsOrigins: config.TRADEGRAPH_CORS_ORIGINS,
    // While draining, /ready says so, and load balancers stop sending requests.
    isDraining: () => stopping,
  });
  const server = createServer(yoga);
  server.keepAliveTimeout = 5_000;
  // A client that trickles its headers or body cannot hold a connection for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  log.info(
    { engine: db.engine, ms: Date.now() - started },
    `tradegraph is ready: GraphiQL on http://${shown}:${config.PORT}${yoga.graphqlEndpoint}`,
  );

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const deadline = setTimeout(() => {
      log.warn('requests still in flight at the deadline; closing them');
      server.closeAllConnections();
    }, config.TRADEGRAPH_SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    // close() stops accepting and drops idle keep-alive connections; a
    // connection whose request finishes later goes idle afterwards, so keep
    // dropping idle ones until every request in flight has been answered.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearInterval(sweep);
    clearTimeout(deadline);
    await db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('tradegraph failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
