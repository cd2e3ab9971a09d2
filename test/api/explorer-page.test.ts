// The explorer page as the server serves it (through Yoga, as browsers reach
// it), and the GraphQL documents the page sends, run against the seeded graph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { splitAtCodePoints } from '../../src/explorer/client/text-range.ts';
import {
  DEFAULT_START,
  ENTITY_DETAIL,
  PANEL_PAGE,
  RELATION_DETAIL,
  SEARCH,
  SOURCE_TEXT,
  SUBGRAPH,
  type DefaultStartResult,
  type EntityDetailResult,
  type RelationDetailResult,
  type SearchResult,
  type SourceTextResult,
  type SubgraphResult,
} from '../../src/explorer/client/queries.ts';
import { EXPLORER_CSP } from '../../src/explorer/serve.ts';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const get = async (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  await api.yoga.fetch(`http://tradegraph.test${path}`, { headers });

describe('GET /explore', () => {
  it('serves one HTML page that loads only its own bundled script and styles', async () => {
    const response = await get('/explore?entity=beijing-customs&depth=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    const html = await response.text();
    const loaded = [...html.matchAll(/<(?:script|link)[^>]*\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(loaded).toHaveLength(2);
    for (const url of loaded) expect(url).toMatch(/^\/explore\/assets\/explorer\.(js|css)\?v=[\w-]+$/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the same page for the source view', async () => {
    const [explore, source] = await Promise.all([get('/explore').then((r) => r.text()), get('/explore/source?source=x').then((r) => r.text())]);
    expect(source).toBe(explore);
  });

  it('serves the bundle (Cytoscape included) gzipped when asked, and answers 304 when it has not changed', async () => {
    const plain = await get('/explore/assets/explorer.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await plain.text();
    expect(code).toContain('cytoscape');
    expect(code.length).toBeGreaterThan(100_000);

    const zipped = await get('/explore/assets/explorer.js', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const body = new Uint8Array(await zipped.arrayBuffer());
    expect(body.byteLength).toBeLessThan(code.length / 2);
    expect(gunzipSync(body).toString('utf8')).toBe(code);

    const etag = plain.headers.get('etag')!;
    const again = await get('/explore/assets/explorer.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);

    const css = await get('/explore/assets/explorer.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('#panel');
  });

  it('answers 404 for other paths under /explore and 405 for other methods', async () => {
    expect((await get('/explore/assets/inputs.json')).status).toBe(404);
    expect((await get('/explore/nothing')).status).toBe(404);
    const post = await api.yoga.fetch('http://tradegraph.test/explore', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves every other path to GraphQL', async () => {
    const result = await api.query('{ entity(slug: "beijing-customs") { name } }');
    expect(dataOf(result).entity.name).toBe('Beijing Customs');
  });
});

describe("the page's GraphQL documents", () => {
  it('start from the first customs office when the address names no entity', async () => {
    const data = dataOf<DefaultStartResult>(await api.query(DEFAULT_START));
    expect(data.customsOffices.nodes[0]!.slug).toBe('beijing-customs');
  });

  it('find an entity by part of its name or by its Chinese name', async () => {
    for (const query of ['tianzhu', '天竺']) {
      const { search } = dataOf(await api.query<SearchResult>(SEARCH, { query, first: 10 }));
      expect(search.edges[0]!.node.slug).toBe('tianzhu-comprehensive-bonded-zone');
    }
  });

  it('draw Beijing Customs with its zones, airports and policies, every edge between drawn nodes', async () => {
    const result = await api.query<SubgraphResult>(SUBGRAPH, { around: 'beijing-customs', depth: 1, maxNodes: 200 });
    const { subgraph } = dataOf(result);
    expect(subgraph.center.slug).toBe('beijing-customs');
    expect(subgraph.truncated).toBe(false);
    const kinds = subgraph.nodes.map((n) => n.entity.kind);
    expect(kinds.filter((k) => k === 'BONDED_ZONE')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'AIRPORT')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'POLICY').length).toBeGreaterThanOrEqual(9);
    // The page keys nodes by entity ID and edges by relation ID: every edge joins two drawn entities.
    const ids = new Set(subgraph.nodes.map((n) => n.entity.id));
    for (const edge of subgraph.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
    // ... and selecting an edge refetches its relation by that ID, both ends as drawn.
    const supervision = subgraph.edges.find((e) => e.predicate === 'SUPERVISES')!;
    const { node } = dataOf(await api.query<RelationDetailResult>(RELATION_DETAIL, { id: supervision.relation.id }));
    expect(node).toMatchObject({ id: supervision.relation.id, predicate: 'SUPERVISES', subject: { id: supervision.source }, object: { id: supervision.target } });
    // A click expands a node with this same query: its cost must not grow with the graph.
    const wider = await api.query<SubgraphResult>(SUBGRAPH, { around: 'beijing-customs', depth: 3, maxNodes: 200 });
    expect(dataOf(wider).subgraph.nodes.length).toBeGreaterThan(subgraph.nodes.length);
    expect(wider.extensions?.sqlStatements).toBe(result.extensions?.sqlStatements);
  });

  it('say NOT_FOUND for an unknown start entity, which the page reports as such', async () => {
    const result = await api.query(SUBGRAPH, { around: 'no-such-entity', depth: 1, maxNodes: 200 });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("give a zone's attributes, its figure with the exact value and quote, and its neighbours", async () => {
    const result = await api.query<EntityDetailResult>(ENTITY_DETAIL, { slug: 'tianzhu-comprehensive-bonded-zone', first: PANEL_PAGE });
    const zone = dataOf(result).entity!;
    expect(zone).toMatchObject({ name: 'Tianzhu Comprehensive Bonded Zone', kind: 'BONDED_ZONE', zoneType: 'COMPREHENSIVE_BONDED_ZONE' });
    const [figure] = zone.observations.edges.map((e) => e.node);
    expect(figure).toMatchObject({
      value: '73330000000',
      unit: 'CNY',
      period: { label: '2023 Jan-Jul' },
      change: { basis: 'YEAR_ON_YEAR', value: '33.5', unit: 'PERCENT' },
    });
    expect(figure!.evidence.quote).toContain('73.33 billion yuan');
    const neighbours = zone.relations.edges.map((e) => `${e.direction} ${e.predicate} ${e.node.slug}`);
    expect(neighbours).toContain('INCOMING SUPERVISES beijing-customs');
    expect(neighbours).toContain('OUTGOING LOCATED_IN beijing');
    expect(zone.relations.edges.every((e) => e.evidence.quote.length > 0)).toBe(true);
  });

  it('cost the same number of SQL statements for an entity with many relations as for one with few', async () => {
    const office = await api.query<EntityDetailResult>(ENTITY_DETAIL, { slug: 'beijing-customs', first: PANEL_PAGE });
    // Tianzhu has a figure, as Beijing Customs does: an empty page may skip loading rows, a small one may not.
    const zone = await api.query<EntityDetailResult>(ENTITY_DETAIL, { slug: 'tianzhu-comprehensive-bonded-zone', first: PANEL_PAGE });
    expect(dataOf(office).entity!.relations.totalCount).toBeGreaterThan(3 * dataOf(zone).entity!.relations.totalCount);
    expect(office.extensions?.sqlStatements).toBe(zone.extensions?.sqlStatements);
  });

  it('give a relation with both ends and its quote', async () => {
    const zone = dataOf(await api.query<EntityDetailResult>(ENTITY_DETAIL, { slug: 'tianzhu-comprehensive-bonded-zone', first: 10 })).entity!;
    const supervision = zone.relations.edges.find((e) => e.predicate === 'SUPERVISES')!;
    const { node } = dataOf(await api.query<RelationDetailResult>(RELATION_DETAIL, { id: supervision.relation.id }));
    expect(node).toMatchObject({ predicate: 'SUPERVISES', subject: { slug: 'beijing-customs' }, object: { slug: 'tianzhu-comprehensive-bonded-zone' } });
    expect(node!.evidence!.quote).toBe(supervision.evidence.quote);
  });

  it('give the source text in which every quote sits at its code-point offsets, as the source view highlights it', async () => {
    const { source } = dataOf(await api.query<SourceTextResult>(SOURCE_TEXT, { slug: 'beijing-trade-h1-2023' }));
    const evidence = dataOf(
      await api.query('{ source(slug: "beijing-trade-h1-2023") { evidence(first: 100) { totalCount nodes { quote startOffset endOffset } } } }'),
    ).source.evidence;
    expect(evidence.nodes.length).toBe(evidence.totalCount);
    expect(evidence.totalCount).toBeGreaterThan(30);
    for (const { quote, startOffset, endOffset } of evidence.nodes) {
      expect(splitAtCodePoints(source!.text, startOffset, endOffset)?.[1]).toBe(quote);
    }
  });
});
