// The server's connections to Redis (REDIS_URL), with ioredis: one for
// commands, one for pub/sub (a subscribed connection can run nothing else).
//
// Redis is an accelerator here, never the truth: while it is unreachable every
// command fails at once (no offline queue) or within TRADEGRAPH_REDIS_TIMEOUT_MS
// (a hung Redis), callers fall back (src/redis/*), and ioredis reconnects on its
// own. The change of state is logged once per transition, not per request.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

export type RedisState = 'connecting' | 'up' | 'down';

export interface RedisLink {
  /** Commands: GET/SET, scripts, PUBLISH. Fails fast while Redis is unreachable. */
  readonly command: Redis;
  /** Subscriptions only (src/events/graph-events.ts); resubscribes after a reconnect. */
  readonly subscriber: Redis;
  /** Prefix of every key and channel (TRADEGRAPH_REDIS_PREFIX). */
  readonly prefix: string;
  /** Whether the command connection is ready now. */
  up(): boolean;
  /** Its state, and since when (ISO time), for /ready. */
  status(): { state: RedisState; since: string };
  /** Calls `listener` each time the command connection becomes ready (the first time, and after each reconnect). */
  onUp(listener: () => void): void;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  url: string;
  prefix: string;
  /** Longest one command may take, in ms (LIMITS.redisCommandTimeoutMs). */
  timeoutMs: number;
  log: Logger;
}

/** Reconnects after 50 ms, then backs off to 1 s between attempts, forever. */
const retryStrategy = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 5), 1_000);

export function openRedisLink({ url, prefix, timeoutMs, log }: RedisLinkOptions): RedisLink {
  const common: RedisOptions = {
    connectTimeout: Math.max(timeoutMs, 1_000),
    retryStrategy,
    // Reconnect rather than fail on a READONLY replica after a failover.
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
    connectionName: 'tradegraph',
  };
  const command = new Redis(url, {
    ...common,
    // A command while disconnected fails at once: the request falls back instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
  });
  // Subscriptions wait for the connection (their calls are not on a request's path).
  const subscriber = new Redis(url, { ...common, maxRetriesPerRequest: null });

  const redisLog = log.child({ component: 'redis' });
  let state: RedisState = 'connecting';
  let since = new Date().toISOString();
  let closing = false;
  const listeners: Array<() => void> = [];
  const become = (next: RedisState, err?: unknown) => {
    if (state === next) return;
    const was = state;
    state = next;
    since = new Date().toISOString();
    if (next === 'up') {
      redisLog.info({ was }, 'redis reachable: shared cache, graph version, events and rate limit in use');
      for (const l of listeners) l();
    } else if (next === 'down' && !closing) {
      redisLog.warn({ err }, 'redis unreachable: answering from the database without the cache, rate limit per process, events paused; reconnecting');
    }
  };
  command.on('ready', () => become('up'));
  command.on('error', (err: unknown) => become('down', err));
  command.on('close', () => become('down'));
  command.on('end', () => become('down'));
  // Errors are the command connection's to report; without a listener ioredis would log them itself.
  subscriber.on('error', () => undefined);

  return {
    command,
    subscriber,
    prefix,
    up: () => state === 'up' && command.status === 'ready',
    status: () => ({ state, since }),
    onUp: (listener) => void listeners.push(listener),
    async close() {
      closing = true;
      // QUIT politely, but a hung Redis must not hold up a shutdown.
      await Promise.race([Promise.allSettled([command.quit(), subscriber.quit()]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      command.disconnect();
      subscriber.disconnect();
    },
  };
}
