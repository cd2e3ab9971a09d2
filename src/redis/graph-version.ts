// The graph's version kept in Redis, so every instance reads it with one Redis
// GET instead of a PostgreSQL statement, and a change published by any
// instance or by the CLI invalidates every instance's cached answers at once.
//
// PostgreSQL stays the truth: the graph_version row, bumped by triggers in
// the writing transaction. Redis only ever holds a copy that moves forward
// (SETMAX below). Every writer publishes after its commit
// (src/events/graph-events.ts, src/ingest/cli.ts); a publish that was missed
// (Redis down at that moment, a write by psql) is caught up:
// - before the first read, after every reconnect and after any failed call
//   (a hung Redis keeps its connection) the copy is resynced from
//   PostgreSQL, and the cache is not used until that is done;
// - every TRADEGRAPH_GRAPH_VERSION_RESYNC_MS each instance resyncs anyway, so
//   an unpublished write is served stale for at most that long;
// - a copy that is missing (Redis restarted empty, or evicted) is read again
//   from PostgreSQL.
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { readGraphVersion } from '../sql/graph-version.ts';
import { coalescedReader } from '../cache/graph-version.ts';
import type { RedisLink } from './link.ts';

/** Sets the key to the version unless it already holds a later one; 1 if it moved. */
const SET_MAX = `
local current = redis.call('GET', KEYS[1])
if current == false or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
return 0`;

export interface SharedGraphVersion {
  /** The version for a request: Redis' copy (resynced first when needed). Rejects when Redis is unreachable. */
  read(): Promise<string>;
  /** After a commit: the version now in PostgreSQL, raised in Redis. Resolves with it, and whether Redis moved. */
  publish(): Promise<{ version: string; moved: boolean }>;
  /** Compares PostgreSQL's version with Redis' and raises Redis' copy; the version and whether it moved. */
  resync(): Promise<{ version: string; moved: boolean }>;
  stop(): void;
}

export interface SharedGraphVersionOptions {
  link: RedisLink;
  /** Key prefix of this graph: the link's prefix and the graph's identity (src/sql/graph-version.ts). */
  scope: string;
  /** Reads the primary (writes are seen there first). */
  pool: Pick<pg.Pool, 'query'>;
  log: Logger;
  resyncMs: number;
  /** A resync raised Redis' copy: a write nobody published (psql, or a publish lost while Redis was down). */
  onDetected?: (version: string) => void;
}

export function sharedGraphVersion({ link, scope, pool, log, resyncMs, onDetected }: SharedGraphVersionOptions): SharedGraphVersion {
  const key = `${scope}graph-version`;
  let synced = false;
  const setMax = async (version: string) => (await link.command.eval(SET_MAX, 1, key, version)) === 1;

  const resync = async () => {
    const version = await readGraphVersion(pool);
    const moved = await setMax(version);
    synced = true;
    if (moved) onDetected?.(version);
    return { version, moved };
  };

  const read = coalescedReader(async () => {
    if (!link.up()) throw new Error('redis is unreachable');
    try {
      if (!synced) return (await resync()).version;
      const version = await link.command.get(key);
      return version ?? (await resync()).version;
    } catch (err) {
      // Redis hung or failed without dropping the connection: a publish may have been lost meanwhile.
      synced = false;
      throw err;
    }
  });

  // A reconnect may follow missed publishes: nothing is served from the cache until PostgreSQL has been asked.
  link.onUp(() => {
    synced = false;
    resync().catch((err: unknown) => log.debug({ err }, 'graph version resync after reconnect failed'));
  });
  const timer = setInterval(() => {
    if (!link.up()) return;
    resync().catch((err: unknown) => log.debug({ err }, 'graph version resync failed'));
  }, resyncMs);
  timer.unref();

  return {
    read,
    async publish() {
      const version = await readGraphVersion(pool);
      try {
        return { version, moved: await setMax(version) };
      } catch (err) {
        // This process resyncs before it next uses the cache; the others within resyncMs.
        synced = false;
        throw err;
      }
    },
    resync,
    stop: () => clearInterval(timer),
  };
}
