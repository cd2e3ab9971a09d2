// Search ranks before it cuts, and its caps are the documented ones: on a
// graph where many entities and sources match a word weakly and one matches it
// well, written last so that it lies last on disk, the best comes first; the
// pages hold the best LIMITS.searchRanked; totalCount counts every match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.ts';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
/** More weak matches than the pages hold, so a cut before ranking would show. */
const CROWD = LIMITS.searchRanked + 200;

beforeAll(async () => {
  api = await openTestApi('seeded');
  await api.db.pool.query(`
    INSERT INTO entity (kind, slug, name, description)
    SELECT 'ORGANIZATION', 'crowd-' || i, 'Crowd member ' || i, 'A firm that once traded zephyrite ore, number ' || i
    FROM generate_series(1, ${CROWD}) AS i`);
  await api.db.pool.query(`INSERT INTO entity (kind, slug, name) VALUES ('ORGANIZATION', 'zephyrite-works', 'Zephyrite Works')`);
  await api.db.pool.query(`
    INSERT INTO source (slug, title, published_on, text, text_sha256)
    SELECT 'crowd-report-' || i, 'Crowd report ' || i, DATE '2023-01-01', t, encode(sha256(convert_to(t, 'UTF8')), 'hex')
    FROM generate_series(1, ${CROWD}) AS i, LATERAL (SELECT 'Report ' || i || '. Among many goods of the period, some zephyrite was traded in small lots.' AS t) AS x`);
  await api.db.pool.query(`
    INSERT INTO source (slug, title, published_on, text, text_sha256)
    SELECT 'zephyrite-review', 'Zephyrite review', DATE '2023-01-01', t, encode(sha256(convert_to(t, 'UTF8')), 'hex')
    FROM (SELECT 'Zephyrite. Zephyrite exports, zephyrite imports: the zephyrite year.' AS t) AS x`);
  await api.db.pool.query('ANALYZE entity, source');
});
afterAll(() => api?.close());

const SEARCH = `query($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { score node { slug } }
  }
}`;
const SEARCH_SOURCES = `query($q: String!, $first: Int) {
  searchSources(query: $q, first: $first) { totalCount edges { score node { slug } } }
}`;

describe('search on a graph with many weak matches', () => {
  it('ranks the best hit first, however many weaker ones match', async () => {
    const { search } = dataOf(await api.query(SEARCH, { q: 'zephyrite', first: 3 }));
    expect(search.edges[0].node.slug).toBe('zephyrite-works');
  });

  it('counts every match, and pages through the best LIMITS.searchRanked', async () => {
    const seen: Array<{ score: number; node: { slug: string } }> = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 10; page++) {
      const { search }: any = dataOf(await api.query(SEARCH, { q: 'zephyrite', first: LIMITS.pageSize, after }));
      totalCount = search.totalCount;
      seen.push(...search.edges);
      if (!search.pageInfo.hasNextPage) break;
      after = search.pageInfo.endCursor;
    }
    expect(totalCount).toBe(CROWD + 1);
    expect(seen).toHaveLength(LIMITS.searchRanked);
    expect(new Set(seen.map((e) => e.node.slug)).size).toBe(LIMITS.searchRanked);
    expect(seen.map((e) => e.score)).toEqual(seen.map((e) => e.score).sort((a, b) => b - a));
  });

  it('ranks the best source first and counts every matching source', async () => {
    const { searchSources } = dataOf(await api.query(SEARCH_SOURCES, { q: 'zephyrite', first: 3 }));
    expect(searchSources.edges[0].node.slug).toBe('zephyrite-review');
    expect(searchSources.totalCount).toBe(CROWD + 1);
  });
});
