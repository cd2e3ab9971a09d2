// Aggregates and rankings through the API on the seeded graph, with exact
// answers: sums per bonded zone, units never mixed, rankings per unit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const STATS = `query($filter: ObservationFilter, $groupBy: [ObservationGroupBy!]!, $orderBy: ObservationStatOrder) {
  observationStats(filter: $filter, groupBy: $groupBy, orderBy: $orderBy) {
    subject { slug } subjectKind metric { slug } period { label } unit count sum min max average
  }
}`;

const ZONE_TRADE_2023_JAN_JUL = {
  metric: { slug: { equals: 'import-export-value' } },
  periodLabel: { equals: '2023 Jan-Jul' },
  subject: { kind: { equals: 'BONDED_ZONE' } },
};

describe('observationStats', () => {
  it('sums the Jan-Jul 2023 import and export value per bonded zone', async () => {
    const response = await api.query(STATS, { filter: ZONE_TRADE_2023_JAN_JUL, groupBy: ['SUBJECT', 'UNIT'] });
    expect(dataOf(response).observationStats).toEqual([
      {
        subject: { slug: 'tianzhu-comprehensive-bonded-zone' },
        subjectKind: null,
        metric: null,
        period: null,
        unit: 'CNY',
        count: 1,
        sum: '73330000000',
        min: '73330000000',
        max: '73330000000',
        average: '73330000000',
      },
      {
        subject: { slug: 'daxing-airport-comprehensive-bonded-area' },
        subjectKind: null,
        metric: null,
        period: null,
        unit: 'CNY',
        count: 1,
        sum: '450000000',
        min: '450000000',
        max: '450000000',
        average: '450000000',
      },
    ]);
    // The aggregate, and the subjects loaded in one more statement.
    expect(response.extensions?.sqlStatements).toBe(2);
  });

  it('totals the zones together by their kind, with the metric and period as keys', async () => {
    const stats = dataOf(await api.query(STATS, { filter: ZONE_TRADE_2023_JAN_JUL, groupBy: ['SUBJECT_KIND', 'METRIC', 'PERIOD'] })).observationStats;
    expect(stats).toEqual([
      {
        subject: null,
        subjectKind: 'BONDED_ZONE',
        metric: { slug: 'import-export-value' },
        period: { label: '2023 Jan-Jul' },
        unit: 'CNY',
        count: 2,
        sum: '73780000000',
        min: '450000000',
        max: '73330000000',
        average: '36890000000',
      },
    ]);
  });

  it('counts across units, but refuses to sum values of different units', async () => {
    const counts = dataOf(await api.query(`{ observationStats(groupBy: [SUBJECT_KIND]) { subjectKind count units } }`)).observationStats;
    expect(counts).toEqual([
      { subjectKind: 'BONDED_ZONE', count: 2, units: ['CNY'] },
      { subjectKind: 'CUSTOMS_OFFICE', count: 2, units: ['CNY'] },
      { subjectKind: 'POLICY', count: 5, units: ['COUNT', 'PERCENT', 'PERCENTAGE_POINT'] },
      { subjectKind: 'PRODUCT', count: 3, units: ['PERCENT'] },
      { subjectKind: 'REGION', count: 3, units: ['CNY', 'COUNT', 'PERCENT'] },
    ]);
    const summed = await api.query(`{ observationStats(groupBy: [SUBJECT_KIND]) { subjectKind sum } }`);
    expect(summed.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/cannot be summed or compared: add UNIT to "groupBy"/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const ordered = await api.query(`{ observationStats(groupBy: [SUBJECT_KIND], orderBy: { field: MAX }) { count } }`);
    expect(ordered.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const byUnit = dataOf(
      await api.query(`{ observationStats(groupBy: [UNIT], filter: { subject: { kind: { equals: REGION } } }, orderBy: { field: SUM, direction: DESC }) { unit count sum } }`),
    ).observationStats;
    expect(byUnit).toEqual([
      { unit: 'CNY', count: 1, sum: '2070000000000' },
      { unit: 'PERCENT', count: 1, sum: '3.8' },
      { unit: 'COUNT', count: 1, sum: '3' },
    ]);
    // Grouped by unit (with or without the subject's kind), each group lists its one unit.
    const kindAndUnit = dataOf(await api.query(`{ observationStats(groupBy: [SUBJECT_KIND, UNIT]) { subjectKind unit count units } }`)).observationStats;
    expect(kindAndUnit.filter((g: any) => g.subjectKind === 'POLICY')).toEqual([
      { subjectKind: 'POLICY', unit: 'COUNT', count: 3, units: ['COUNT'] },
      { subjectKind: 'POLICY', unit: 'PERCENT', count: 1, units: ['PERCENT'] },
      { subjectKind: 'POLICY', unit: 'PERCENTAGE_POINT', count: 1, units: ['PERCENTAGE_POINT'] },
    ]);
    expect(kindAndUnit.reduce((n: number, g: any) => n + g.count, 0)).toBe(15);
  });

  it('gives one group of everything for an empty groupBy', async () => {
    const [all] = dataOf(await api.query(`{ observationStats(groupBy: []) { count unit units } }`)).observationStats;
    expect(all).toEqual({ count: 15, unit: null, units: ['CNY', 'COUNT', 'PERCENT', 'PERCENTAGE_POINT'] });
  });
});

const RANKINGS = `query($metric: String!, $by: RankingMeasure, $filter: ObservationFilter, $first: Int) {
  rankings(metric: $metric, by: $by, filter: $filter, first: $first) {
    unit measure changeBasis totalCount
    entries { rank value unit subject { slug } observation { period { label } evidence { quote } } }
  }
}`;

describe('rankings', () => {
  it('ranks the three products by export growth', async () => {
    const response = await api.query(RANKINGS, { metric: 'export-value-growth', filter: { subject: { kind: { equals: 'PRODUCT' } } } });
    const rankings = dataOf(response).rankings;
    expect(rankings.map((r: any) => ({ ...r, entries: r.entries.map((e: any) => [e.rank, e.subject.slug, e.value, e.unit]) }))).toEqual([
      {
        unit: 'PERCENT',
        measure: 'VALUE',
        changeBasis: null,
        totalCount: 3,
        entries: [
          [1, 'electric-passenger-vehicles', '175.7', 'PERCENT'],
          [2, 'solar-cells', '59.6', 'PERCENT'],
          [3, 'lithium-ion-batteries', '53.6', 'PERCENT'],
        ],
      },
    ]);
    expect(rankings[0].entries[0].observation.evidence.quote).toContain('175.7%');
    // The ranking, then the observations and the subjects.
    expect(response.extensions?.sqlStatements).toBe(3);
  });

  it('ranks entities by year-on-year growth of import and export value in 2023 Jan-Jul, never percent against fold', async () => {
    const rankings = dataOf(await api.query(RANKINGS, { metric: 'import-export-value', by: 'CHANGE', filter: { periodLabel: { equals: '2023 Jan-Jul' } } })).rankings;
    expect(rankings.map((r: any) => [r.unit, r.changeBasis, r.entries.map((e: any) => [e.rank, e.subject.slug, e.value])])).toEqual([
      ['FOLD', 'YEAR_ON_YEAR', [[1, 'daxing-airport-comprehensive-bonded-area', '11.6']]],
      ['PERCENT', 'YEAR_ON_YEAR', [[1, 'tianzhu-comprehensive-bonded-zone', '33.5']]],
    ]);
    // Without a period, each period is ranked on its own (issue 16): Jan-Jul growth is never ranked against H1 growth.
    const anyPeriod = dataOf(await api.query(RANKINGS, { metric: 'import-export-value', by: 'CHANGE' })).rankings;
    expect(anyPeriod.map((r: any) => [r.unit, r.entries.map((e: any) => [e.rank, e.subject.slug, e.observation.period.label])])).toEqual([
      ['FOLD', [[1, 'daxing-airport-comprehensive-bonded-area', '2023 Jan-Jul']]],
      ['PERCENT', [[1, 'tianzhu-comprehensive-bonded-zone', '2023 Jan-Jul']]],
      ['PERCENT', [[1, 'beijing', '2023 H1']]],
    ]);
  });

  it('refuses an unknown metric and too many places', async () => {
    const unknown = await api.query(RANKINGS, { metric: 'gdp' });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'No metric has the slug "gdp"', extensions: { code: 'NOT_FOUND' } });
    const many = await api.query(RANKINGS, { metric: 'import-export-value', first: 1000 });
    expect(many.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(dataOf(await api.query(RANKINGS, { metric: 'import-export-value', filter: { value: { gt: '99999999999999' } } })).rankings).toEqual([]);
  });
});
