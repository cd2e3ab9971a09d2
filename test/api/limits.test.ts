// The query limits are tuned to real queries: every example of the docs, GraphiQL's
// default query, a client's entity panel and the standard introspection query
// pass; each limit can be moved by configuration. (Hostile queries past the
// limits: hostile.test.ts.)
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docQueries } from '../../scripts/doc-examples.ts';
import { loadConfig, requestLimits } from '../../src/config.ts';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { DEFAULT_LIMITS } from '../../src/limits.ts';
import { measureQuery } from '../../src/http/query-limits.ts';
import { fieldCost, LIST_MULTIPLIER, PARENT_ROWS, rowsCost, TABLE_ROWS } from '../../src/schema/cost.ts';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { LIMITS } from '../../src/limits.ts';

/** The entity panel of a graph explorer: one entity with pages of 100 relations and 100 figures. */
const ENTITY_PANEL = `query EntityPanel($slug: String!, $first: Int) {
  entity(slug: $slug) {
    id slug name kind aliases description
    ... on CustomsOffice { level customsCode }
    ... on BondedZone { zoneType focus establishedOn }
    observations(first: $first) {
      totalCount
      edges { node { id value unit note metric { name } period { label } change { basis value unit benchmark } scope { name }
                     evidence { quote startOffset endOffset source { slug title } } } }
    }
    relations(first: $first) {
      totalCount
      edges { direction predicate role basis note relation { id } node { id slug name kind }
              evidence { quote startOffset endOffset source { slug title } } }
    }
  }
}`;

const REAL_QUERIES: Array<{ name: string; query: string; variables?: Record<string, unknown> }> = [
  ...docQueries(),
  { name: 'GraphiQL default query', query: DEFAULT_QUERY },
  { name: 'entity panel with pages of 100', query: ENTITY_PANEL, variables: { slug: 'beijing-customs', first: 100 } },
];

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

describe('query limits', () => {
  it("finds the docs' examples the load script and this test rely on", () => {
    expect(docQueries().length).toBeGreaterThanOrEqual(4);
  });

  it.each(REAL_QUERIES)('let "$name" through, within every limit', async ({ query, variables }) => {
    const measured = measureQuery(schema, query, variables);
    expect(measured.depth).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
    expect(measured.cost).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    expect(measured.aliases).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAliases);
    expect(measured.tokens).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTokens);
    const response = await api.query(query, variables);
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it('let the standard introspection query through, which needs its own depth', () => {
    const measured = measureQuery(schema, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true }));
    expect(measured.introspectionDepth).toBe(LIMITS.introspectionDepth);
    expect(measured.introspectionNesting).toBe(LIMITS.introspectionListNesting);
    expect(measured.introspectionDepth).toBeGreaterThan(DEFAULT_LIMITS.maxDepth);
  });

  it('are set just above what the real queries need', () => {
    const measured = REAL_QUERIES.map(({ query, variables }) => measureQuery(schema, query, variables));
    const deepest = Math.max(...measured.map((m) => m.depth));
    const costliest = Math.max(...measured.map((m) => m.cost));
    expect(DEFAULT_LIMITS.maxDepth - deepest).toBeLessThanOrEqual(2);
    // Room for a traversal page of 100 (about 7,500), no more than 2.5 times the costliest real query.
    expect(DEFAULT_LIMITS.maxCost).toBeLessThanOrEqual(costliest * 2.5);
  });

  it('are read from the environment', () => {
    const limits = requestLimits(
      loadConfig({ TRADEGRAPH_MAX_DEPTH: '7', TRADEGRAPH_MAX_ALIASES: '2', TRADEGRAPH_MAX_TOKENS: '300', TRADEGRAPH_MAX_DIRECTIVES: '1', TRADEGRAPH_MAX_COST: '500', TRADEGRAPH_MAX_BODY_BYTES: '2048' }),
    );
    expect(limits).toEqual({ maxDepth: 7, maxAliases: 2, maxTokens: 300, maxDirectives: 1, maxCost: 500, maxBodyBytes: 2048 });
    expect(requestLimits(loadConfig({}))).toEqual(DEFAULT_LIMITS);
    expect(() => loadConfig({ TRADEGRAPH_MAX_COST: 'lots' })).toThrow(/TRADEGRAPH_MAX_COST/);
  });

  it('apply the configured values', async () => {
    // A root list costs the table it may read (1,000) and its page.
    const strict = await openTestApi('seeded', { limits: { maxDepth: 5, maxCost: 1_250 } });
    try {
      const [curl] = docQueries().filter((q) => q.name.includes('curl'));
      const deep = await strict.query(curl!.query);
      expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'depth', max: 5, actual: 6 });
      const costly = await strict.query('{ entities(first: 50) { edges { node { name slug kind aliases description id } } } }');
      expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'cost', max: 1_250 });
      expect((await strict.query('{ entities(first: 5) { edges { node { name } } } }')).errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  it('price one query text by the variables of each request, however often it is sent', async () => {
    const strict = await openTestApi('seeded', { limits: { maxCost: 1_250 } });
    try {
      const page = 'query Page($first: Int) { entities(first: $first) { edges { node { name slug kind aliases description id } } } }';
      // A measure kept for one set of variables must never answer for another.
      for (const round of [1, 2]) {
        const small = await strict.query(page, { first: 5 });
        expect(small.errors, `round ${round}`).toBeUndefined();
        expect(small.data?.entities.edges).toHaveLength(5);
        const large = await strict.query(page, { first: 50 });
        expect(large.errors?.[0]?.extensions, `round ${round}`).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'cost', max: 1_250 });
      }
    } finally {
      await strict.close();
    }
  });
});

