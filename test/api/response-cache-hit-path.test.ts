// The response cache's hit path (src/http/hit-path.ts) over real HTTP, as
// src/server.ts serves: a request whose exact text the slow path (Yoga) has
// answered from the cache gets that response again from node's http layer,
// byte for byte, while the graph's version stands; anything the slow path
// would refuse or answer differently goes the slow path.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localResponseStore } from '../../src/cache/local.ts';
import type { ResponseStore } from '../../src/cache/response-store.ts';
import { openSharedState, type SharedState } from '../../src/shared-state.ts';
import { REDIS_SERVER_BINARY, type RedisServer, startRedisServer } from '../helpers/redis-server.ts';
import { nodeListener } from '../../src/http/hit-path.ts';
import { sha256 } from '../../src/http/persisted-operations.ts';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, SAMPLE_FILES, type TestDatabase } from '../helpers/server.ts';

const OFFICE = 'query Office($slug: String!) { customsOffice(slug: $slug) { name } }';
const ZONES = 'query Zones { bondedZones { totalCount } }';
const MAX_BODY = 4096;
const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-hit-path-'));
const MANIFEST = path.join(dir, 'ops.json');
writeFileSync(MANIFEST, JSON.stringify({ [sha256(OFFICE)]: OFFICE }));

interface Running {
  db: TestDatabase;
  yoga: ReturnType<typeof createGraphQLServer>;
  url: string;
  lines: Array<Record<string, any>>;
  close(): Promise<void>;
}

