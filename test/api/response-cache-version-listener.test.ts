// The memory cache's version listener (src/cache/version-listener.ts) over
// real HTTP on a real PostgreSQL, wired as src/server.ts wires it: while it
// listens, a cache hit sends no statement; a write by plain SQL on another
// connection is served once its notification arrives; a write through this
// server is never answered stale, with no wait; a request that requires a
// version the listener has not heard of reads the database; and a listener
// whose connection is terminated falls back to reading, then listens again.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import { localResponseStore } from '../../src/cache/local.ts';
import type { VersionListener } from '../../src/cache/version-listener.ts';
import { nodeListener } from '../../src/http/hit-path.ts';
import { openSharedState, type SharedState } from '../../src/shared-state.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../helpers/server.ts';

const OFFICE = '{ customsOffice(slug: "beijing-customs") { id name } }';
const UPDATE = 'mutation Rename($input: UpdateEntityInput!) { updateEntity(input: $input) { entity { name } userErrors { code message } } }';
const LISTENER_APP = 'tradegraph-version-listener';

const config = (cache: boolean) => ({
  TRADEGRAPH_REDIS_PREFIX: 'unused:',
  TRADEGRAPH_REDIS_TIMEOUT_MS: 200,
  TRADEGRAPH_REDIS_CACHE_TTL_S: 60,
  // Long: every version below is heard or raised, never found by the heartbeat's read.
  TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: 600_000,
  TRADEGRAPH_RESPONSE_CACHE: cache,
  TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES: 100,
  TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES: 1 << 20,
});

interface Sent {
  status: number;
  headers: Record<string, string>;
  data: Record<string, any> | undefined;
  /** Whether the hit path answered it. */
  fast: boolean;
  /** Statements this request sent on the server's pool. */
  statements: number;
}

const pglite = inject('testServer').kind === 'pglite' ? 'PGlite serves one session: no listener there' : '';

describe.skipIf(!!pglite)('the memory cache with its version listener', () => {
  let db: TestDatabase;
  let shared: SharedState;
  let server: Server;
  let url: string;
  let yoga: ReturnType<typeof createGraphQLServer>;
  let other: pg.Client;
  let curator: string;
  let statements = 0;

  beforeAll(async () => {
    db = await openTestDatabase(inject('testServer'), 'seeded');
    // Every statement the server sends on its pool (the listener has a connection of its own).
    const query = db.pool.query.bind(db.pool) as (...args: unknown[]) => unknown;
    db.pool.query = ((...args: unknown[]) => {
      statements++;
      return query(...args);
    }) as typeof db.pool.query;
    shared = await openSharedState(config(true), db.pool, testLog, { listenUrl: db.url });
    yoga = createGraphQLServer({ db, log: testLog, responseCache: shared.responseCache, graphEvents: { events: shared.events, publisher: shared.publisher } });
    server = createServer(nodeListener(yoga, () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
    curator = (await createToken(db.prisma, `listener-curator-${process.pid}`, ['CURATE'])).token;
    await listening();
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await other?.end();
    await shared?.close();
    await db?.close();
  });

  const listenerState = async () => ((await shared.health()).details.cache as { versionListener: { state: string; version?: string } }).versionListener;
  async function listening(): Promise<void> {
    for (let i = 0; i < 100 && (await listenerState()).state !== 'listening'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await listenerState()).state).toBe('listening');
  }
  const versionNow = async () => (await other.query<{ v: string }>('SELECT version::text AS v FROM graph_version')).rows[0]!.v;

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<Sent> {
    const served = yoga.hitPath!.served();
    const before = statements;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body: JSON.stringify(body) });
    const json = (await response.json()) as { data?: Record<string, any> };
    return { status: response.status, headers: Object.fromEntries(response.headers), data: json.data, fast: yoga.hitPath!.served() > served, statements: statements - before };
  }
  const office = (headers?: Record<string, string>) => post({ query: OFFICE }, headers);

  /** Asks until the hit path answers (the slow path's hit is kept first). */
  async function fastAnswer(): Promise<Sent> {
    for (let i = 0; i < 5; i++) {
      const r = await office();
      if (r.fast) return r;
    }
    throw new Error('the hit path never answered');
  }

  it('answers hits with no statement at all while it listens', async () => {
    const first = await fastAnswer();
    expect(first.data?.customsOffice.name).toBeTruthy();
    for (let i = 0; i < 20; i++) {
      const r = await office();
      expect(r.fast).toBe(true);
      expect(r.statements).toBe(0);
      expect(r.data).toEqual(first.data);
    }
  });

  it('serves a write made by plain SQL on another connection once its notification has arrived', async () => {
    const stale = await fastAnswer();
    const name = `Beijing Customs (SQL ${Date.now()})`;
    await other.query('UPDATE entity SET name = $1 WHERE slug = $2', [name, 'beijing-customs']);
    const written = await versionNow();
    const deadline = Date.now() + 2_000;
    let fresh: Sent | undefined;
    while (Date.now() < deadline) {
      const r = await office();
      if (r.data?.customsOffice.name === name) {
        fresh = r;
        break;
      }
      expect(r.data).toEqual(stale.data);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(fresh?.data?.customsOffice.name).toBe(name);
    expect((await listenerState()).version).toBe(written);
    // From then on, never the old answer; hits again without a statement.
    const again = await fastAnswer();
    expect(again.data?.customsOffice.name).toBe(name);
    expect(again.statements).toBe(0);
  });

  it('never answers a client that wrote through this server from before its write, without waiting', async () => {
    for (let i = 0; i < 5; i++) {
      const before = await fastAnswer();
      const name = `Beijing Customs (mutation ${i} ${Date.now()})`;
      const renamed = await post({ query: UPDATE, variables: { input: { id: before.data!.customsOffice.id, name } } }, { authorization: `Bearer ${curator}` });
      expect(renamed.data?.updateEntity.userErrors).toEqual([]);
      const after = await office();
      expect(after.fast).toBe(false);
      expect(after.data?.customsOffice.name).toBe(name);
    }
  });

  it('opens no listener with the cache off, and ends its listener on close', async () => {
    const listeners = async () => Number((await other.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_APP])).rows[0]!.n);
    expect(await listeners()).toBe(1);
    const off = await openSharedState(config(false), db.pool, testLog, { listenUrl: db.url });
    expect(off.responseCache).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(await listeners()).toBe(1);
    await off.close();
    const second = await openSharedState(config(true), db.pool, testLog, { listenUrl: db.url });
    for (let i = 0; i < 100 && (await listeners()) < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await listeners()).toBe(2);
    const closing = Date.now();
    await second.close();
    expect(Date.now() - closing).toBeLessThan(1_500);
    for (let i = 0; i < 100 && (await listeners()) > 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await listeners()).toBe(1);
  });

  it('reads the database when the listener connection is terminated, and needs no statement again once it listens again', async () => {
    const stale = await fastAnswer();
    const { rows } = await other.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_APP]);
    expect(rows).toHaveLength(1);
    await other.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    // Once the server has seen its connection go, a change it cannot hear is still never served stale.
    for (let i = 0; i < 100 && (await listenerState()).state === 'listening'; i++) await new Promise((r) => setTimeout(r, 5));
    const name = `Beijing Customs (while deaf ${Date.now()})`;
    await other.query('UPDATE entity SET name = $1 WHERE slug = $2', [name, 'beijing-customs']);
    const during = await office();
    expect(during.data?.customsOffice.name).toBe(name);
    expect(during.statements).toBeGreaterThan(0);
    expect(during.data).not.toEqual(stale.data);
    await listening();
    const { rows: again } = await other.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_APP]);
    expect(again).toHaveLength(1);
    expect(again[0]!.pid).not.toBe(rows[0]!.pid);
    const resumed = await fastAnswer();
    expect(resumed.data?.customsOffice.name).toBe(name);
    expect(resumed.statements).toBe(0);
  });
});

