// Walking the graph through the API: from Beijing Customs to every zone,
// airport and policy of the report, in domain words both ways, with figures
// and the quotes that state them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';
import { SEED_TEXT } from '../helpers/knowledge.ts';

let api: TestApi;
beforeAll(async () => {
  // Two full hops of 100-item pages may return 40,000 fields, past the public
  // cost limit (test/api/hostile.test.ts); here only the walk itself matters.
  api = await openTestApi('seeded', { limits: { maxCost: 1_000_000 } });
});
afterAll(() => api?.close());

const TIANZHU_QUOTE =
  'During the period of January to July, the import and export volume in this zone reached 73.33 billion yuan, a significant year-on-year increase of 33.5%.';
/** Where a quote starts in the seed text, counted in code points (independently of the ingest code). */
const codePointIndex = (quote: string) => {
  const text = readFileSync(SEED_TEXT, 'utf8');
  return [...text.slice(0, text.indexOf(quote))].length;
};

const names = (connection: { edges: Array<{ node: { name: string } }> }) => connection.edges.map((e) => e.node.name).sort();

describe('navigating from Beijing Customs', () => {
  it('reaches every bonded zone, airport and policy of the report within two hops', async () => {
    const data = dataOf(
      await api.query(`{
        entity(slug: "beijing-customs") {
          slug
          relations(first: 100) { edges { node { slug kind relations(first: 100) { edges { node { slug kind } } } } } }
        }
        bondedZones(first: 100) { edges { node { slug } } }
        airports(first: 100) { edges { node { slug } } }
        policies(first: 100) { edges { node { slug } } }
      }`),
    );
    const reached = new Set<string>();
    for (const hop1 of data.entity.relations.edges) {
      reached.add(hop1.node.slug);
      for (const hop2 of hop1.node.relations.edges) reached.add(hop2.node.slug);
    }
    const all = [...data.bondedZones.edges, ...data.airports.edges, ...data.policies.edges].map((e: any) => e.node.slug);
    expect(all).toHaveLength(3 + 2 + 11);
    expect(all.filter((slug: string) => !reached.has(slug))).toEqual([]);
  });

  it('reads Tianzhu’s figure exactly, with its change, period and quote', async () => {
    const data = dataOf(
      await api.query(`{
        entity(slug: "beijing-customs") {
          ... on CustomsOffice {
            level
            supervises(first: 10) {
              totalCount
              edges {
                predicate direction basis note
                node {
                  __typename slug
                  ... on BondedZone { zoneType }
                  ... on Airport { iataCode }
                  observations(first: 5) { edges { node {
                    metric { slug name unitKind } value valueFloat unit
                    period { start end label }
                    change { basis value valueFloat unit benchmark }
                    statedBy { name }
                    evidence { quote startOffset endOffset source { title publishedAt } }
                  } } }
                }
              }
            }
          }
        }
      }`),
    );
    const supervises = data.entity.supervises;
    expect(data.entity.level).toBe('DIRECT_CUSTOMS');
    expect(supervises.totalCount).toBe(5);
    expect(supervises.edges.map((e: any) => `${e.node.__typename}:${e.node.slug}`).sort()).toEqual([
      'Airport:beijing-capital-international-airport',
      'Airport:beijing-daxing-international-airport',
      'BondedZone:daxing-airport-comprehensive-bonded-area',
      'BondedZone:tianzhu-comprehensive-bonded-zone',
      'BondedZone:zhongguancun-comprehensive-bonded-zone',
    ]);
    const tianzhu = supervises.edges.find((e: any) => e.node.slug === 'tianzhu-comprehensive-bonded-zone');
    expect(tianzhu).toMatchObject({ predicate: 'SUPERVISES', direction: 'OUTGOING', basis: 'INFERRED' });
    expect(tianzhu.note).toMatch(/does not name the supervising office/);
    expect(tianzhu.node.zoneType).toBe('COMPREHENSIVE_BONDED_ZONE');
    expect(tianzhu.node.observations.edges).toEqual([
      {
        node: {
          metric: { slug: 'import-export-value', name: 'Import and export value', unitKind: 'CURRENCY' },
          value: '73330000000',
          valueFloat: 73330000000,
          unit: 'CNY',
          period: { start: '2023-01-01', end: '2023-07-31', label: '2023 Jan-Jul' },
          change: { basis: 'YEAR_ON_YEAR', value: '33.5', valueFloat: 33.5, unit: 'PERCENT', benchmark: null },
          statedBy: { name: 'Wang Hui' },
          evidence: {
            quote: TIANZHU_QUOTE,
            startOffset: codePointIndex(TIANZHU_QUOTE),
            endOffset: codePointIndex(TIANZHU_QUOTE) + TIANZHU_QUOTE.length,
            source: { title: 'Beijing Achieves Record High Import and Export Numbers in First Half of 2023', publishedAt: '2023-08-17' },
          },
        },
      },
    ]);
    const pek = supervises.edges.find((e: any) => e.node.slug === 'beijing-capital-international-airport');
    expect(pek.node.iataCode).toBe('PEK');
  });

  it('gives evidence offsets that cut the quote out of the source text', async () => {
    const data = dataOf(
      await api.query(`{ source(slug: "beijing-trade-h1-2023") { text evidence(first: 100) { totalCount edges { node { quote startOffset endOffset } } } } }`),
    );
    const chars = [...data.source.text];
    expect(data.source.evidence.totalCount).toBe(60);
    for (const { node } of data.source.evidence.edges) {
      expect(chars.slice(node.startOffset, node.endOffset).join('')).toBe(node.quote);
    }
  });

  it('walks the typed relations both ways', async () => {
    const data = dataOf(
      await api.query(`{
        tianzhu: entity(slug: "tianzhu-comprehensive-bonded-zone") { ... on BondedZone {
          supervisedBy { edges { node { name level } } }
          regions { edges { node { name regionType isoCode } } }
          policies { edges { node { name } } }
        } }
        daxing: entity(slug: "beijing-daxing-international-airport") { ... on Airport {
          icaoCode
          bondedAreas { edges { basis node { name zoneType } } }
          supervisedBy { edges { role node { name } } }
          linkedBy { edges { node { name } } }
        } }
        whiteList: entity(slug: "medical-import-white-list") { ... on Policy {
          category
          appliesTo { edges { node { __typename name } } }
          implementedBy { edges { basis node { name } } }
        } }
        ic: entity(slug: "integrated-circuit-industry") { ... on Industry { policies { edges { node { name } } } } }
        wang: entity(slug: "wang-hui") { ... on Person {
          roles { edges { role evidence { quote } node { name } } }
          credits { edges { node { name } } }
        } }
        bth: entity(slug: "beijing-tianjin-hebei") { ... on Region { parts { totalCount edges { node { name } } } policies { edges { node { name } } } } }
        office: entity(slug: "beijing-customs") { ... on CustomsOffice {
          policies(first: 50) { totalCount edges { role node { slug } } }
          people { edges { role node { name } } }
        } }
      }`),
    );
    expect(names(data.tianzhu.supervisedBy)).toEqual(['Beijing Customs']);
    expect(data.tianzhu.supervisedBy.edges[0].node.level).toBe('DIRECT_CUSTOMS');
    expect(data.tianzhu.regions.edges[0].node).toEqual({ name: 'Beijing', regionType: 'MUNICIPALITY', isoCode: 'CN-BJ' });
    expect(names(data.tianzhu.policies)).toEqual(['Bonded+ model']);
    expect(data.daxing.icaoCode).toBe('ZBAD');
    expect(data.daxing.bondedAreas.edges).toEqual([
      { basis: 'INFERRED', node: { name: 'Daxing International Airport Comprehensive Bonded Area', zoneType: 'COMPREHENSIVE_BONDED_ZONE' } },
    ]);
    expect(data.daxing.supervisedBy.edges).toEqual([{ role: 'collaborative supervision', node: { name: 'Beijing Customs' } }]);
    expect(names(data.daxing.linkedBy)).toEqual(['Dual-hub air transport channel']);
    expect(data.whiteList.category).toBe('import facilitation');
    expect(data.whiteList.appliesTo.edges).toEqual([{ node: { __typename: 'Industry', name: 'Medical and health industry' } }]);
    expect(data.whiteList.implementedBy.edges).toEqual([{ basis: 'INFERRED', node: { name: 'Beijing Customs' } }]);
    expect(names(data.ic.policies)).toEqual(['Core customs supervision model for the integrated circuit industry']);
    expect(data.wang.roles.edges.map((e: any) => [e.role, e.node.name]).sort()).toEqual([
      ['deputy head', 'Beijing Customs'],
      ['member', 'Beijing Customs Party Committee'],
    ]);
    expect(data.wang.roles.edges[0].evidence.quote).toMatch(/^Wang Hui, member of the Beijing Customs Party Committee/);
    expect(names(data.wang.credits)).toEqual(['Bonded+ model']);
    expect(data.bth.parts.totalCount).toBe(3);
    expect(names(data.bth.parts)).toEqual(['Beijing', 'Hebei', 'Tianjin']);
    expect(names(data.bth.policies)).toEqual(['Beijing-Tianjin-Hebei industrial and supply chain customs clearance mechanism']);
    expect(data.office.policies.totalCount).toBe(10);
    expect(data.office.policies.edges.find((e: any) => e.node.slug === 'dual-hub-air-transport-channel').role).toBe('lead');
    expect(data.office.people.edges).toEqual([{ role: 'deputy head', node: { name: 'Wang Hui' } }]);
  });

  it('filters the generic relations by predicate, direction and kind', async () => {
    const data = dataOf(
      await api.query(`{ entity(slug: "beijing-customs") {
        all: relations { totalCount }
        out: relations(direction: OUTGOING) { totalCount edges { direction } }
        inc: relations(direction: INCOMING) { totalCount }
        supervisesZones: relations(predicates: [SUPERVISES], kinds: [BONDED_ZONE]) { totalCount edges { predicate relation { id predicate subject { slug } object { slug } } } }
        roles: relations(predicates: [HOLDS_ROLE_AT, PART_OF], direction: INCOMING) { edges { predicate role node { slug } } }
      } }`),
    );
    const e = data.entity;
    expect(e.all.totalCount).toBe(e.out.totalCount + e.inc.totalCount);
    expect(e.out.totalCount).toBe(6);
    expect(new Set(e.out.edges.map((x: any) => x.direction))).toEqual(new Set(['OUTGOING']));
    expect(e.supervisesZones.totalCount).toBe(3);
    expect(e.supervisesZones.edges.every((x: any) => x.relation.subject.slug === 'beijing-customs' && x.relation.predicate === 'SUPERVISES')).toBe(true);
    expect(e.roles.edges.map((x: any) => `${x.predicate}:${x.node.slug}:${x.role}`).sort()).toEqual([
      'HOLDS_ROLE_AT:wang-hui:deputy head',
      'PART_OF:beijing-customs-party-committee:null',
    ]);
  });

  it('runs the GraphiQL default query without errors', async () => {
    const response = await api.query(DEFAULT_QUERY);
    expect(response.errors).toBeUndefined();
    expect(response.data!.entity.supervises.edges.length).toBe(5);
  });
});
