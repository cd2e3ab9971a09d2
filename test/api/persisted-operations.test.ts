// Persisted (trusted) operations: a client sends an operation's ID from a
// manifest (relay-compiler's persistConfig, GraphQL Code Generator, Apollo's
// manifest) instead of its text; with TRADEGRAPH_PERSISTED_ONLY nothing else
// runs, except the exact text of a listed operation, and the server's own
// pages (GraphiQL, the explorer) keep working because their operations are
// always listed, read from their sources at start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStandIns } from '../../scripts/measure-queries.ts';
import { loadConfig, persistedOperations } from '../../src/config.ts';
import * as explorerQueries from '../../src/explorer/client/queries.ts';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { ownOperations } from '../../src/http/own-operations.ts';
import { readManifest, sha256 } from '../../src/http/persisted-operations.ts';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-persisted-'));
const OFFICE = 'query Office($slug: String!) { customsOffice(slug: $slug) { name } }';
const ZONES = 'query Zones { bondedZones { totalCount } }';
// As relay-compiler's persistConfig writes it: the SHA-256 of the text.
const RELAY = path.join(dir, 'relay.json');
writeFileSync(RELAY, JSON.stringify({ [sha256(OFFICE)]: OFFICE }));
// Apollo's persisted query manifest, with IDs of its own choosing.
const APOLLO = path.join(dir, 'apollo.json');
writeFileSync(APOLLO, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'zones-v1', name: 'Zones', type: 'query', body: ZONES }] }));

let open: TestApi;
let only: TestApi;
beforeAll(async () => {
  [open, only] = await Promise.all([
    openTestApi('seeded', { persistedOperations: { manifests: [RELAY, APOLLO], only: false } }),
    openTestApi('seeded', { persistedOperations: { manifests: [RELAY, APOLLO], only: true } }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.close(), only?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function send(api: TestApi, body: Record<string, unknown>, init: { method?: string } = {}) {
  const get = init.method === 'GET';
  const search = get ? `?${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}` : '';
  const response = await api.yoga.fetch(`http://tradegraph.test/graphql${search}`, {
    method: get ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: get ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: response.status, ...json, codes: (json.errors ?? []).map((e) => e.extensions?.code) };
}

describe('persisted operations', () => {
  it('run by their ID from a manifest, however the client sends it', async () => {
    const id = sha256(OFFICE);
    for (const body of [
      { documentId: id, variables: { slug: 'beijing-customs' } },
      { documentId: `sha256:${id}`, variables: { slug: 'beijing-customs' } },
      { doc_id: id, variables: { slug: 'beijing-customs' } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables: { slug: 'beijing-customs' } },
    ]) {
      for (const api of [open, only]) {
        const r = await send(api, body);
        expect(r.errors, JSON.stringify(body)).toBeUndefined();
        expect(r.data).toEqual({ customsOffice: { name: 'Beijing Customs' } });
      }
    }
    // GET, so a CDN can cache it.
    const got = await send(only, { documentId: id, variables: { slug: 'beijing-customs' } }, { method: 'GET' });
    expect(got.data).toEqual({ customsOffice: { name: 'Beijing Customs' } });
    // An Apollo manifest's own IDs, and the SHA-256 of any listed text.
    for (const documentId of ['zones-v1', sha256(ZONES)]) expect((await send(only, { documentId })).data).toEqual({ bondedZones: { totalCount: 3 } });
  });

  it('refuse an ID no manifest lists', async () => {
    const r = await send(only, { documentId: sha256('{ __typename }') });
    expect(r.status).toBe(400);
    expect(r.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('leave other operations running unless TRADEGRAPH_PERSISTED_ONLY is set', async () => {
    expect((await send(open, { query: '{ bondedZones { totalCount } }' })).data).toEqual({ bondedZones: { totalCount: 3 } });
    const refused = await send(only, { query: '{ bondedZones { totalCount } }' });
    expect(refused.status).toBe(400);
    expect(refused.codes).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(refused.errors![0]!.message).toMatch(/persisted operations only/);
    // The text of a listed operation is that operation, however it is laid out; any other text is not.
    for (const query of [ZONES, `# zones\n${ZONES.replace(/ /g, '\n  ')}`]) expect((await send(only, { query })).data).toEqual({ bondedZones: { totalCount: 3 } });
    for (const query of [ZONES.replace('totalCount', 'totalCount __typename'), ZONES.replace('Zones', 'Zones2'), '{ bondedZones(']) {
      expect((await send(only, { query })).codes).toEqual(['PERSISTED_QUERY_ONLY']);
    }
  });

  it('list the operations of GraphiQL and the explorer, read from their sources', () => {
    const own = ownOperations();
    expect(own).toContain(DEFAULT_QUERY);
    const explorer = (Object.values(explorerQueries) as unknown[]).filter((v): v is string => typeof v === 'string' && /\b(query|mutation)\b/.test(v));
    expect(explorer.length).toBeGreaterThanOrEqual(6);
    for (const text of explorer) expect(own).toContain(text);
    expect(own.some((text) => text.includes('query IntrospectionQuery'))).toBe(true);
  });

  it.each(ownOperations().map((text) => ({ name: /(query|mutation) (\w+)/.exec(text)?.[2] ?? 'anonymous', text })))(
    'run the page operation $name as text in persisted-only mode',
    async ({ text }) => {
      const { variables } = withStandIns(schema, text, { slug: 'beijing-customs', around: 'beijing-customs', query: 'tianzhu', depth: 1, first: 5, maxNodes: 20 });
      const r = await send(only, { query: text, variables });
      // It ran: no refusal, no validation error (a stand-in ID may be NOT_FOUND, as it would be anywhere).
      expect(r.codes.filter((c) => c !== 'NOT_FOUND' && c !== 'BAD_USER_INPUT')).toEqual([]);
      expect(r.data).toBeDefined();
    },
  );

  it('serve the GraphiQL and explorer pages in persisted-only mode', async () => {
    const graphiql = await only.yoga.fetch('http://tradegraph.test/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('BeijingCustomsWalk');
    const explorer = await only.yoga.fetch('http://tradegraph.test/explore', { headers: { accept: 'text/html' } });
    expect(explorer.status).toBe(200);
  });

  it('are configured by TRADEGRAPH_PERSISTED_OPERATIONS (one or more files) and TRADEGRAPH_PERSISTED_ONLY', () => {
    expect(persistedOperations(loadConfig({}))).toEqual({ manifests: [], only: false });
    expect(persistedOperations(loadConfig({ TRADEGRAPH_PERSISTED_OPERATIONS: `${RELAY}, ${APOLLO}`, TRADEGRAPH_PERSISTED_ONLY: 'true' }))).toEqual({
      manifests: [RELAY, APOLLO],
      only: true,
    });
    expect(() => loadConfig({ TRADEGRAPH_PERSISTED_ONLY: 'maybe' })).toThrow(/TRADEGRAPH_PERSISTED_ONLY/);
  });

  it('refuse a manifest that is not one, naming the file', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '[1, 2]');
    expect(() => readManifest(bad)).toThrow(/bad\.json: expected/);
    writeFileSync(bad, '{ not json');
    expect(() => readManifest(bad)).toThrow(/bad\.json/);
    expect(readManifest(RELAY).get(sha256(OFFICE))).toBe(OFFICE);
  });
});
