// The response store of one server process: answers in its memory; the
// graph's version as the version listener knows it (src/cache/version-listener.ts),
// else read from PostgreSQL for each request (coalesced).
import type pg from 'pg';
import { readGraphVersion } from '../sql/graph-version.ts';
import { coalescedReader } from './graph-version.ts';
import { memoryResponseStore, type ResponseStore } from './response-store.ts';
import type { VersionListener } from './version-listener.ts';

export interface ResponseCacheBounds {
  maxEntries: number;
  maxBytes: number;
}

/**
 * `listener`: while it knows the version, a request takes that version with no
 * statement, unless it requires a newer one (X-Graph-Version: a write made
 * elsewhere that was not heard yet); then, and whenever the listener does not
 * know, the version is read from the primary.
 */
export function localResponseStore(pool: Pick<pg.Pool, 'query'>, bounds: ResponseCacheBounds, listener?: VersionListener): ResponseStore {
  const read = coalescedReader(() => readGraphVersion(pool, { prepared: true }));
  if (!listener) return memoryResponseStore({ version: read, ...bounds });
  const readAndRaise = () =>
    read().then((version) => {
      listener.raise(version);
      return version;
    });
  return memoryResponseStore({
    version: (atLeast) => {
      const known = listener.known();
      if (known === undefined || (atLeast !== undefined && atLeast > BigInt(known))) return readAndRaise();
      return Promise.resolve(known);
    },
    ...bounds,
  });
}
