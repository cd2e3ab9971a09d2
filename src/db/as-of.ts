// The graph as it stood at a moment: one read-only transaction on one
// connection, where the views of schema "asof" (prisma/migrations/*_as_of)
// answer for the moment. Prisma reads them through a client whose schema is
// "asof"; the SQL layer's unqualified names find them first on the search_path.
// Both send their statements to the moment's connection, found through the
// async context, so resolvers need not know (they read ctx.prisma, ctx.pool).
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { heavyQueue } from './fair-share.ts';
import { recordStatement } from './sql-trace.ts';

const moments = new AsyncLocalStorage<pg.PoolClient>();

/** A pool-like object whose statements go to the current moment's connection. */
const MOMENT_POOLS = new WeakSet<object>();

function routedPool(): pg.Pool {
  // A real pg.Pool (Prisma's adapter treats anything else as a configuration) that never connects.
  const pool = new pg.Pool({ max: 1 });
  const client = () => {
    const c = moments.getStore();
    if (!c) throw new Error('a statement for an asOf moment was sent outside its request');
    return c;
  };
  pool.query = ((...args: unknown[]) => {
    const first = args[0];
    recordStatement(typeof first === 'string' ? first : String((first as { text?: string })?.text));
    return (client().query as (...a: unknown[]) => unknown)(...args);
  }) as never;
  // Prisma asks for a connection of its own for a transaction: the moment's, which it must not release.
  pool.connect = (async () => {
    const c = client();
    return { query: c.query.bind(c), on: c.on.bind(c), removeListener: c.removeListener.bind(c), release: () => undefined };
  }) as never;
  MOMENT_POOLS.add(pool);
  return pool;
}

let shared: { pool: pg.Pool; prisma: PrismaClient } | undefined;

/** The pool and Prisma client of every moment (statements routed to the current one). */
function momentDb() {
  if (!shared) {
    const pool = routedPool();
    shared = { pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool, { schema: 'asof' }) }) };
  }
  return shared;
}

/** Whether `pool` reads a past moment (the analytics views cannot: they read today's tables). */
export const readsAMoment = (pool: unknown): boolean => typeof pool === 'object' && pool !== null && MOMENT_POOLS.has(pool);

/**
 * Runs `fn` with a pool and Prisma client that read the graph as it stood at
 * `at`, on one connection of `pool` held for the duration (a read-only,
 * repeatable-read transaction, so every statement sees the same log).
 */
export function atMoment<T>(pool: pg.Pool, at: Date, fn: (db: { pool: pg.Pool; prisma: PrismaClient }) => Promise<T>): Promise<T> {
  // A moment holds a connection for its whole request: at most half the pool's at once (as heavy
  // work), the others wait their turn, at most a connection's wait (then QUERY_TIMEOUT, "busy").
  let queue = queues.get(pool);
  if (!queue) queues.set(pool, (queue = heavyQueue(pool.options.max ?? 10, pool.options.connectionTimeoutMillis || 5_000)));
  return queue(() => onConnection(pool, at, fn));
}

const queues = new WeakMap<pg.Pool, ReturnType<typeof heavyQueue>>();

async function onConnection<T>(pool: pg.Pool, at: Date, fn: (db: { pool: pg.Pool; prisma: PrismaClient }) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  let failed: unknown;
  try {
    await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await connection.query(`SELECT set_config('tradegraph.as_of', $1, true), set_config('search_path', 'asof, public', true)`, [at.toISOString()]);
    return await moments.run(connection, () => fn(momentDb()));
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    await connection.query('ROLLBACK').catch(() => undefined);
    connection.release(failed instanceof Error && /connection|terminat/i.test(failed.message) ? failed : undefined);
  }
}
