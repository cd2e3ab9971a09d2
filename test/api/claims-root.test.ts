// The root `claims` connection and the `disputed` filter, through Yoga on the
// seed plus the fictional samples: the questions whose sources disagree are
// the revised figures, listed with every claim and its source; statements do
// not grow with the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  // Pages of 100 questions with their claims cost past the public limit on purpose: what is checked here is the answer and its SQL.
  api = await openTestApi('samples', { limits: { maxCost: 10_000_000 } });
});
afterAll(() => api?.close());

const CLAIMS = `query($first: Int, $after: String, $last: Int, $before: String, $metrics: [String!], $subjects: [String!], $disputed: Boolean) {
  claims(first: $first, after: $after, last: $last, before: $before, metrics: $metrics, subjects: $subjects, disputed: $disputed) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      count disputed
      answer { id value unit period { label } metric { slug } subject { slug } source { slug } }
      claims { id value rank source { slug publishedAt } evidence { quote } }
    } }
  }
}`;

/** The questions whose claims disagree, computed by PostgreSQL apart from the API. */
async function disputedQuestions(): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM observation GROUP BY metric_id, subject_id, scope_id, period_start, period_end
      HAVING count(DISTINCT (value, unit)) > 1) q`);
  return rows[0]!.n;
}

describe('claims', () => {
  it('lists the disputed questions with every claim, the answering one first', async () => {
    const expected = await disputedQuestions();
    expect(expected).toBeGreaterThan(0);
    const page = dataOf(await api.query(CLAIMS, { first: 50, disputed: true })).claims;
    expect(page.totalCount).toBe(expected);
    expect(page.edges).toHaveLength(expected);
    for (const { node } of page.edges) {
      expect(node.disputed).toBe(true);
      expect(node.count).toBeGreaterThanOrEqual(2);
      expect(node.claims).toHaveLength(node.count);
      expect(node.claims[0].id).toBe(node.answer.id);
      expect(node.claims[0].rank).toBe('PREFERRED');
      expect(new Set(node.claims.map((c: any) => `${c.value}`)).size).toBeGreaterThan(1);
      for (const c of node.claims) expect(c.evidence.quote.length).toBeGreaterThan(0);
    }
    // The revised H1 figure of Beijing: the bulletin's value answers, the seed's is kept.
    const h1 = page.edges.find((e: any) => e.node.answer.metric.slug === 'import-export-value' && e.node.answer.period.label === '2023 H1');
    expect(h1.node.claims.map((c: any) => [c.value, c.rank, c.source.slug])).toEqual([
      ['2080000000000', 'PREFERRED', 'sample-beijing-bulletin-2023-jan-aug'],
      ['2070000000000', 'NORMAL', 'beijing-trade-h1-2023'],
    ]);
  });

  it('filters by metric and subject; undisputed questions have one claim or agreeing ones', async () => {
    const all = dataOf(await api.query(CLAIMS, { first: 100, metrics: ['import-export-value'], subjects: ['beijing'] })).claims;
    const { rows } = await api.db.pool.query<{ n: number }>(`
      SELECT count(DISTINCT (o.period_start, o.period_end, o.scope_id))::int AS n FROM observation o
      JOIN metric m ON m.id = o.metric_id JOIN entity e ON e.id = o.subject_id
      WHERE m.slug = 'import-export-value' AND e.slug = 'beijing'`);
    expect(all.totalCount).toBe(rows[0]!.n);
    for (const { node } of all.edges) expect([node.answer.metric.slug, node.answer.subject.slug]).toEqual(['import-export-value', 'beijing']);
    const agreed = dataOf(await api.query(CLAIMS, { first: 100, metrics: ['import-export-value'], subjects: ['beijing'], disputed: false })).claims;
    const disputed = dataOf(await api.query(CLAIMS, { first: 100, metrics: ['import-export-value'], subjects: ['beijing'], disputed: true })).claims;
    expect(agreed.totalCount + disputed.totalCount).toBe(all.totalCount);
    expect(disputed.totalCount).toBeGreaterThan(0);
    for (const { node } of agreed.edges) expect(new Set(node.claims.map((c: any) => `${c.value} ${c.unit}`)).size).toBe(1);
  });

  it('pages by keyset both ways to the same list', async () => {
    const whole = dataOf(await api.query(CLAIMS, { first: 100 })).claims;
    const ids = whole.edges.map((e: any) => e.node.answer?.id ?? e.cursor);
    expect(whole.totalCount).toBe(ids.length);
    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page: any = dataOf(await api.query(CLAIMS, { first: 7, after })).claims;
      forward.push(...page.edges.map((e: any) => e.node.answer?.id ?? e.cursor));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(ids);
    const tail = dataOf(await api.query(CLAIMS, { last: 5, before: whole.edges[10].cursor })).claims;
    expect(tail.edges.map((e: any) => e.node.answer?.id ?? e.cursor)).toEqual(ids.slice(5, 10));
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
  });

  it('sends the same statements for a page of 1 and a page of all, nested claims included', async () => {
    const one = await api.query(CLAIMS, { first: 1 });
    const all = await api.query(CLAIMS, { first: 100 });
    expect(dataOf(all).claims.edges.length).toBeGreaterThan(20);
    // The questions, their claims, the claims' observations, the rows beneath them (four relations), the count.
    expect(one.extensions!.sqlStatements).toBe(all.extensions!.sqlStatements);
    expect(all.extensions!.sqlStatements).toBeLessThanOrEqual(9);
  });
});

describe('observations(disputed:)', () => {
  const OBSERVATIONS = `query($disputed: Boolean, $first: Int) {
    observations(first: 100, disputed: $disputed) { totalCount nodes { disputed } }
    entities(first: $first) { nodes { slug observations(disputed: $disputed) { totalCount nodes { disputed } } } }
  }`;

  it('keeps only the claims another source contradicts (or only the others), root and nested alike', async () => {
    const { rows } = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM analytics.observation_claims WHERE disputed');
    const disputed = dataOf(await api.query(OBSERVATIONS, { disputed: true, first: 100 }));
    expect(disputed.observations.totalCount).toBe(rows[0]!.n);
    expect(disputed.observations.nodes.every((n: any) => n.disputed)).toBe(true);
    const nested = disputed.entities.nodes.flatMap((e: any) => e.observations.nodes);
    expect(disputed.entities.nodes.reduce((sum: number, e: any) => sum + e.observations.totalCount, 0)).toBe(rows[0]!.n);
    expect(nested.every((n: any) => n.disputed)).toBe(true);
    const undisputed = dataOf(await api.query(OBSERVATIONS, { disputed: false, first: 100 }));
    expect(undisputed.observations.nodes.some((n: any) => n.disputed)).toBe(false);
    const { rows: total } = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM observation');
    expect(undisputed.observations.totalCount + disputed.observations.totalCount).toBe(total[0]!.n);
  });

  it('reads the disputed claims once per request, whatever the number of parents', async () => {
    // Nested only: with the root list beside it, its claims and the nested ones are two batches
    // or one depending on whether both lists arrive in the same tick, whatever the row count.
    const NESTED = `query($disputed: Boolean, $first: Int) {
      entities(first: $first) { nodes { slug observations(disputed: $disputed) { totalCount nodes { disputed } } } }
    }`;
    const few = await api.query(NESTED, { disputed: true, first: 2 });
    const many = await api.query(NESTED, { disputed: true, first: 100 });
    expect(dataOf(many).entities.nodes.some((e: any) => e.observations.nodes.length > 0)).toBe(true);
    expect(few.errors).toBeUndefined();
    expect(many.extensions!.sqlStatements).toBe(few.extensions!.sqlStatements);
  });
});
