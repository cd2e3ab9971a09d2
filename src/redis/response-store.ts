// The response cache shared by every instance (REDIS_URL): answers in Redis
// under `<prefix><graph>:answer:<version>:<hash>` with a TTL, the version
// from src/redis/graph-version.ts. A change moves the version, so no entry is
// ever deleted or searched for (no KEYS, no SCAN): entries of older versions
// are never read again and expire, or Redis evicts them first under its
// memory bound (maxmemory with an LRU or LFU policy; see docs/scale-out.md).
//
// Every call is bounded (the link's command timeout); a failure answers
// without the cache (a miss that is not kept), never an error.
import type { CachedResponse, ResponseCacheStats, ResponseStore } from '../cache/response-store.ts';
import type { RedisLink } from './link.ts';
import type { SharedGraphVersion } from './graph-version.ts';

export interface RedisStoreOptions {
  link: RedisLink;
  scope: string;
  version: SharedGraphVersion;
  ttlSeconds: number;
  /** Largest answer kept, in bytes (TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES): a larger one is served, not kept. */
  maxEntryBytes: number;
}

export interface RedisStoreDetails {
  store: 'redis';
  /** Keys in Redis' database (answers, the version, rate-limit buckets), Redis' memory and its bound. */
  keys?: number;
  usedMemoryBytes?: number;
  maxMemoryBytes?: number;
  evictedKeys?: number;
}

const infoField = (info: string, name: string): number | undefined => {
  const m = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : undefined;
};

export function redisResponseStore({ link, scope, version, ttlSeconds, maxEntryBytes }: RedisStoreOptions): ResponseStore & { details(): Promise<RedisStoreDetails> } {
  const answerKey = (key: string) => `${scope}answer:${key}`;
  let hits = 0;
  let misses = 0;
  let kept = 0;
  let keptBytes = 0;
  return {
    version: () => version.read(),
    async get(key) {
      try {
        const text = await link.command.get(answerKey(key));
        if (text === null) {
          misses++;
          return undefined;
        }
        hits++;
        return { result: JSON.parse(text) as CachedResponse['result'], bytes: text.length };
      } catch {
        misses++;
        return undefined;
      }
    },
    async set(key, response) {
      if (response.bytes > maxEntryBytes) return;
      await link.command.set(answerKey(key), JSON.stringify(response.result), 'EX', ttlSeconds);
      kept++;
      keptBytes += response.bytes;
    },
    countHit: () => void hits++,
    /** This process's hits and misses; `entries` and `bytes` are the answers it put in Redis. */
    stats: (): ResponseCacheStats => ({ entries: kept, bytes: keptBytes, hits, misses }),
    async details() {
      const [keys, info] = await Promise.all([link.command.dbsize(), link.command.info()]);
      return {
        store: 'redis',
        keys,
        usedMemoryBytes: infoField(info, 'used_memory'),
        maxMemoryBytes: infoField(info, 'maxmemory'),
        evictedKeys: infoField(info, 'evicted_keys'),
      };
    },
  };
}
