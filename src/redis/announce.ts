// For a writer outside the server (the CLI ingest): after its commit, raise
// the graph version in Redis and announce the change, so every instance stops
// serving older answers at once and `graphChanged` subscribers hear of it.
// Best effort, bounded: if Redis cannot be reached the servers find the new
// version by their resync (TRADEGRAPH_GRAPH_VERSION_RESYNC_MS).
import type pg from 'pg';
import type { GraphChange } from '../events/graph-events.ts';
import type { Logger } from '../logger.ts';
import { readGraphIdentity } from '../sql/graph-version.ts';
import { sharedGraphVersion } from './graph-version.ts';
import { openRedisLink } from './link.ts';

export interface AnnounceOptions {
  url: string;
  prefix: string;
  timeoutMs: number;
  pool: Pick<pg.Pool, 'query'>;
  log: Logger;
}

/** Publishes the version PostgreSQL holds now and the change; resolves with the version, or undefined when Redis was out of reach. */
export async function announceCommit({ url, prefix, timeoutMs, pool, log }: AnnounceOptions, change: Omit<GraphChange, 'version'>): Promise<string | undefined> {
  const link = openRedisLink({ url, prefix, timeoutMs, log });
  try {
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(timeoutMs, 1_000) * 2);
      link.onUp(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!ready) return undefined;
    const scope = `${prefix}${await readGraphIdentity(pool)}:`;
    const shared = sharedGraphVersion({ link, scope, pool, log, resyncMs: 60_000 });
    shared.stop();
    const { version } = await shared.publish();
    // The wire format of @graphql-yoga/redis-event-target: the topic as channel, the payload as JSON.
    await link.command.publish(`${prefix}graph-changed`, JSON.stringify({ version, ...change } satisfies GraphChange));
    return version;
  } catch (err) {
    log.debug({ err }, 'could not announce the change through redis');
    return undefined;
  } finally {
    await link.close();
  }
}
