// The query cost prices the real work: a walk by the entities it may visit,
// a search by the candidates it ranks, a list or an aggregate by the rows it
// may read, besides the fields the answer may hold. The under-priced
// traversal of issue 11 (a full neighbourhood walk under each of 100 entities)
// is refused before it runs; what real clients send (the explorer, the
// benchmark, the docs' and GraphiQL's queries, see limits.test.ts) passes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQueries } from '../../bench/src/queries.ts';
import { DEFAULT_START, ENTITY_DETAIL, PANEL_PAGE, RELATION_DETAIL, SEARCH, SOURCE_TEXT, SUBGRAPH } from '../../src/explorer/client/queries.ts';
import { DEFAULT_LIMITS, LIMITS } from '../../src/limits.ts';
import { measureQuery } from '../../src/http/query-limits.ts';
import { encodeGlobalId } from '../../src/schema/scalars.ts';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

/** Issue 11: costed about 1,000, it walked up to 10,000 entities under each of 100 (14.6 s on 20k entities). */
const UNDER_PRICED = '{ entities(first: 100) { edges { node { neighbors(depth: 6, first: 1) { totalCount } } } } }';

const cost = (query: string, variables?: Record<string, unknown>) => measureQuery(schema, query, variables).cost;

/** A constant of the explorer's page script (it runs in the browser, so it is read, not imported). */
function explorerConstant(name: string): number {
  const folder = path.resolve(import.meta.dirname, '../../src/explorer/client');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    const value = new RegExp(`const ${name} = (\\d+);`).exec(readFileSync(path.join(folder, file), 'utf8'))?.[1];
    if (value) return Number(value);
  }
  throw new Error(`the explorer has no constant ${name}`);
}

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

describe('the query cost', () => {
  it('refuses the under-priced traversal before it runs', async () => {
    expect(cost(UNDER_PRICED)).toBeGreaterThan(10 * DEFAULT_LIMITS.maxCost);
    const response = await api.query(UNDER_PRICED);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'cost', max: DEFAULT_LIMITS.maxCost });
    expect(response.extensions?.sqlStatements ?? 0).toBe(0);
  });

  it('prices a walk by the entities it may visit, whatever it returns', () => {
    const walk = (depth: number, first = 1) => cost(`{ entity(slug: "beijing-customs") { neighbors(depth: ${depth}, first: ${first}) { totalCount } } }`);
    // One step reaches 100 entities (10 units); two or more run into the neighbourhood cap of 10,000 (1,000).
    expect(walk(1)).toBeLessThan(20);
    expect(walk(2)).toBeGreaterThan(1_000);
    expect(walk(6)).toBe(walk(2));
    // Ten full neighbourhoods in one request are refused; nine are not.
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: entity(slug: "beijing-customs") { neighbors(depth: 6, first: 1) { totalCount } }`).join(' ')} }`;
    expect(cost(aliases(10))).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(cost(aliases(9))).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    // Under a list, once per parent.
    expect(cost(UNDER_PRICED)).toBeGreaterThan(100 * walk(6) - 1_000);
  });

  it('prices paths, subgraphs and search by the entities and candidates they may read', () => {
    const paths = (maxDepth: number) => cost(`{ paths(from: "a", to: "b", maxDepth: ${maxDepth}, first: 1) { length } }`);
    expect(paths(1)).toBeLessThan(50);
    // Both ends of a deep search may visit 20,000 entities each.
    expect(paths(4)).toBeGreaterThan(4_000);
    const subgraph = (depth: number, maxNodes: number) => cost(`{ subgraph(around: "a", depth: ${depth}, maxNodes: ${maxNodes}) { truncated } }`);
    expect(subgraph(2, 200)).toBeGreaterThan(subgraph(1, 200));
    expect(subgraph(2, 2_000)).toBeGreaterThan(subgraph(2, 200));
    // Search ranks at most 1,000 candidates; searching source texts reads the sources.
    expect(cost('{ search(query: "x", first: 1) { totalCount } }')).toBeGreaterThan(100);
    expect(cost('{ searchSources(query: "x", first: 1) { totalCount } }')).toBeGreaterThan(1_000);
  });

  it('prices a list by the rows it may read: a table at the root, a parent\'s rows when nested', () => {
    const root = cost('{ observations(first: 1) { totalCount } }');
    expect(root).toBeGreaterThan(1_000);
    const nested = cost('{ entity(slug: "beijing-customs") { observations(first: 1) { totalCount } } }');
    expect(nested).toBeLessThan(30);
    // An aggregate reads every row its filter selects.
    expect(cost('{ observationStats(groupBy: [UNIT], first: 1) { count } }')).toBeGreaterThan(1_000);
  });

  it('lets every query of the explorer through, and answers it', async () => {
    const { data } = await api.query('{ relation: entity(slug: "beijing-customs") { relations(first: 1) { edges { relation { id } } } } }');
    const relationId = data!.relation.relations.edges[0].relation.id as string;
    // The explorer draws the API's default subgraph, as deep as the API walks.
    const maxNodes = LIMITS.subgraphDefaultNodes;
    const queries: Array<[string, string, Record<string, unknown>]> = [
      ['default start', DEFAULT_START, {}],
      ['search', SEARCH, { query: 'Daxing', first: explorerConstant('SEARCH_RESULTS') }],
      ['entity panel', ENTITY_DETAIL, { slug: 'beijing-customs', first: PANEL_PAGE }],
      ['relation panel', RELATION_DETAIL, { id: relationId }],
      ['source view', SOURCE_TEXT, { slug: 'beijing-trade-h1-2023' }],
      ...Array.from({ length: LIMITS.subgraphDepth }, (_, i): [string, string, Record<string, unknown>] => [
        `subgraph at depth ${i + 1}`,
        SUBGRAPH,
        { around: 'beijing-customs', depth: i + 1, maxNodes },
      ]),
    ];
    for (const [name, query, variables] of queries) {
      expect(cost(query, variables), name).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
      const response = await api.query(query, variables);
      expect(response.errors, name).toBeUndefined();
    }
  });

  it('lets every query of the benchmark through', () => {
    const params = {
      officeSlug: 'a', deepRow: 1, deepName: 'a', deepId: 1, supervisorSlug: 'a', walkSlug: 'a', searchTerm: 'customs',
      hubSlug: 'a', pathFrom: 'a', pathTo: 'b', postgraphileDeepCursor: encodeGlobalId('Entity', 1),
    };
    for (const query of benchQueries(params)) {
      expect(cost(query.tradegraph.query, query.tradegraph.variables), query.id).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    }
  });
});
