// The one pg pool of the process, shared by Prisma (through its pg adapter)
// and the hand-written SQL of search and traversal. Bounded, with timeouts on
// every wait, and error listeners so a dropped connection or a restarting
// PostgreSQL never crashes Node.js.
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { heavyQueue, sharedQuery } from './fair-share.ts';
import { recordStatement } from './sql-trace.ts';

export interface PoolOptions {
  max: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
}

/** Each pool's connections that have not ended yet. */
const openConnections = new WeakMap<pg.Pool, Set<pg.Client>>();

/**
 * Ends the pool and waits until every connection has closed its socket, at
 * most `timeoutMs`: pool.end() resolves once it has asked them to close, and
 * an embedded PostgreSQL stopped in that moment would terminate them
 * (57P01 "terminating connection due to administrator command") instead.
 * A connection still running a statement must not hold shutdown either.
 */
export async function endPool(pool: pg.Pool, timeoutMs: number): Promise<void> {
  const closed = [...(openConnections.get(pool) ?? [])].map((client) => new Promise<void>((resolve) => client.once('end', () => resolve())));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    pool
      .end()
      .catch(() => undefined)
      .then(() => Promise.all(closed)),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}

/**
 * Listens for every connection's errors (an unheard 'error' event would crash
 * Node.js) and tracks the open connections, so endPool can wait for them.
 */
export function watchConnections(pool: pg.Pool, log: Pick<Logger, 'warn'>): void {
  pool.on('error', (err) => log.warn({ err }, 'idle database connection failed; the pool replaces it'));
  const open = new Set<pg.Client>();
  openConnections.set(pool, open);
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
    client.on('error', (err) => log.warn({ err }, 'database connection failed'));
  });
}

export function createPool(connectionString: string, options: PoolOptions, log: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    connectionTimeoutMillis: options.acquireTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    // No JIT compilation: the API's statements run in milliseconds, and the
    // planner's estimates for recursive walks over arrays (and for nested
    // selections) cross the JIT threshold, which then adds a second or more.
    options: '-c jit=off',
    // Client-side backstop in case the server never answers (e.g. network partition).
    query_timeout: options.statementTimeoutMs + 2_000,
    idle_in_transaction_session_timeout: options.statementTimeoutMs * 2,
    application_name: 'tradegraph',
    keepAlive: true,
  });
  watchConnections(pool, log);

  // Each request's statements take their share of the pool (fair-share.ts); heavy
  // work waits at most a statement's time for its turn.
  const query = sharedQuery(pool.query.bind(pool) as (...args: unknown[]) => unknown, heavyQueue(options.max, options.statementTimeoutMs));
  pool.query = ((...args: unknown[]) => {
    const first = args[0];
    recordStatement(typeof first === 'string' ? first : String((first as { text?: string })?.text));
    return query(...args);
  }) as typeof pool.query;
  return pool;
}
