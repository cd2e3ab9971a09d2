// Reading the numbers: exact decimals, units, periods and reported changes,
// filtered and ordered on every observations connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const values = (c: any) => c.edges.map((e: any) => `${e.node.subject.slug}:${e.node.value}`);

describe('observations', () => {
  it('filter by metric, period and reported change, and order by the change', async () => {
    const data = dataOf(
      await api.query(`{
        janJul: observations(metrics: ["import-export-value"], period: { from: "2023-01-01", to: "2023-07-31", label: "2023 Jan-Jul" }) {
          totalCount edges { node { subject { slug } value } }
        }
        h1: observations(period: { label: "2023 H1" }, orderBy: { field: VALUE, direction: DESC }) { totalCount edges { node { subject { slug } value unit } } }
        withChange: observations(hasChange: true, orderBy: { field: CHANGE_VALUE, direction: DESC }) {
          totalCount edges { node { subject { slug } value change { value unit basis } } }
        }
        withoutChange: observations(hasChange: false) { totalCount }
        zones: observations(subjectKinds: [BONDED_ZONE]) { totalCount }
        folds: observations(hasChange: true, orderBy: { field: CHANGE_VALUE, direction: ASC }, first: 2) { edges { node { change { value unit } } } }
      }`),
    );
    expect(data.janJul.totalCount).toBe(2);
    expect(values(data.janJul).sort()).toEqual([
      'daxing-airport-comprehensive-bonded-area:450000000',
      'tianzhu-comprehensive-bonded-zone:73330000000',
    ]);
    expect(data.h1.edges[0].node).toEqual({ subject: { slug: 'beijing' }, value: '2070000000000', unit: 'CNY' });
    expect(data.withChange.totalCount + data.withoutChange.totalCount).toBe(15);
    expect(data.withChange.edges.map((e: any) => Number(e.node.change.value))).toEqual(
      data.withChange.edges.map((e: any) => Number(e.node.change.value)).sort((a: number, b: number) => b - a),
    );
    expect(data.withChange.edges[0].node.change).toEqual({ value: '59.9', unit: 'PERCENT', basis: 'YEAR_ON_YEAR' });
    expect(data.zones.totalCount).toBe(2);
    expect(data.folds.edges.map((e: any) => e.node.change)).toEqual([
      { value: '3.4', unit: 'PERCENTAGE_POINT' },
      { value: '3.8', unit: 'PERCENT' },
    ]);
  });

  it('page through a change ordering with nulls last, both ways', async () => {
    const q = (args: string) => `{ observations(orderBy: { field: CHANGE_VALUE, direction: DESC }, ${args}) { edges { cursor node { id change { value } } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`;
    const all = dataOf(await api.query(q('first: 100'))).observations.edges.map((e: any) => e.node.id);
    expect(all).toHaveLength(15);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = dataOf(await api.query(q(`first: 4${after ? `, after: "${after}"` : ''}`))).observations;
      seen.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);
    const back: string[] = [];
    let before: string | null = null;
    do {
      const page: any = dataOf(await api.query(q(`last: 4${before ? `, before: "${before}"` : ''}`))).observations;
      back.unshift(...page.edges.map((e: any) => e.node.id));
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(back).toEqual(all);
  });

  it('are reachable from an entity, a metric and a source alike', async () => {
    const data = dataOf(
      await api.query(`{
        metric(slug: "export-value-growth") { name unitKind observations(orderBy: { field: VALUE, direction: DESC }) {
          totalCount edges { node { subject { slug ... on Product { hsCode } } scope { slug } value unit period { label } note } }
        } }
        entity(slug: "dual-hub-air-transport-channel") { observations(metrics: ["inbound-outbound-passengers"]) { edges { node { value valueFloat change { value unit basis } } } } }
        source(slug: "beijing-trade-h1-2023") { publishedAt editors observations { totalCount } }
      }`),
    );
    expect(data.metric.observations.edges.map((e: any) => [e.node.subject.slug, e.node.value, e.node.scope.slug])).toEqual([
      ['electric-passenger-vehicles', '175.7', 'beijing'],
      ['solar-cells', '59.6', 'beijing'],
      ['lithium-ion-batteries', '53.6', 'beijing'],
    ]);
    expect(data.metric.observations.edges[2].node.subject.hsCode).toBe('8507.60');
    expect(data.entity.observations.edges[0].node).toEqual({
      value: '4294000',
      valueFloat: 4294000,
      change: { value: '12.8', unit: 'FOLD', basis: 'YEAR_ON_YEAR' },
    });
    expect(data.source).toEqual({ publishedAt: '2023-08-17', editors: ['Dong Zhaorui', 'Gao Xing'], observations: { totalCount: 15 } });
  });

  it('report a benchmark comparison as its own change', async () => {
    const data = dataOf(await api.query(`{ entity(slug: "beijing") { observations(metrics: ["import-export-value-growth"]) { edges { node { value unit change { basis value unit benchmark } evidence { quote } } } } } }`));
    expect(data.entity.observations.edges[0].node).toMatchObject({
      value: '3.8',
      unit: 'PERCENT',
      change: { basis: 'VERSUS_BENCHMARK', value: '3.4', unit: 'PERCENTAGE_POINT', benchmark: 'national average growth rate' },
    });
  });
});
