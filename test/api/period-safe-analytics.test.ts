// Period-safe analytics on the seed plus the fictional samples: rankings
// never mix periods (or a figure with its revision), and observationStats
// refuses sums over overlapping periods while disjoint ones are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('samples');
});
afterAll(() => api?.close());

const RANKINGS = `query($metric: String!, $by: RankingMeasure, $filter: ObservationFilter, $compare: PeriodComparison, $claims: ClaimChoice) {
  rankings(metric: $metric, by: $by, filter: $filter, compare: $compare, claims: $claims) {
    unit granularity period { label } periods { label } totalCount
    entries { rank value subject { slug } observation { period { label } source { slug } } }
  }
}`;

const placesOf = (ranking: any) => ranking.entries.map((e: any) => [e.rank, e.subject.slug, e.value, e.observation.period.label]);

describe('rankings', () => {
  it('rank the products\' export growth once per period: 2023 and 2023 Jan-Jul are never in one list', async () => {
    const response = await api.query(RANKINGS, { metric: 'export-value-growth' });
    const rankings = dataOf(response).rankings;
    expect(rankings.map((r: any) => [r.unit, r.period?.label, r.periods.map((p: any) => p.label), r.totalCount, placesOf(r)])).toEqual([
      [
        'PERCENT',
        '2023',
        ['2023'],
        3,
        [
          [1, 'electric-passenger-vehicles', '96.4', '2023'],
          [2, 'lithium-ion-batteries', '64.3', '2023'],
          [3, 'solar-cells', '18.2', '2023'],
        ],
      ],
      [
        'PERCENT',
        '2023 Jan-Jul',
        ['2023 Jan-Jul'],
        3,
        [
          [1, 'electric-passenger-vehicles', '175.7', '2023 Jan-Jul'],
          [2, 'solar-cells', '59.6', '2023 Jan-Jul'],
          [3, 'lithium-ion-batteries', '53.6', '2023 Jan-Jul'],
        ],
      ],
    ]);
    // The rankings, then the observations and the subjects: the same for any number of periods.
    expect(response.extensions?.sqlStatements).toBe(3);
  });

  it('rank the value answering for each period, never a figure beside its revision', async () => {
    const rankings = dataOf(await api.query(RANKINGS, { metric: 'import-export-value', filter: { periodLabel: { equals: '2023 H1' } } })).rankings;
    expect(rankings.map((r: any) => [r.period.label, placesOf(r)])).toEqual([
      [
        '2023 H1',
        [
          [1, 'beijing', '2080000000000', '2023 H1'],
          [2, 'tianzhu-comprehensive-bonded-zone', '62870000000', '2023 H1'],
        ],
      ],
    ]);
    const all = dataOf(await api.query(RANKINGS, { metric: 'import-export-value', claims: 'ALL', filter: { periodLabel: { equals: '2023 H1' } } })).rankings;
    expect(all[0].entries.map((e: any) => [e.value, e.observation.source.slug])).toEqual([
      ['2080000000000', 'sample-beijing-bulletin-2023-jan-aug'],
      ['2070000000000', 'beijing-trade-h1-2023'],
      ['62870000000', 'sample-beijing-bulletin-2023-jan-aug'],
    ]);
  });

  it('rank periods of one granularity and length together when asked, and say which', async () => {
    const rankings = dataOf(
      await api.query(RANKINGS, { metric: 'import-export-value', compare: 'SAME_GRANULARITY', filter: { subject: { slug: { equals: 'beijing' } } } }),
    ).rankings;
    const quarters = rankings.find((r: any) => r.granularity === 'QUARTER');
    expect(quarters.period).toBeNull();
    expect(quarters.periods.map((p: any) => p.label)).toEqual(['2022 Q4', '2023 Q2', '2023 Q3', '2023 Q4']);
    expect(placesOf(quarters).map((p: any) => p[3])).toEqual(['2023 Q2', '2023 Q4', '2023 Q3', '2022 Q4']);
    // Jan-Aug (8 months to date) is not ranked with the year or with H1.
    const toDate = rankings.filter((r: any) => r.granularity === 'YEAR_TO_DATE');
    expect(toDate.map((r: any) => r.periods.map((p: any) => p.label))).toEqual([['2023 Jan-Aug']]);
  });
});

const STATS = `query($filter: ObservationFilter, $groupBy: [ObservationGroupBy!]!, $claims: ClaimChoice, $granularity: Granularity) {
  observationStats(filter: $filter, groupBy: $groupBy, claims: $claims, granularity: $granularity) { subject { slug } unit count sum }
}`;
const BEIJING_TRADE = { metric: { slug: { equals: 'import-export-value' } }, subject: { slug: { equals: 'beijing' } } };

describe('observationStats over many sources', () => {
  it('refuses to sum overlapping periods of a flow, saying which and how to group', async () => {
    const response = await api.query(STATS, { filter: BEIJING_TRADE, groupBy: ['SUBJECT', 'UNIT'] });
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/overlap.*import-export-value of beijing: 2022 Q4|overlap/),
      extensions: { code: 'BAD_USER_INPUT', argument: 'groupBy' },
    });
    expect(response.errors![0]!.message).toMatch(/add PERIOD to "groupBy"/);
    expect(response.errors![0]!.message).toMatch(/granularity/);
    // Counting is fine.
    const counted = dataOf(await api.query(`query($filter: ObservationFilter) { observationStats(filter: $filter, groupBy: [SUBJECT]) { count } }`, { filter: BEIJING_TRADE }));
    expect(counted.observationStats).toEqual([{ count: 11 }]);
  });

  it('sums disjoint periods exactly: the revised H1 and H2 make the year', async () => {
    const halves = { ...BEIJING_TRADE, periodLabel: { in: ['2023 H1', '2023 H2'] } };
    const sum = dataOf(await api.query(STATS, { filter: halves, groupBy: ['SUBJECT', 'UNIT'] })).observationStats;
    expect(sum).toEqual([{ subject: { slug: 'beijing' }, unit: 'CNY', count: 2, sum: '4000000000000' }]);
    const year = dataOf(await api.query(STATS, { filter: { ...BEIJING_TRADE, periodLabel: { equals: '2023' } }, groupBy: ['UNIT'] })).observationStats;
    expect(year[0].sum).toBe(sum[0].sum);
    // Every source's claim for H1 (2.07 and 2.08 trillion) is the same period twice: refused too.
    const both = await api.query(STATS, { filter: halves, groupBy: ['SUBJECT', 'UNIT'], claims: 'ALL' });
    expect(both.errors?.[0]?.message).toMatch(/2023 H1 and 2023 H1/);
    // Quarters are disjoint: their sum is exact (2022 Q4 + 2023 Q2, Q3, Q4).
    const quarters = dataOf(await api.query(STATS, { filter: BEIJING_TRADE, groupBy: ['UNIT'], granularity: 'QUARTER' })).observationStats;
    expect(quarters).toEqual([{ subject: null, unit: 'CNY', count: 4, sum: '3930000000000' }]);
  });
});
