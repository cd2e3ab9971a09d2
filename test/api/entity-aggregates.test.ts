// Ordering and filtering entities by aggregates of what is related to them,
// through Yoga on the seed plus the samples: keyset pages in either direction
// add up to the one-shot order, which PostgreSQL computes independently here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('samples');
});
afterAll(() => api?.close());

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: EntityOrder, $having: EntityHaving) {
  entities(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, having: $having) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug } }
  }
}`;

/** Every entity, page by page forward, then backward from the end. */
async function walk(orderBy: object, size: number, having?: object) {
  const forward: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: any = dataOf(await api.query(PAGE, { first: size, after, orderBy, having })).entities;
    forward.push(...page.edges.map((e: any) => e.node.slug));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const backward: string[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: any = dataOf(await api.query(PAGE, { last: size, before, orderBy, having })).entities;
    backward.unshift(...page.edges.map((e: any) => e.node.slug));
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor;
  }
  return { forward, backward };
}

async function sqlOrder(sql: string): Promise<string[]> {
  return (await api.db.pool.query<{ slug: string }>(sql)).rows.map((r) => r.slug);
}

describe('entities ordered by an aggregate', () => {
  it('by their count of relations, pages of 4 forward and backward give the full order', async () => {
    const expected = await sqlOrder(`
      SELECT e.slug FROM entity e
      ORDER BY (SELECT count(*) FROM relation r WHERE r.subject_id = e.id OR r.object_id = e.id) DESC, e.id DESC`);
    const { forward, backward } = await walk({ field: 'RELATION_COUNT', direction: 'DESC' }, 4);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
    expect(forward.slice(0, 2)).toEqual(['beijing-customs', 'beijing']);
  });

  it('by their count of relations of one predicate and direction: the supervising offices first', async () => {
    const page = dataOf(
      await api.query(PAGE, { first: 3, orderBy: { field: 'RELATION_COUNT', direction: 'DESC', relations: { predicates: ['SUPERVISES'], direction: 'OUTGOING' } } }),
    ).entities;
    expect(page.edges[0].node.slug).toBe('beijing-customs');
  });

  it("by a metric's latest answering value, entities without one last, paged by keyset", async () => {
    const orderBy = { field: 'METRIC_VALUE', direction: 'DESC', metricValue: { metric: 'import-export-value' } };
    const { forward, backward } = await walk(orderBy, 3);
    expect(forward.slice(0, 3)).toEqual(['beijing', 'tianzhu-comprehensive-bonded-zone', 'daxing-airport-comprehensive-bonded-area']);
    const expected = await sqlOrder(`
      SELECT e.slug FROM entity e LEFT JOIN LATERAL (
        SELECT f.value FROM analytics.observation_facts f
        WHERE f.subject_id = e.id AND f.metric_slug = 'import-export-value' AND f.claim_answers
        ORDER BY f.period_end DESC, f.period_start ASC LIMIT 1) v ON true
      ORDER BY v.value DESC NULLS LAST, e.id DESC`);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it("by one period's value: Beijing's 2023 H1 is the revised 2.08 trillion, above Tianzhu's 62.87 billion", async () => {
    const response = await api.query(`{
      regions(first: 1, orderBy: { field: METRIC_VALUE, direction: DESC, metricValue: { metric: "import-export-value", periodLabel: "2023 H1" } }) {
        nodes { slug observations(metrics: ["import-export-value"], period: { label: "2023 H1" }) { nodes { value rank } } }
      }
    }`);
    const [beijing] = dataOf(response).regions.nodes;
    expect(beijing.slug).toBe('beijing');
    expect(beijing.observations.nodes.find((o: any) => o.rank === 'PREFERRED').value).toBe('2080000000000');
  });

  it('refuses a cursor of another aggregate order, and METRIC_VALUE without a metric', async () => {
    const first = dataOf(await api.query(PAGE, { first: 2, orderBy: { field: 'RELATION_COUNT' } })).entities;
    const other = await api.query(PAGE, { first: 2, after: first.pageInfo.endCursor, orderBy: { field: 'RELATION_COUNT', relations: { predicates: ['LOCATED_IN'] } } });
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await api.query(PAGE, { first: 2, orderBy: { field: 'METRIC_VALUE' } });
    expect(missing.errors?.[0]).toMatchObject({ message: expect.stringMatching(/needs "metricValue"/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('entities filtered by aggregate thresholds', () => {
  it('keep those with at least one outgoing SUPERVISES relation, counted over all pages', async () => {
    const having = { relationCount: [{ predicates: ['SUPERVISES'], direction: 'OUTGOING', gte: 1 }] };
    const response = await api.query(PAGE, { first: 10, having });
    const page = dataOf(response).entities;
    const expected = await sqlOrder(`
      SELECT e.slug FROM entity e WHERE EXISTS (SELECT 1 FROM relation r WHERE r.subject_id = e.id AND r.predicate = 'SUPERVISES') ORDER BY e.name, e.id`);
    expect(page.edges.map((e: any) => e.node.slug)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
    // The page, its rows and the count: three statements however many entities pass.
    expect(response.extensions?.sqlStatements).toBe(3);
  });

  it("keep those whose 2023 import and export value exceeds 2 billion yuan, with a kind's root field too", async () => {
    const having = { metricValue: [{ metric: 'import-export-value', periodLabel: '2023', gt: '2000000000' }] };
    const { forward } = await walk({ field: 'METRIC_VALUE', direction: 'ASC', metricValue: { metric: 'import-export-value', periodLabel: '2023' } }, 1, having);
    expect(forward).toEqual(['tianzhu-comprehensive-bonded-zone', 'beijing']);
    const zones = dataOf(await api.query(`query($having: EntityHaving) { bondedZones(having: $having) { nodes { slug } } }`, { having })).bondedZones;
    expect(zones.nodes).toEqual([{ slug: 'tianzhu-comprehensive-bonded-zone' }]);
  });
});