describe.skipIf(!!pglite)('a request that requires a version the listener has not heard yet', () => {
  let db: TestDatabase;
  let server: Server;
  let url: string;
  let yoga: ReturnType<typeof createGraphQLServer>;
  let heard: string;

  beforeAll(async () => {
    db = await openTestDatabase(inject('testServer'), 'seeded');
    heard = (await db.pool.query<{ v: string }>('SELECT version::text AS v FROM graph_version')).rows[0]!.v;
    // A listener whose notifications are late: it knows the version it heard first, and nothing after.
    const late: VersionListener = { known: () => heard, raise: () => {}, doubt: () => {}, status: () => ({ state: 'listening', version: heard, lost: 0 }), close: () => Promise.resolve() };
    yoga = createGraphQLServer({ db, log: testLog, responseCache: localResponseStore(db.pool, { maxEntries: 100, maxBytes: 1 << 20 }, late) });
    server = createServer(nodeListener(yoga, () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  const office = async (headers: Record<string, string> = {}) => {
    const served = yoga.hitPath!.served();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body: JSON.stringify({ query: OFFICE }) });
    const json = (await response.json()) as { data: { customsOffice: { name: string } } };
    return { name: json.data.customsOffice.name, fast: yoga.hitPath!.served() > served, version: response.headers.get('x-graph-version') };
  };

  it('is answered from the database, not from the version in memory', async () => {
    let first = await office();
    for (let i = 0; i < 3 && !first.fast; i++) first = await office();
    expect(first.fast).toBe(true);
    expect(first.version).toBe(heard);
    const name = `Beijing Customs (elsewhere ${Date.now()})`;
    await db.pool.query('UPDATE entity SET name = $1 WHERE slug = $2', [name, 'beijing-customs']);
    const written = (await db.pool.query<{ v: string }>('SELECT version::text AS v FROM graph_version')).rows[0]!.v;
    expect(BigInt(written)).toBeGreaterThan(BigInt(heard));
    // The documented window: a client that says nothing gets the answer at the version heard.
    const unaware = await office();
    expect(unaware.name).toBe(first.name);
    // A client that saw the write's version, and says so, gets it (as the hit path or the slow path, every time).
    for (const headers of [{ 'x-graph-version': written }, { 'x-graph-version': written }]) {
      const aware = await office(headers);
      expect(aware.fast).toBe(false);
      expect(aware.name).toBe(name);
      expect(BigInt(aware.version!)).toBeGreaterThanOrEqual(BigInt(written));
    }
    // An older version than known is no reason to read.
    const older = await office({ 'x-graph-version': '1' });
    expect(older.name).toBe(first.name);
  });
});
