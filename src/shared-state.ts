// What instances of the server share, built once per process from the
// configuration: the response cache and the graph version, change events, the
// mutation rate limit. With REDIS_URL all of them go through Redis (src/redis/)
// and the process itself holds nothing another instance needs; without it,
// each process keeps its own (today's single-server behaviour).
import type pg from 'pg';
import type { MutationRateLimiter } from './auth/rate-limit.ts';
import { localResponseStore } from './cache/local.ts';
import { versionListener } from './cache/version-listener.ts';
import type { ResponseCacheStats, ResponseStore } from './cache/response-store.ts';
import type { Config } from './config.ts';
import { type GraphChangePublisher, type GraphEvents, graphChangePublisher, localGraphEvents, redisGraphEvents } from './events/graph-events.ts';
import { LIMITS } from './limits.ts';
import type { Logger } from './logger.ts';
import { sharedGraphVersion } from './redis/graph-version.ts';
import { openRedisLink, type RedisLink } from './redis/link.ts';
import { sharedRateLimiter } from './redis/rate-limit.ts';
import { redisResponseStore, type RedisStoreDetails } from './redis/response-store.ts';
import { readGraphIdentity } from './sql/graph-version.ts';
import { within } from './time-limit.ts';

/** What /ready adds about shared state: details for the operator, and what runs degraded. */
export interface SharedHealth {
  details: Record<string, unknown>;
  /** Set when the server answers but without part of its shared state (Redis down). */
  degraded?: string[];
}

export interface SharedState {
  responseCache?: ResponseStore;
  events: GraphEvents;
  publisher: GraphChangePublisher;
  /** Shared through Redis; undefined: the token bucket of each process. */
  rateLimiter?: MutationRateLimiter;
  health(): Promise<SharedHealth>;
  close(): Promise<void>;
}

type SharedConfig = Pick<
  Config,
  | 'REDIS_URL'
  | 'TRADEGRAPH_REDIS_PREFIX'
  | 'TRADEGRAPH_REDIS_TIMEOUT_MS'
  | 'TRADEGRAPH_REDIS_CACHE_TTL_S'
  | 'TRADEGRAPH_GRAPH_VERSION_RESYNC_MS'
  | 'TRADEGRAPH_RESPONSE_CACHE'
  | 'TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES'
  | 'TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES'
>;

export interface SharedStateOptions {
  /**
   * The primary's connection string, for the memory cache's version listener
   * (src/cache/version-listener.ts); none: the version is read per request
   * (PGlite serves one session at a time, so it gets none).
   */
  listenUrl?: string;
}

const hitRate = (s: ResponseCacheStats) => (s.hits + s.misses ? Math.round((1000 * s.hits) / (s.hits + s.misses)) / 1000 : null);

/** `work`'s result, or undefined if it fails or gives none within `ms` (for /ready: a hung Redis must not hang the probe). */
const answerWithin = <T>(ms: number, work: Promise<T>): Promise<T | undefined> => within(ms, work).catch(() => undefined);

/**
 * Opens this process's shared state. `pool` reaches the primary (the graph
 * version a commit leaves is read there).
 */
export async function openSharedState(config: SharedConfig, pool: pg.Pool, log: Logger, { listenUrl }: SharedStateOptions = {}): Promise<SharedState> {
  const resyncMs = config.TRADEGRAPH_GRAPH_VERSION_RESYNC_MS;
  if (!config.REDIS_URL) {
    const events = localGraphEvents();
    // The memory cache knows the version from PostgreSQL's notifications (no statement per hit).
    const listener = config.TRADEGRAPH_RESPONSE_CACHE && listenUrl
      ? versionListener({ url: listenUrl, log: log.child({ component: 'version-listener' }), heartbeatMs: resyncMs })
      : undefined;
    const responseCache = config.TRADEGRAPH_RESPONSE_CACHE
      ? localResponseStore(pool, { maxEntries: config.TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES, maxBytes: config.TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES }, listener)
      : undefined;
    // A commit through this process is known before its answer leaves (its notification may come later).
    const onCommitted = listener && ((version: string | undefined) => (version === undefined ? listener.doubt() : listener.raise(version)));
    const publisher = graphChangePublisher({ events, pool, log, resyncMs, ...(onCommitted ? { onCommitted } : {}) });
    return {
      responseCache,
      events,
      publisher,
      health: () => {
        const stats = responseCache?.stats();
        const cache = stats && { store: 'memory', ...stats, hitRate: hitRate(stats), ...(listener ? { versionListener: listener.status() } : {}) };
        return Promise.resolve({ details: cache ? { cache } : {} });
      },
      close: async () => {
        publisher.stop();
        await listener?.close();
      },
    };
  }

  const link: RedisLink = openRedisLink({ url: config.REDIS_URL, prefix: config.TRADEGRAPH_REDIS_PREFIX, timeoutMs: config.TRADEGRAPH_REDIS_TIMEOUT_MS, log });
  // One graph's keys: a reset or another database sharing this Redis never reads them.
  const scope = `${config.TRADEGRAPH_REDIS_PREFIX}${await readGraphIdentity(pool)}:`;
  const events = redisGraphEvents(link, log);
  const version = sharedGraphVersion({
    link,
    scope,
    pool,
    log,
    resyncMs,
    onDetected: (v) => events.publish({ version: v, sourceSlug: null, origin: 'DETECTED' }),
  });
  const store = config.TRADEGRAPH_RESPONSE_CACHE
    ? redisResponseStore({ link, scope, version, ttlSeconds: config.TRADEGRAPH_REDIS_CACHE_TTL_S, maxEntryBytes: config.TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES })
    : undefined;
  const publisher = graphChangePublisher({ events, pool, log, shared: version, resyncMs });
  const rateLimiter = sharedRateLimiter({ link, scope, perMinute: LIMITS.mutationsPerMinute, burst: LIMITS.mutationBurst });
  return {
    responseCache: store,
    events,
    publisher,
    rateLimiter,
    async health() {
      const timeoutMs = config.TRADEGRAPH_REDIS_TIMEOUT_MS;
      // Connected is not enough: a hung Redis holds the connection and answers nothing.
      const answers = link.up() && (await answerWithin(timeoutMs, link.command.ping())) === 'PONG';
      const redis = { ...link.status(), ...(link.up() && !answers ? { state: 'not answering' } : {}) };
      const stats = store?.stats();
      const details: RedisStoreDetails | undefined = store && answers ? await answerWithin(timeoutMs, store.details()) : undefined;
      const cache = stats ? { store: 'redis', ...stats, hitRate: hitRate(stats), ...(details ?? {}) } : undefined;
      const degraded = `redis ${link.up() ? `not answering within ${timeoutMs} ms` : 'unreachable'}: answers come from the database without the shared cache, the rate limit is per process, change events are paused`;
      return { details: { redis, ...(cache ? { cache } : {}) }, ...(answers ? {} : { degraded: [degraded] }) };
    },
    async close() {
      version.stop();
      publisher.stop();
      await link.close();
    },
  };
}
