// Claims and series through the API on the seed plus the fictional samples:
// a revised figure keeps both claims with their sources, the later one
// answers; a series runs in period order with its gaps and evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('samples');
});
afterAll(() => api?.close());

const SEED = 'beijing-trade-h1-2023';
const BULLETIN = 'sample-beijing-bulletin-2023-jan-aug';

const CLAIMS = `query($subject: String!, $label: String!) {
  entity(slug: $subject) {
    observations(metrics: ["import-export-value"], period: { label: $label }, orderBy: { field: VALUE, direction: DESC }) {
      nodes {
        value rank rankReason disputed source { slug publishedAt }
        claims {
          count disputed
          answer { value source { slug } }
          claims { value rank source { slug publishedAt } evidence { quote } }
        }
      }
    }
  }
}`;

describe('claims', () => {
  it('keep both values of a revised figure with their sources; the most recent publication answers', async () => {
    const response = await api.query(CLAIMS, { subject: 'beijing', label: '2023 H1' });
    const nodes = dataOf(response).entity.observations.nodes;
    expect(nodes.map((n: any) => [n.value, n.rank, n.disputed, n.source.slug, n.rankReason])).toEqual([
      ['2080000000000', 'PREFERRED', true, BULLETIN, `the most recent publication (${BULLETIN}, 2023-09-20)`],
      ['2070000000000', 'NORMAL', true, SEED, `superseded by a more recent publication (${BULLETIN})`],
    ]);
    for (const n of nodes) {
      expect(n.claims.count).toBe(2);
      expect(n.claims.disputed).toBe(true);
      expect(n.claims.answer).toEqual({ value: '2080000000000', source: { slug: BULLETIN } });
      expect(n.claims.claims.map((c: any) => [c.value, c.rank, c.source.slug, c.source.publishedAt])).toEqual([
        ['2080000000000', 'PREFERRED', BULLETIN, '2023-09-20'],
        ['2070000000000', 'NORMAL', SEED, '2023-08-17'],
      ]);
    }
    expect(nodes[0].claims.claims[1].evidence.quote).toContain('2.07 trillion yuan');
    expect(nodes[0].claims.claims[0].evidence.quote).toContain('Revised data');
    // The page, its rows, the claims of every observation, their rows: the same for any number of observations.
    expect(response.extensions?.sqlStatements).toBeLessThanOrEqual(6);
  });

  it('say an unrevised figure is the only claim and undisputed', async () => {
    const [node] = dataOf(await api.query(CLAIMS, { subject: 'beijing', label: '2023 Q2' })).entity.observations.nodes;
    expect([node.rank, node.rankReason, node.disputed, node.claims.count]).toEqual(['PREFERRED', 'the only claim', false, 1]);
  });

  it('follow a curator\'s rank, with its reason, over the default', async () => {
    const db = api.db.pool;
    const { rows } = await db.query(`SELECT o.id FROM observation o JOIN source s ON s.id = o.source_id JOIN entity e ON e.id = o.subject_id
      WHERE s.slug = $1 AND e.slug = 'tianzhu-comprehensive-bonded-zone' AND o.period_label = '2023 Jan-Jul'`, [SEED]);
    await db.query(`UPDATE observation SET rank = 'PREFERRED', rank_reason = 'stated by the zone''s director' WHERE id = $1`, [rows[0].id]);
    try {
      const nodes = dataOf(await api.query(CLAIMS, { subject: 'tianzhu-comprehensive-bonded-zone', label: '2023 Jan-Jul' })).entity.observations.nodes;
      expect(nodes.map((n: any) => [n.value, n.rank, n.rankReason])).toEqual([
        ['73510000000', 'NORMAL', `a curator preferred another claim (${SEED})`],
        ['73330000000', 'PREFERRED', "stated by the zone's director"],
      ]);
      expect(nodes[0].claims.answer.value).toBe('73330000000');
    } finally {
      await db.query(`UPDATE observation SET rank = 'NORMAL', rank_reason = NULL WHERE id = $1`, [rows[0].id]);
    }
  });
});

const SERIES = `query($metric: String!, $subject: String!, $granularity: Granularity!) {
  series(metric: $metric, subject: $subject, granularity: $granularity) {
    metric { slug } subject { slug } scope { slug } unit granularity gaps
    points { period { label start end } gap value observation { rank source { slug } } evidence { quote } }
  }
}`;

const pointsOf = (series: any) => series.points.map((p: any) => [p.period.label, p.value, p.observation?.source.slug ?? null]);

