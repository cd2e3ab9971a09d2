// npm start: opens the database (embedded unless DATABASE_URL is set), seeds
// an empty graph, serves GraphQL and GraphiQL, and shuts down cleanly.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { seedIfEmpty } from './ingest/seed.ts';
import { createLogger } from './logger.ts';
import { createGraphQLServer } from './yoga.ts';

const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config, log);
  await seedIfEmpty(db, config, log);

  const yoga = createGraphQLServer({ db, log, sqlStats: config.TRADEGRAPH_SQL_STATS });
  const server = createServer(yoga);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  log.info(
    { engine: db.engine, ms: Date.now() - started },
    `tradegraph is ready: GraphiQL on http://${shown}:${config.PORT}${yoga.graphqlEndpoint}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const deadline = setTimeout(() => {
      log.warn('requests still in flight at the deadline; closing them');
      server.closeAllConnections();
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
