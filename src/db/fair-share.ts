// A fair share of the database for each request. The pool is shared by every
// request, and one request's statements could otherwise take all of it: ten
// aliased walks held all ten connections for 15 s, and every other client
// got DATABASE_UNAVAILABLE. So, around the pool (every statement, Prisma's and
// the hand-written SQL's, goes through pool.query):
//  - one request runs at most LIMITS.requestStatements statements at once; its
//    others wait for one of its own to finish;
//  - heavy work (walks, searches, aggregates: see heavyWork) runs at most
//    heavyConnections(pool size) statements at once over all requests, fewer
//    than the pool holds, so light statements always find a connection.
// A costly request thus slows itself (and other heavy work), not everyone.
// Statements outside a request (start-up, migrations, ingest, /ready) pass freely.
import { AsyncLocalStorage } from 'node:async_hooks';
import pLimit, { type LimitFunction } from 'p-limit';
import { LIMITS } from '../limits.ts';

/** Most heavy statements running at once over all requests: half the pool (at least one). */
export const heavyConnections = (poolSize: number): number => Math.max(1, Math.floor(poolSize / 2));

/** Thrown when heavy work waited too long for its turn (see heavyQueue). */
export class BusyError extends Error {
  readonly code = 'TG_BUSY';
  constructor(waitedMs: number) {
    super(`heavy work waited ${waitedMs} ms for a turn`);
  }
}

interface Share {
  /** This request's statements. */
  request: LimitFunction;
  /** Inside heavyWork(). */
  heavy: boolean;
}

const current = new AsyncLocalStorage<Share>();

/** Runs one request's work (a GraphQL execution) with a share of its own. */
export function withRequestShare<T>(fn: () => T): T {
  return current.run({ request: pLimit(LIMITS.requestStatements), heavy: false }, fn);
}

/** Runs `fn`, whose statements are heavy work: they queue behind the pool's heavy limit. */
export function heavyWork<T>(fn: () => Promise<T>): Promise<T> {
  const share = current.getStore();
  return share ? current.run({ ...share, heavy: true }, fn) : fn();
}

/**
 * The heavy queue of a pool of `poolSize`: at most heavyConnections(poolSize)
 * tasks at once. A task that waits `maxWaitMs` for its turn gives up with a
 * BusyError; one that has started runs to its end.
 */
export function heavyQueue(poolSize: number, maxWaitMs: number) {
  const limit = pLimit(heavyConnections(poolSize));
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'running' | 'gave up' = 'waiting';
      const timer = setTimeout(() => {
        if (state !== 'waiting') return;
        state = 'gave up';
        reject(new BusyError(maxWaitMs));
      }, maxWaitMs);
      void limit(async () => {
        clearTimeout(timer);
        // Given up already: the turn passes to the next at once.
        if (state === 'gave up') return;
        state = 'running';
        try {
          resolve(await task());
        } catch (err) {
          reject(err);
        }
      });
    });
}

/**
 * Wraps a pool's query so each statement sent from inside a request takes a
 * slot of that request's share (and of the heavy queue when heavy). Only the
 * promise form is shared; a callback-style call passes through.
 */
export function sharedQuery<Q extends (...args: unknown[]) => unknown>(query: Q, heavy: ReturnType<typeof heavyQueue>): Q {
  return ((...args: unknown[]) => {
    const share = current.getStore();
    if (!share || typeof args.at(-1) === 'function') return query(...args);
    const send = () => query(...args) as Promise<unknown>;
    return share.request(() => (share.heavy ? heavy(send) : send()));
  }) as Q;
}