describe('field cost', () => {
  const f = (name: string) => schema.getQueryType()!.getFields()[name]!;

  it('counts a connection at its page size, the default page when none is asked for, and the rows it may read', () => {
    const table = 1 + rowsCost(TABLE_ROWS);
    expect(fieldCost({ first: 7 }, {}, f('entities'))).toEqual({ field: table, multiplier: 7 });
    expect(fieldCost({ last: 3 }, {}, f('entities'))).toEqual({ field: table, multiplier: 3 });
    expect(fieldCost({}, {}, f('entities'))).toEqual({ field: table, multiplier: LIMITS.defaultPageSize });
    expect(fieldCost({ first: -5 }, {}, f('entities'))).toEqual({ field: table, multiplier: 0 });
    const nested = (schema.getType('CustomsOffice') as any).getFields().relations;
    expect(fieldCost({ first: 7 }, {}, nested)).toEqual({ field: 1 + rowsCost(PARENT_ROWS), multiplier: 7 });
  });

  it('does not count the edges of a connection twice, and counts nodes(ids:) per ID', () => {
    const connection = schema.getType('EntityRelationConnection') as any;
    expect(connection.getFields().edges.extensions.complexity).toEqual({ field: 1, multiplier: 1 });
    expect(connection.getFields().nodes.extensions.complexity).toEqual({ field: 1, multiplier: 1 });
    // A page of 10 entities with 3 fields each: 1 + the table read + 10 x (edges 1 + node 1 + 3).
    expect(measureQuery(schema, '{ entities(first: 10) { edges { node { id name slug } } } }').cost).toBe(51 + rowsCost(TABLE_ROWS));
    expect(fieldCost({ ids: ['a', 'b', 'c'] }, {}, f('nodes'))).toEqual({ field: 1, multiplier: 3 });
    expect(fieldCost({ slug: 'x' }, {}, f('entity'))).toEqual({ field: 1, multiplier: 1 });
  });

  it('counts other lists at a fixed length', () => {
    const entity = schema.getType('CustomsOffice') as any;
    expect(fieldCost({}, {}, entity.getFields().childOffices)).toEqual({ field: 1, multiplier: LIST_MULTIPLIER });
  });
});