async function start(options: { persistedOnly?: boolean; store?: (db: TestDatabase) => Promise<ResponseStore> } = {}): Promise<Running> {
  const db = await openTestDatabase(inject('testServer'), 'seeded');
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const yoga = createGraphQLServer({
    db,
    log: pino({ level: 'info' }, sink),
    sqlStats: true,
    limits: { maxBodyBytes: MAX_BODY },
    persistedOperations: { manifests: options.persistedOnly ? [MANIFEST] : [], only: !!options.persistedOnly },
    responseCache: options.store ? await options.store(db) : localResponseStore(db.pool, { maxEntries: 100, maxBytes: 1 << 20 }),
  });
  const server: Server = createServer(nodeListener(yoga, () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    db,
    yoga,
    url,
    lines,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}

let api: Running;
let only: Running;
beforeAll(async () => {
  [api, only] = await Promise.all([start(), start({ persistedOnly: true })]);
});
afterAll(async () => {
  await Promise.all([api?.close(), only?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the hit path answered it. */
  fast: boolean;
}

const JSON_POST = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

async function send(target: Running, init: { method?: string; search?: string; headers?: Record<string, string>; body?: string }): Promise<Sent> {
  const before = target.yoga.hitPath!.served();
  const response = await fetch(`${target.url}${init.search ?? ''}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const body = await response.text();
  const headers = Object.fromEntries(response.headers);
  return { status: response.status, headers, body, fast: target.yoga.hitPath!.served() > before };
}

const post = (target: Running, body: unknown, headers: Record<string, string> = {}) =>
  send(target, { headers: { ...JSON_POST, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** The headers of a response that are the request's own: its ID, and the moment node sent it. */
const shared = (headers: Record<string, string>) => {
  const { 'x-request-id': _id, date: _date, ...rest } = headers;
  return rest;
};

/** Sends until the slow path has answered from the cache, then once more: that one from the hit path. */
async function slowHitThenFast(target: Running, request: () => Promise<Sent>): Promise<{ slow: Sent; fast: Sent }> {
  let slow = await request();
  for (let i = 0; i < 10 && slow.headers['x-cache'] !== 'hit'; i++) slow = await request();
  expect(slow.headers['x-cache']).toBe('hit');
  expect(slow.fast).toBe(false);
  const fast = await request();
  expect(fast.fast).toBe(true);
  return { slow, fast };
}

describe('the response cache hit path', () => {
  it('answers a repeated POST with the bytes and headers the slow path gave it', async () => {
    const body = { query: OFFICE, variables: { slug: 'beijing-customs' } };
    const { slow, fast } = await slowHitThenFast(api, () => post(api, body));
    expect(fast.status).toBe(200);
    expect(fast.body).toBe(slow.body);
    expect(JSON.parse(fast.body)).toEqual({ data: { customsOffice: { name: 'Beijing Customs' } }, extensions: { sqlStatements: 0 } });
    expect(shared(fast.headers)).toEqual(shared(slow.headers));
    for (const name of ['etag', 'x-graph-version', 'content-type', 'content-length']) expect(fast.headers[name]).toBeTruthy();
    expect(fast.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fast.headers['x-request-id']).not.toBe(slow.headers['x-request-id']);
    // The caller's request ID is honoured as on the slow path (it is not part of the request's text).
    const named = await post(api, body, { 'x-request-id': 'edge-42' });
    expect(named.fast).toBe(true);
    expect(named.headers['x-request-id']).toBe('edge-42');
  });

  it('writes one request log line per answer, as the slow path writes it for a hit', async () => {
    const body = { query: ZONES, operationName: 'Zones' };
    const { slow, fast } = await slowHitThenFast(api, () => post(api, body));
    const line = (id: string) => api.lines.filter((l) => l.msg === 'graphql request' && l.requestId === id);
    const [slowLine] = line(slow.headers['x-request-id']!);
    const fastLines = line(fast.headers['x-request-id']!);
    expect(fastLines).toHaveLength(1);
    const strip = ({ requestId: _r, ms: _m, time: _t, ...rest }: Record<string, any>) => rest;
    expect(strip(fastLines[0]!)).toEqual(strip(slowLine!));
    expect(fastLines[0]).toMatchObject({ operation: 'Zones', status: 200, method: 'POST', component: 'http', documentHash: sha256(ZONES) });
  });

  it('answers GET the same, and If-None-Match with the 304 the slow path gives', async () => {
    const search = `?${new URLSearchParams({ query: ZONES })}`;
    const headers = { accept: 'application/json', 'x-graphql-yoga-csrf': '1' };
    const { slow, fast } = await slowHitThenFast(api, () => send(api, { method: 'GET', search, headers }));
    expect(fast.body).toBe(slow.body);
    expect(shared(fast.headers)).toEqual(shared(slow.headers));
    expect(fast.headers['content-type']).toBe(slow.headers['content-type']);
    const etag = fast.headers.etag!;
    const conditional = () => send(api, { method: 'GET', search, headers: { ...headers, 'if-none-match': `"other", ${etag}` } });
    const slow304 = await conditional();
    expect(slow304.status).toBe(304);
    expect(slow304.fast).toBe(false);
    const fast304 = await conditional();
    expect(fast304.fast).toBe(true);
    expect(fast304.status).toBe(304);
    expect(fast304.body).toBe('');
    expect(shared(fast304.headers)).toEqual(shared(slow304.headers));
    expect(fast304.headers.etag).toBe(etag);
    // A tag that is not this answer's: the full answer (fetch adds cache-control to a conditional
    // request, so this request's text is the 304's, which has had no full answer yet: the slow path's first).
    const stale = () => send(api, { method: 'GET', search, headers: { ...headers, 'if-none-match': '"1-other"' } });
    expect((await stale()).fast).toBe(false);
    const other = await stale();
    expect(other.status).toBe(200);
    expect(other.fast).toBe(true);
    expect(other.body).toBe(slow.body);
    // POST is not conditional.
    const posted = await post(api, { query: ZONES }, { 'if-none-match': etag });
    expect(posted.status).toBe(200);
  });

  it('never answers what the slow path would refuse or answer otherwise', async () => {
    const text = JSON.stringify({ query: OFFICE, variables: { slug: 'tianjin-customs' } });
    await slowHitThenFast(api, () => post(api, text));
    const refused = async (request: () => Promise<Sent>, status: number) => {
      for (let i = 0; i < 3; i++) {
        const r = await request();
        expect(r.fast).toBe(false);
        expect(r.status).toBe(status);
      }
    };
    // Another content type (a form could send it): the CSRF check or the media type check refuses it.
    await refused(() => send(api, { headers: { 'content-type': 'text/plain', accept: JSON_POST.accept }, body: text }), 403);
    await refused(() => send(api, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: JSON_POST.accept, 'x-graphql-yoga-csrf': '1' }, body: text }), 415);
    // A token that is not valid; a token request never shares the cache.
    await refused(() => post(api, text, { authorization: 'Bearer not-a-token' }), 401);
    // GET without the CSRF header.
    await slowHitThenFast(api, () => send(api, { method: 'GET', search: `?${new URLSearchParams({ query: ZONES })}`, headers: { 'x-graphql-yoga-csrf': '1' } }));
    await refused(() => send(api, { method: 'GET', search: `?${new URLSearchParams({ query: ZONES })}` }), 403);
    // Over the body limit (the same operation, padded).
    await refused(() => post(api, `${text}${' '.repeat(MAX_BODY)}`), 413);
    // Other variables, another operationName: other answers, computed or refused by the slow path.
    const other = await post(api, { query: OFFICE, variables: { slug: 'shanghai-customs' } });
    expect(other.fast).toBe(false);
    expect(other.headers['x-cache']).toBe('miss');
    await refused(() => post(api, { query: OFFICE, variables: { slug: 'tianjin-customs' }, operationName: 'Other' }), 400);
    // Another origin.
    const origin = await post(api, text, { origin: 'https://elsewhere.example' });
    expect(origin.fast).toBe(false);
  });

  it('in persisted-only mode, serves a listed operation and refuses any other text every time', async () => {
    const listed = { documentId: sha256(OFFICE), variables: { slug: 'beijing-customs' } };
    const { fast } = await slowHitThenFast(only, () => post(only, listed));
    expect(JSON.parse(fast.body).data).toEqual({ customsOffice: { name: 'Beijing Customs' } });
    for (let i = 0; i < 3; i++) {
      const r = await post(only, { query: ZONES });
      expect(r.fast).toBe(false);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    }
  });

  it('answers nothing it kept once a change has committed', async () => {
    const body = { query: '{ entities { totalCount } sources { totalCount } }' };
    const { fast } = await slowHitThenFast(api, () => post(api, body));
    await ingestKnowledgeFile(api.db.prisma, SAMPLE_FILES[0]!);
    const after = await post(api, body);
    expect(after.fast).toBe(false);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(fast.headers.etag);
    expect(JSON.parse(after.body).data.sources.totalCount).toBe(JSON.parse(fast.body).data.sources.totalCount + 1);
    // And at the new version the path serves again, the new answer.
    const { fast: again } = await slowHitThenFast(api, () => post(api, body));
    expect(again.body).not.toBe(fast.body);
    expect(JSON.parse(again.body).data).toEqual(JSON.parse(after.body).data);
  });
});

const noRedis = !REDIS_SERVER_BINARY ? 'redis-server is not installed' : inject('testServer').kind === 'pglite' ? 'PGlite serves one process at a time' : '';
describe.skipIf(!!noRedis)('the hit path with the Redis store', () => {
  let redis: RedisServer;
  let state: SharedState;
  let onRedis: Running;
  beforeAll(async () => {
    redis = await startRedisServer();
    onRedis = await start({
      store: async (db) => {
        state = await openSharedState(
          {
            REDIS_URL: redis.url,
            TRADEGRAPH_REDIS_PREFIX: `tg-hit-path-${process.pid}:`,
            // Room for a loaded CI machine: a Redis call past this counts as a failure, and nothing is kept then.
            TRADEGRAPH_REDIS_TIMEOUT_MS: 2_000,
            TRADEGRAPH_REDIS_CACHE_TTL_S: 60,
            // Long: the change below is published, as every writer does, not found by a resync.
            TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: 600_000,
            TRADEGRAPH_RESPONSE_CACHE: true,
            TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES: 100,
            TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES: 1 << 20,
          },
          db.pool,
          pino({ level: 'silent' }),
        );
        return state.responseCache!;
      },
    });
  }, 60_000);
  afterAll(async () => {
    await onRedis?.close();
    await state?.close();
    await redis?.close();
  });

  it('serves the slow path\'s hit, misses once a change is published, and leaves Redis down to the slow path', async () => {
    const body = { query: '{ sources { totalCount } }' };
    const { slow, fast } = await slowHitThenFast(onRedis, () => post(onRedis, body));
    expect(fast.body).toBe(slow.body);
    expect(shared(fast.headers)).toEqual(shared(slow.headers));
    await ingestKnowledgeFile(onRedis.db.prisma, SAMPLE_FILES[0]!);
    await state.publisher.committed([]);
    const after = await post(onRedis, body);
    expect(after.fast).toBe(false);
    expect(after.headers['x-cache']).toBe('miss');
    expect(JSON.parse(after.body).data.sources.totalCount).toBe(JSON.parse(fast.body).data.sources.totalCount + 1);
    await slowHitThenFast(onRedis, () => post(onRedis, body));
    // Redis stopped: answered from the database by the slow path, never from a kept response.
    await redis.stop();
    try {
      for (let i = 0; i < 3; i++) {
        const r = await post(onRedis, body);
        expect(r.status).toBe(200);
        expect(r.fast).toBe(false);
        expect(r.headers['x-cache']).toBeUndefined();
      }
    } finally {
      await redis.start();
    }
  });
});
