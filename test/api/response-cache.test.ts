// The response cache through Yoga (src/http/response-cache.ts): identical
// queries answered from memory with no SQL statement, until a change to the
// graph commits (an ingest, or any write: triggers bump the graph's version).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/http/persisted-operations.ts';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { SAMPLE_FILES } from '../helpers/server.ts';

const COUNT = '{ entities { totalCount } sources { totalCount } }';
const OFFICE = 'query Office($slug: String!) { customsOffice(slug: $slug) { name } }';
const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-cache-'));
const MANIFEST = path.join(dir, 'ops.json');
writeFileSync(MANIFEST, JSON.stringify({ [sha256(OFFICE)]: OFFICE, [sha256(COUNT)]: COUNT }));

let api: TestApi;
let small: TestApi;
let uncached: TestApi;
beforeAll(async () => {
  [api, small, uncached] = await Promise.all([
    openTestApi('seeded', { responseCache: { maxEntries: 100, maxBytes: 1 << 20 }, persistedOperations: { manifests: [MANIFEST], only: false } }),
    openTestApi('seeded', { responseCache: { maxEntries: 2, maxBytes: 1 << 20 } }),
    openTestApi('seeded'),
  ]);
});
afterAll(async () => {
  await Promise.all([api?.close(), small?.close(), uncached?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  status: number;
  etag: string | null;
  cache: string | null;
  body: { data?: any; errors?: unknown[]; extensions?: { sqlStatements?: number } } | null;
}

async function send(target: TestApi, body: Record<string, unknown>, { method = 'POST', headers = {} }: { method?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const get = method === 'GET';
  const search = get ? `?${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}` : '';
  const response = await target.yoga.fetch(`http://tradegraph.test/graphql${search}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: get ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), cache: response.headers.get('x-cache'), body: text ? JSON.parse(text) : null };
}

const statements = (r: Sent) => r.body?.extensions?.sqlStatements;

describe('response cache', () => {
  it('answers a repeated query from memory: the same answer, no SQL statement', async () => {
    const first = await send(api, { query: OFFICE, variables: { slug: 'beijing-customs' } });
    expect(first.cache).toBe('miss');
    expect(statements(first)).toBeGreaterThan(0);
    const again = await send(api, { query: OFFICE, variables: { slug: 'beijing-customs' } });
    expect(again.cache).toBe('hit');
    expect(statements(again)).toBe(0);
    expect(again.body!.data).toEqual(first.body!.data);
    expect(again.etag).toBe(first.etag);
    // Other variables are another answer.
    const other = await send(api, { query: OFFICE, variables: { slug: 'tianjin-customs' } });
    expect(other.cache).toBe('miss');
    expect(statements(other)).toBeGreaterThan(0);
  });

  it('keys a persisted operation by its text: the ID and the text share one answer, two IDs never do', async () => {
    const byText = await send(api, { query: COUNT });
    const byId = await send(api, { documentId: sha256(COUNT) });
    expect(byId.cache).toBe('hit');
    expect(byId.body!.data).toEqual(byText.body!.data);
    const office = await send(api, { documentId: sha256(OFFICE), variables: { slug: 'beijing-customs' } });
    expect(office.body!.data).toEqual({ customsOffice: { name: 'Beijing Customs' } });
  });

  it('serves nothing cached before an ingest commits, and the ingest bumps the version once', async () => {
    const before = await send(api, { query: COUNT });
    expect((await send(api, { query: COUNT })).cache).toBe('hit');
    const version = async () => (await api.db.pool.query<{ version: string }>('SELECT version::text AS version FROM graph_version')).rows[0]!.version;
    const v0 = BigInt(await version());
    await ingestKnowledgeFile(api.db.prisma, SAMPLE_FILES[0]!);
    expect(BigInt(await version())).toBe(v0 + 1n);
    const after = await send(api, { query: COUNT });
    expect(after.cache).toBe('miss');
    expect(statements(after)).toBeGreaterThan(0);
    expect(after.body!.data.sources.totalCount).toBe(before.body!.data.sources.totalCount + 1);
    expect(after.etag).not.toBe(before.etag);
    // A dry run rolls back: nothing changed, the cache still answers.
    await ingestKnowledgeFile(api.db.prisma, SAMPLE_FILES[0]!, { dryRun: true });
    expect((await send(api, { query: COUNT })).cache).toBe('hit');
  });

  it('serves nothing cached before any other write commits (plain SQL)', async () => {
    const q = { query: OFFICE, variables: { slug: 'beijing-customs' } };
    await send(api, q);
    expect((await send(api, q)).cache).toBe('hit');
    await api.db.pool.query(`UPDATE entity SET name = 'Beijing Customs District' WHERE slug = 'beijing-customs'`);
    const after = await send(api, q);
    expect(after.body!.data).toEqual({ customsOffice: { name: 'Beijing Customs District' } });
    await api.db.pool.query(`UPDATE entity SET name = 'Beijing Customs' WHERE slug = 'beijing-customs'`);
    expect((await send(api, q)).body!.data).toEqual({ customsOffice: { name: 'Beijing Customs' } });
  });

  it('answers If-None-Match with 304 on GET while the graph is unchanged, and 200 after a change', async () => {
    const q = { query: '{ bondedZones { totalCount } }' };
    const first = await send(api, q, { method: 'GET' });
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"\d+-[\w-]+"$/);
    const unchanged = await send(api, q, { method: 'GET', headers: { 'if-none-match': `"other", ${first.etag}` } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeNull();
    expect(unchanged.etag).toBe(first.etag);
    // Another query with that tag is answered in full.
    const another = await send(api, { query: '{ airports { totalCount } }' }, { method: 'GET', headers: { 'if-none-match': first.etag! } });
    expect(another.status).toBe(200);
    // POST is not conditional.
    expect((await send(api, q, { headers: { 'if-none-match': first.etag! } })).status).toBe(200);
    await api.db.pool.query(`UPDATE source SET title = title`);
    const changed = await send(api, q, { method: 'GET', headers: { 'if-none-match': first.etag! } });
    expect(changed.status).toBe(200);
    expect(changed.body!.data).toEqual(first.body!.data);
    expect(changed.etag).not.toBe(first.etag);
  });

  it('does not keep errors or partial answers', async () => {
    const partial = { query: '{ entity(slug: "beijing-customs") { name } entities(first: -1) { totalCount } }' };
    for (let i = 0; i < 2; i++) {
      const r = await send(api, partial);
      expect(r.body!.errors?.length).toBeGreaterThan(0);
      expect(r.cache).toBeNull();
      expect(r.etag).toBeNull();
    }
    const invalid = await send(api, { query: '{ nosuchfield }' });
    expect(invalid.status).toBe(400);
    expect(invalid.cache).toBeNull();
  });

  it('keeps at most its bound of answers, the least recently used evicted', async () => {
    const zones = { query: '{ bondedZones { totalCount } }' };
    await send(small, zones);
    await send(small, { query: '{ airports { totalCount } }' });
    await send(small, { query: '{ policies { totalCount } }' });
    expect((await send(small, zones)).cache).toBe('miss');
    expect((await send(small, zones)).cache).toBe('hit');
  });

  it('is off unless given a store: every answer computed', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await send(uncached, { query: COUNT });
      expect(r.cache).toBeNull();
      expect(r.etag).toBeNull();
      expect(statements(r)).toBeGreaterThan(0);
    }
  });
});