describe('series', () => {
  it("run Beijing's quarters in order with the missing 2023 Q1 as a gap", async () => {
    const response = await api.query(SERIES, { metric: 'import-export-value', subject: 'beijing', granularity: 'QUARTER' });
    const [series, ...more] = dataOf(response).series;
    expect(more).toEqual([]);
    expect(series).toMatchObject({ metric: { slug: 'import-export-value' }, subject: { slug: 'beijing' }, scope: null, unit: 'CNY', granularity: 'QUARTER', gaps: 1 });
    expect(pointsOf(series)).toEqual([
      ['2022 Q4', '940000000000', 'sample-beijing-review-2023'],
      ['2023 Q1', null, null],
      ['2023 Q2', '1070000000000', BULLETIN],
      ['2023 Q3', '950000000000', 'sample-beijing-review-2023'],
      ['2023 Q4', '970000000000', 'sample-beijing-review-2023'],
    ]);
    expect(series.points[1]).toMatchObject({ gap: true, period: { start: '2023-01-01', end: '2023-03-31' }, evidence: null, observation: null });
    expect(series.points[2].evidence.quote).toContain('In the second quarter alone');
    // Subject and metric looked up, the series, then metric, subject, observations, evidence and claims: 8 for any length.
    expect(response.extensions?.sqlStatements).toBe(8);
  });

  it('pick the answering claim for a revised period: the halves are the revised H1 and H2', async () => {
    const [series] = dataOf(await api.query(SERIES, { metric: 'import-export-value', subject: 'beijing', granularity: 'HALF' })).series;
    expect(pointsOf(series)).toEqual([
      ['2023 H1', '2080000000000', BULLETIN],
      ['2023 H2', '1920000000000', 'sample-beijing-review-2023'],
    ]);
    expect(series.points[0].observation.rank).toBe('PREFERRED');
  });

  it("run Tianzhu's year to date monthly: Jan-Jun to Jan-Aug, Sep to Nov missing, then the year", async () => {
    const [series] = dataOf(await api.query(SERIES, { metric: 'import-export-value', subject: 'tianzhu-comprehensive-bonded-zone', granularity: 'YEAR_TO_DATE' })).series;
    expect(series.points.map((p: any) => [p.period.label, p.value])).toEqual([
      ['2023 H1', '62870000000'],
      ['2023 Jan-Jul', '73510000000'],
      ['2023 Jan-Aug', '84260000000'],
      ['2023 Jan-Sep', null],
      ['2023 Jan-Oct', null],
      ['2023 Jan-Nov', null],
      ['2023', '128600000000'],
    ]);
  });

  it('are on every entity for its metrics, batched for all entities', async () => {
    const response = await api.query(`{
      bondedZones { nodes { slug series(granularity: YEAR_TO_DATE) { metric { slug } gaps points { period { label } value } } } }
    }`);
    const zones = dataOf(response).bondedZones.nodes;
    const daxing = zones.find((z: any) => z.slug === 'daxing-airport-comprehensive-bonded-area');
    expect(daxing.series).toEqual([
      {
        metric: { slug: 'import-export-value' },
        gaps: 3,
        points: [
          { period: { label: '2023 Jan-Jul' }, value: '450000000' },
          { period: { label: '2023 Jan-Aug' }, value: '520000000' },
          { period: { label: '2023 Jan-Sep' }, value: null },
          { period: { label: '2023 Jan-Oct' }, value: null },
          { period: { label: '2023 Jan-Nov' }, value: null },
          { period: { label: '2023' }, value: '1020000000' },
        ],
      },
    ]);
    // The zones, then one statement for every zone's series and one for their metrics.
    expect(response.extensions?.sqlStatements).toBe(3);
  });

  it('refuse an unknown subject or metric', async () => {
    const unknown = await api.query(SERIES, { metric: 'import-export-value', subject: 'atlantis', granularity: 'YEAR' });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'No entity has the slug "atlantis"', extensions: { code: 'NOT_FOUND' } });
  });
});

describe('statements per request (no N+1)', () => {
  const CLAIMS_PAGE = `query($first: Int) {
    observations(first: $first) { nodes { rank rankReason disputed claims { count answer { value source { slug } } claims { rank evidence { quote } } } } }
    entities(first: $first) { nodes { slug series(granularity: QUARTER) { metric { slug } points { value observation { rank } evidence { quote } } } } }
  }`;

  it('stay the same for 2 rows or 46 of claims and series', async () => {
    // Pages past the public cost limit on purpose: what is counted here is SQL.
    const wide = await openTestApi('samples', { limits: { maxCost: 1_000_000 } });
    const few = await wide.query(CLAIMS_PAGE, { first: 2 });
    const many = await wide.query(CLAIMS_PAGE, { first: 46 });
    await wide.close();
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(many.data!.observations.nodes).toHaveLength(46);
    expect(many.data!.entities.nodes.filter((e: any) => e.series.length).length).toBeGreaterThan(0);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
