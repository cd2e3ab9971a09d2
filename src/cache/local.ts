// The response store of one server process: answers in its memory, the
// graph's version read from PostgreSQL for each request (coalesced).
import type pg from 'pg';
import { readGraphVersion } from '../sql/graph-version.ts';
import { coalescedReader } from './graph-version.ts';
import { memoryResponseStore, type ResponseStore } from './response-store.ts';

export interface ResponseCacheBounds {
  maxEntries: number;
  maxBytes: number;
}

export function localResponseStore(pool: Pick<pg.Pool, 'query'>, bounds: ResponseCacheBounds): ResponseStore {
  return memoryResponseStore({ version: coalescedReader(() => readGraphVersion(pool, { prepared: true })), ...bounds });
}
