// Search through the API on the seeded graph: the right entity first for
// English, partial and Chinese names; sources with the offsets of the match;
// hostile query strings answered as plain text; a fixed number of statements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const SEARCH = `query($q: String!, $kinds: [EntityKind!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor score matched node { __typename slug name } }
  }
}`;

async function search(q: string, variables: Record<string, unknown> = {}) {
  const response = await api.query(SEARCH, { q, ...variables });
  return { ...dataOf(response).search, statements: response.extensions?.sqlStatements };
}

const slugs = (result: { edges: Array<{ node: { slug: string } }> }) => result.edges.map((e) => e.node.slug);

describe('search', () => {
  it('finds the Tianzhu zone first for "tianzhu", through its alias', async () => {
    const result = await search('tianzhu');
    expect(result.edges[0]).toMatchObject({
      matched: 'Tianzhu',
      node: { __typename: 'BondedZone', slug: 'tianzhu-comprehensive-bonded-zone', name: 'Tianzhu Comprehensive Bonded Zone' },
    });
    expect(slugs(result)).toEqual(['tianzhu-comprehensive-bonded-zone']);
  });

  it('ranks the airport before the bonded area at it for "Daxing airport"', async () => {
    const result = await search('Daxing airport');
    expect(slugs(result)).toEqual(['beijing-daxing-international-airport', 'daxing-airport-comprehensive-bonded-area']);
    expect(result.edges[0]).toMatchObject({ matched: 'Daxing Airport', node: { __typename: 'Airport' } });
    expect(result.edges[0].score).toBeGreaterThan(result.edges[1].score);
  });

  it('finds the Tianzhu zone for its Chinese name "天竺"', async () => {
    const result = await search('天竺');
    expect(result.edges[0]).toMatchObject({ matched: '天竺综合保税区', node: { slug: 'tianzhu-comprehensive-bonded-zone' } });
    expect(result.totalCount).toBe(1);
  });

  it('finds Chinese substrings of one or two characters, and short English names', async () => {
    expect(slugs(await search('竺'))).toEqual(['tianzhu-comprehensive-bonded-zone']);
    expect(slugs(await search('保税')).sort()).toEqual([
      'bonded-plus-model',
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    expect(slugs(await search('大兴机场'))[0]).toBe('beijing-daxing-international-airport');
    expect(slugs(await search('IC'))[0]).toBe('integrated-circuit-industry');
  });

  it('finds lithium-ion batteries for "lithium batteries", and for the stemmed "lithium battery"', async () => {
    const exact = await search('lithium batteries');
    expect(exact.edges[0]).toMatchObject({ matched: 'lithium batteries', node: { __typename: 'Product', slug: 'lithium-ion-batteries' } });
    const stemmed = await search('Lithium battery');
    expect(slugs(stemmed)[0]).toBe('lithium-ion-batteries');
  });

  it('forgives a typo, and matches descriptions less than names', async () => {
    expect(slugs(await search('tianzhou'))[0]).toBe('tianzhu-comprehensive-bonded-zone');
    const research = await search('research and development');
    expect(research.edges[0]).toMatchObject({ node: { slug: 'zhongguancun-comprehensive-bonded-zone' } });
    expect(research.edges[0].matched).toMatch(/^Newly established comprehensive bonded zone/);
    expect(research.edges[0].score).toBeLessThan(1);
  });

  it('keeps to the kinds asked for', async () => {
    expect(slugs(await search('Daxing', { kinds: ['BONDED_ZONE'] }))).toEqual(['daxing-airport-comprehensive-bonded-area']);
    expect(slugs(await search('Daxing', { kinds: ['AIRPORT', 'REGION'] }))).toEqual(['beijing-daxing-international-airport']);
  });

  it('pages through the ranking with cursors that only this search accepts', async () => {
    const all = await search('customs', { first: 20 });
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.totalCount).toBeGreaterThanOrEqual(8);
    const first = await search('customs', { first: 3 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await search('customs', { first: 3, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect([...slugs(first), ...slugs(second)]).toEqual(slugs(all).slice(0, 6));
    expect(first.totalCount).toBe(all.totalCount);

    const foreign = await api.query(SEARCH, { q: 'beijing', after: first.pageInfo.endCursor });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(foreign.errors?.[0]?.message).toMatch(/another ordering/);
  });

  it('runs a fixed number of statements whatever the page holds: the ranking, the entities, two per nested connection', async () => {
    const response = await api.query(`{
      search(query: "bonded", first: 10) {
        totalCount
        edges { score node { slug relations(first: 5) { edges { predicate node { name } } } observations { edges { node { value } } } } }
      }
    }`);
    const result = dataOf(response).search;
    expect(result.edges.length).toBeGreaterThanOrEqual(4);
    // Nested connections load by field for the whole page (src/schema/loaders.ts): their pages, then their rows.
    expect(response.extensions?.sqlStatements).toBe(2 + 2 * 2);
    // No statement at all for the entities when only scores are asked for is not promised; the ranking is one.
    const bare = await api.query(`{ search(query: "bonded") { totalCount } }`);
    expect(bare.extensions?.sqlStatements).toBeLessThanOrEqual(2);
  });

  it('treats SQL and LIKE punctuation as plain text', async () => {
    for (const q of [`'; DROP TABLE entity; --`, `%`, `_`, `\\`, `%_\\'"`, `.*[a-z]+(?=`, `$1`, `) OR 1=1 --`, `<->> <% @@ !!`]) {
      const response = await api.query(SEARCH, { q });
      expect(response.errors, q).toBeUndefined();
      expect(response.data!.search.totalCount, q).toBe(0);
    }
    // A percent sign is a literal: "73.33%" is not in any name, "3.8%" is not either, but "+" in "Bonded+" is.
    expect(slugs(await search('bonded+'))[0]).toBe('bonded-plus-model');
    const count = dataOf(await api.query(`{ entities { totalCount } }`));
    expect(count.entities.totalCount).toBe(32);
  });

  it('refuses an empty or overlong query with a typed error', async () => {
    const empty = await api.query(SEARCH, { q: '   ' });
    expect(empty.errors?.[0]).toMatchObject({ message: expect.stringMatching(/empty/), extensions: { code: 'BAD_USER_INPUT' } });
    const long = await api.query(SEARCH, { q: 'x'.repeat(201) });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 200 });
  });

  it.each(['search', 'searchSources'])('%s advertises only the forward paging it runs: first and after, no last or before', async (field) => {
    const fields = dataOf(await api.query(`{ __schema { queryType { fields { name args { name } } } } }`)).__schema.queryType.fields;
    const args = fields.find((f: any) => f.name === field).args.map((a: any) => a.name);
    expect(args).toEqual(expect.arrayContaining(['first', 'after']));
    expect(args).not.toContain('last');
    expect(args).not.toContain('before');
    const backward = await api.query(`{ ${field}(query: "customs", last: 2) { totalCount } }`);
    expect(backward.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('searchSources', () => {
  const SOURCES = `query($q: String!) {
    searchSources(query: $q) { totalCount edges { score snippet startOffset endOffset node { slug text } } }
  }`;

  const at = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

  it('gives the offsets of a phrase in code points, and the passage around it', async () => {
    const result = dataOf(await api.query(SOURCES, { q: 'tianzhu comprehensive bonded zone' })).searchSources;
    expect(result.totalCount).toBe(1);
    const [edge] = result.edges;
    expect(edge.node.slug).toBe('beijing-trade-h1-2023');
    expect(at(edge.node.text, edge.startOffset, edge.endOffset)).toBe('Tianzhu Comprehensive Bonded Zone');
    expect(edge.snippet).toContain('“bonded +” model in the Tianzhu Comprehensive Bonded Zone.');
    expect(edge.snippet.length).toBeLessThan(260);
  });

  it('finds stemmed words and points at them', async () => {
    const result = dataOf(await api.query(SOURCES, { q: 'lithium battery' })).searchSources;
    const [edge] = result.edges;
    expect(at(edge.node.text, edge.startOffset, edge.endOffset)).toBe('lithium-ion batteries');
    expect(edge.snippet).toMatch(/lithium-ion batteries in Beijing has increased by 59\.6%, 175\.7%, and 53\.6%/);
  });

  it('returns nothing for words the sources do not hold, and for SQL punctuation', async () => {
    for (const q of ['天竺', `'; DELETE FROM source; --`, '%%']) {
      const response = await api.query(SOURCES, { q });
      expect(response.errors).toBeUndefined();
      expect(response.data!.searchSources.totalCount).toBe(0);
    }
  });
});
