// Where cached answers live, behind an interface a shared store (Redis, issue
// 15) can implement: the graph's version, and answers by key. The key holds
// the version (src/http/response-cache.ts), so an answer computed under an
// older version is never found again; old entries just age out.
import type { ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  /** The answer as sent, without per-request extensions. */
  result: ExecutionResult;
  /** Its size serialised, in bytes (what the memory bound counts). */
  bytes: number;
}

export interface ResponseStore {
  /**
   * The graph's version, read after the call began (see src/cache/graph-version.ts), or as
   * the memory store's version listener knows it (src/cache/version-listener.ts). `atLeast`:
   * the version the request requires (its X-Graph-Version); a store never answers an older one
   * from what it knows without reading.
   */
  version(atLeast?: bigint): Promise<string>;
  get(key: string): Promise<CachedResponse | undefined> | CachedResponse | undefined;
  set(key: string, response: CachedResponse): Promise<void> | void;
  /** Counts a hit served without get() (the hit path's copy of an answer: src/http/hit-path.ts). */
  countHit?(): void;
  /** Entries, bytes, hits and misses so far, for operators. */
  stats(): ResponseCacheStats;
}

export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export interface MemoryStoreOptions {
  /** Reads the graph's version (coalesced; see graph-version.ts), or knows it. */
  version: (atLeast?: bigint) => Promise<string>;
  /** Most answers kept. */
  maxEntries: number;
  /** Most bytes kept, answers' JSON counted; a larger answer is not kept at all. */
  maxBytes: number;
}

/** This process's memory, least recently used answers evicted first (lru-cache). */
export function memoryResponseStore({ version, maxEntries, maxBytes }: MemoryStoreOptions): ResponseStore {
  const lru = new LRUCache<string, CachedResponse>({ max: maxEntries, maxSize: maxBytes, sizeCalculation: (r) => Math.max(1, r.bytes) });
  let hits = 0;
  let misses = 0;
  return {
    version,
    get(key) {
      const found = lru.get(key);
      if (found) hits++;
      else misses++;
      return found;
    },
    set(key, response) {
      lru.set(key, response);
    },
    countHit: () => void hits++,
    stats: () => ({ entries: lru.size, bytes: lru.calculatedSize, hits, misses }),
  };
}
