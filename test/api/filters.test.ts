// Typed filters through the API on the seeded graph: scalar operators,
// and/or/not, conditions across relations and observations, on every root
// connection; each page one statement; bad filters refused with typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

async function entitySlugs(root: string, filter: unknown, extra = '') {
  const response = await api.query(`query($filter: EntityFilter) { ${root}(filter: $filter, first: 100${extra}) { totalCount edges { node { slug } } } }`, { filter });
  const connection = dataOf(response)[root];
  expect(connection.totalCount).toBe(connection.edges.length);
  return connection.edges.map((e: any) => e.node.slug);
}

const supervisedBy = (slug: string) => ({
  relations: { some: { predicate: { equals: 'SUPERVISES' }, direction: 'INCOMING', other: { slug: { equals: slug } } } },
});

describe('entity filters across relations', () => {
  it('finds the bonded zones supervised by Beijing Customs, in one statement per page', async () => {
    const response = await api.query(
      `query($filter: EntityFilter) { bondedZones(filter: $filter) { edges { node { slug name } } } }`,
      { filter: supervisedBy('beijing-customs') },
    );
    expect(dataOf(response).bondedZones.edges.map((e: any) => e.node.slug)).toEqual([
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    expect(response.extensions?.sqlStatements).toBe(1);
    // The same from the generic root, and nothing for an office that supervises nothing.
    expect(await entitySlugs('entities', { kind: { equals: 'BONDED_ZONE' }, ...supervisedBy('beijing-customs') })).toHaveLength(3);
    expect(await entitySlugs('bondedZones', supervisedBy('beijing-customs-party-committee'))).toEqual([]);
    // Seen from the office: what it supervises that is an airport.
    expect(
      await entitySlugs('entities', {
        relations: { some: { predicate: { equals: 'SUPERVISES' }, direction: 'OUTGOING', other: { kind: { equals: 'AIRPORT' } } } },
      }),
    ).toEqual(['beijing-customs']);
  });

  it('finds policies that apply to something with an observation above a value', async () => {
    const appliesTo = (other: unknown) => ({ relations: { some: { predicate: { equals: 'APPLIES_TO' }, direction: 'OUTGOING', other } } });
    // Industries: three policies apply to one; no industry has a figure in this source.
    expect(await entitySlugs('policies', appliesTo({ kind: { equals: 'INDUSTRY' } }))).toEqual([
      'core-supervision-model',
      'exhibition-clearance-model',
      'medical-import-white-list',
    ]);
    const industryAbove = appliesTo({ kind: { equals: 'INDUSTRY' }, observations: { some: { value: { gt: '1000000' } } } });
    expect(await entitySlugs('policies', industryAbove)).toEqual([]);
    // Any entity: the bonded+ model applies to Tianzhu, whose import and export reached 73.33 billion yuan.
    const above = (value: string) => appliesTo({ observations: { some: { value: { gt: value }, unit: { equals: 'CNY' } } } });
    expect(await entitySlugs('policies', above('50000000000'))).toEqual(['bonded-plus-model']);
    expect(await entitySlugs('policies', above('80000000000'))).toEqual([]);
  });

  it('reads every and none as "all of these relations" and "no such relation"', async () => {
    const locatedIn = (slug: string) => ({ every: { predicate: { equals: 'LOCATED_IN' }, direction: 'OUTGOING', other: { slug: { equals: slug } } } });
    expect(await entitySlugs('bondedZones', { relations: locatedIn('beijing') })).toHaveLength(3);
    expect(await entitySlugs('bondedZones', { relations: locatedIn('china') })).toEqual([]);
    // Every PART_OF relation leads to China: true of Beijing only if all of its do (they do not), and of regions without one.
    expect(
      await entitySlugs('regions', { relations: { every: { predicate: { equals: 'PART_OF' }, direction: 'OUTGOING', other: { slug: { equals: 'china' } } } } }),
    ).toEqual(['beijing-tianjin-hebei', 'china']);
    expect(
      await entitySlugs('policies', {
        relations: { none: { predicate: { equals: 'IMPLEMENTED_BY' }, other: { slug: { equals: 'beijing-customs' } } } },
      }),
    ).toEqual(['bonded-plus-model']);
  });

  it('filters on relation qualifiers and evidence, and on where entities are mentioned', async () => {
    expect(
      await entitySlugs('people', { relations: { some: { role: { equals: 'deputy head' }, other: { kind: { equals: 'CUSTOMS_OFFICE' } } } } }),
    ).toEqual(['wang-hui']);
    // Relations into zones the source states in so many words: only the bonded+ model's, into Tianzhu.
    expect(await entitySlugs('bondedZones', { relations: { some: { basis: { equals: 'STATED' }, direction: 'INCOMING' } } })).toEqual([
      'tianzhu-comprehensive-bonded-zone',
    ]);
    expect(await entitySlugs('entities', { relations: { some: { quote: { contains: 'deputy head of customs' } } } })).toEqual([
      'beijing-customs',
      'tianzhu-comprehensive-bonded-zone',
      'wang-hui',
    ]);
    expect(await entitySlugs('entities', { mentionedIn: { slug: { equals: 'beijing-trade-h1-2023' } } })).toHaveLength(32);
  });
});

describe('scalar operators and logic', () => {
  it('compares strings exactly or ignoring case, and takes LIKE characters literally', async () => {
    expect(await entitySlugs('entities', { name: { contains: 'BONDED', mode: 'CASE_INSENSITIVE' } })).toEqual([
      'bonded-plus-model',
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    expect(await entitySlugs('entities', { name: { contains: 'BONDED' } })).toEqual([]);
    expect(await entitySlugs('entities', { name: { startsWith: 'beijing c', mode: 'CASE_INSENSITIVE' } })).toEqual([
      'beijing-capital-international-airport',
      'beijing-customs',
      'beijing-customs-party-committee',
    ]);
    for (const text of ['%', '_', "' OR 1=1 --", '\\']) expect(await entitySlugs('entities', { name: { contains: text } })).toEqual([]);
    expect(await entitySlugs('entities', { aliases: { has: '天竺综合保税区' } })).toEqual(['tianzhu-comprehensive-bonded-zone']);
    expect(await entitySlugs('entities', { description: { isNull: true }, kind: { in: ['REGION'] } })).toEqual(['china', 'hebei', 'tianjin']);
  });

  // Prisma turns a case-insensitive equals into ILIKE; the nested connections
  // and analytics compare with lower() = lower(). Every path must compare exactly.
  it.each(['2023 JAN-JUL', '2023 jan_jul', '2023 Jan%', '%', '_', '2023 Jan\\-Jul'])(
    'compares a case-insensitive equals exactly on root, nested and analytics paths: %j',
    async (label) => {
      const filter = { periodLabel: { equals: label, mode: 'CASE_INSENSITIVE' } };
      const all = dataOf(await api.query(`{ observations(first: 100) { totalCount edges { node { period { label } } } } }`)).observations;
      expect(all.totalCount).toBeLessThanOrEqual(100);
      const expected = all.edges.filter((e: any) => e.node.period.label.toLowerCase() === label.toLowerCase()).length;
      const data = dataOf(
        await api.query(
          `query($filter: ObservationFilter) {
            observations(filter: $filter) { totalCount }
            entities(first: 100) { edges { node { observations(filter: $filter) { totalCount } } } }
            observationStats(filter: $filter, groupBy: [UNIT]) { count }
          }`,
          { filter },
        ),
      );
      const nested = data.entities.edges.reduce((sum: number, e: any) => sum + e.node.observations.totalCount, 0);
      const analytics = data.observationStats.reduce((sum: number, g: any) => sum + g.count, 0);
      expect({ root: data.observations.totalCount, nested, analytics }).toEqual({ root: expected, nested: expected, analytics: expected });
    },
  );

  it.each([
    ['equals', 'beijing customs', ['beijing-customs']],
    ['equals', 'BEIJING_CUSTOMS', []],
    ['equals', 'beijing%', []],
    ['in', ['BEIJING CUSTOMS', 'tianjin%', '_ianjin'], ['beijing-customs']],
    ['notIn', ['%', '_'], null],
  ])('compares a case-insensitive %s on names exactly, on entities and on the subjects of analytics: %j', async (op, value, slugs) => {
    const name = { [op]: value, mode: 'CASE_INSENSITIVE' };
    const everyone = await entitySlugs('entities', {});
    const found = await entitySlugs('entities', { name });
    // notIn of wildcard-looking strings keeps everyone: no name is "%" or "_".
    expect(found).toEqual(slugs ?? everyone);
    const data = dataOf(
      await api.query(
        `query($filter: ObservationFilter) { observationStats(filter: $filter, groupBy: [SUBJECT]) { subject { slug } } }`,
        { filter: { subject: { name } } },
      ),
    );
    const subjects = data.observationStats.map((g: any) => g.subject.slug);
    expect(subjects.every((slug: string) => found.includes(slug))).toBe(true);
    const root = dataOf(await api.query(`query($filter: ObservationFilter) { observations(filter: $filter, first: 100) { edges { node { subject { slug } } } } }`, { filter: { subject: { name } } }));
    expect([...new Set(root.observations.edges.map((e: any) => e.node.subject.slug))].sort()).toEqual([...subjects].sort());
  });

  it('combines conditions with and, or and not', async () => {
    expect(
      await entitySlugs('entities', {
        or: [{ slug: { equals: 'beijing' } }, { slug: { equals: 'china' } }, { slug: { equals: 'wang-hui' } }],
        not: { kind: { equals: 'PERSON' } },
      }),
    ).toEqual(['beijing', 'china']);
    expect(
      await entitySlugs('regions', { and: [{ name: { startsWith: 'Bei' } }, { not: { slug: { equals: 'beijing' } } }] }),
    ).toEqual(['beijing-tianjin-hebei']);
  });

  it('filters on the typed attributes of a kind', async () => {
    expect(await entitySlugs('entities', { airport: { iataCode: { equals: 'PKX' } } })).toEqual(['beijing-daxing-international-airport']);
    expect(await entitySlugs('entities', { customsOffice: { level: { equals: 'DIRECT_CUSTOMS' } } })).toEqual(['beijing-customs']);
  });

  it('pages through a filtered list with cursors', async () => {
    const filter = { name: { contains: 'bonded', mode: 'CASE_INSENSITIVE' } };
    const query = `query($filter: EntityFilter, $after: String) { entities(filter: $filter, first: 3, after: $after, orderBy: { field: SLUG, direction: DESC }) {
      pageInfo { hasNextPage endCursor } edges { node { slug } } } }`;
    const first = dataOf(await api.query(query, { filter })).entities;
    const second = dataOf(await api.query(query, { filter, after: first.pageInfo.endCursor })).entities;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.slug)).toEqual([
      'zhongguancun-comprehensive-bonded-zone',
      'tianzhu-comprehensive-bonded-zone',
      'daxing-airport-comprehensive-bonded-area',
      'bonded-plus-model',
    ]);
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage]).toEqual([true, false]);
  });
});

describe('observation, metric and source filters', () => {
  const OBSERVATIONS = `query($filter: ObservationFilter, $orderBy: ObservationOrder, $metrics: [String!]) {
    observations(filter: $filter, orderBy: $orderBy, metrics: $metrics, first: 100) { totalCount edges { node { value unit subject { slug } metric { slug } } } }
  }`;

  async function observations(variables: Record<string, unknown>) {
    const response = await api.query(OBSERVATIONS, variables);
    return { ...dataOf(response).observations, statements: response.extensions?.sqlStatements };
  }

  it('filters by decimal ranges, units, dates and metric, and orders by value', async () => {
    const result = await observations({
      filter: { value: { gt: '1000000000' }, unit: { equals: 'CNY' }, periodStart: { gte: '2023-01-01' }, periodEnd: { lte: '2023-07-31' } },
      orderBy: { field: 'VALUE', direction: 'DESC' },
    });
    expect(result.edges.map((e: any) => [e.node.metric.slug, e.node.subject.slug, e.node.value])).toEqual([
      ['import-export-value', 'beijing', '2070000000000'],
      ['import-export-value', 'tianzhu-comprehensive-bonded-zone', '73330000000'],
      ['tax-guarantees', 'beijing-customs', '38030000000'],
      ['tax-reductions', 'beijing-customs', '2390000000'],
    ]);
    const halfYear = await observations({ filter: { periodEnd: { equals: '2023-06-30' }, metric: { unitKind: { equals: 'CURRENCY' } } } });
    expect(halfYear.edges.map((e: any) => e.node.subject.slug)).toEqual(['beijing']);
  });

  it('filters by the reported change and by the subject, and keeps the simple arguments working with it', async () => {
    const fold = await observations({ filter: { change: { unit: { equals: 'FOLD' } } }, orderBy: { field: 'CHANGE_VALUE', direction: 'DESC' } });
    expect(fold.edges.map((e: any) => [e.node.metric.slug, e.node.subject.slug])).toEqual([
      ['inbound-outbound-passengers', 'dual-hub-air-transport-channel'],
      ['import-export-value', 'daxing-airport-comprehensive-bonded-area'],
    ]);
    const zones = await observations({ metrics: ['import-export-value'], filter: { subject: supervisedBy('beijing-customs') } });
    expect(zones.edges.map((e: any) => e.node.subject.slug).sort()).toEqual([
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
    ]);
    // The root observations with their filters are compiled: one statement, the count in it.
    expect(zones.statements).toBe(1);
    const noChange = await observations({ filter: { change: { exists: false }, unit: { in: ['COUNT'] } } });
    expect(noChange.totalCount).toBe(2);
    const quoted = await observations({ filter: { quote: { contains: '11.6-fold' } } });
    expect(quoted.edges.map((e: any) => e.node.subject.slug)).toEqual(['daxing-airport-comprehensive-bonded-area']);
  });

  it('filters an entity\'s own observations the same way', async () => {
    const data = dataOf(
      await api.query(`{ entity(slug: "beijing-customs") { observations(filter: { value: { lt: "10000000000" } }) { edges { node { metric { slug } } } } } }`),
    );
    expect(data.entity.observations.edges.map((e: any) => e.node.metric.slug)).toEqual(['tax-reductions']);
  });

  it('filters and orders metrics and sources', async () => {
    const metrics = dataOf(
      await api.query(`{ metrics(filter: { unitKind: { equals: COUNT } }, orderBy: { field: SLUG }) { totalCount edges { node { slug } } } }`),
    ).metrics;
    expect(metrics.edges.map((e: any) => e.node.slug)).toEqual([
      'comprehensive-bonded-areas',
      'enterprises-covered',
      'inbound-outbound-flights',
      'inbound-outbound-passengers',
    ]);
    const sources = dataOf(
      await api.query(`{ sources(filter: { title: { contains: "import", mode: CASE_INSENSITIVE }, publishedOn: { gte: "2023-01-01" } }, orderBy: { field: TITLE }) {
        totalCount edges { cursor node { slug } } } }`),
    ).sources;
    expect(sources.edges.map((e: any) => e.node.slug)).toEqual(['beijing-trade-h1-2023']);
    const after = dataOf(
      await api.query(`query($after: String) { sources(first: 1, after: $after, orderBy: { field: TITLE }) { edges { node { slug } } } }`, {
        after: sources.edges[0].cursor,
      }),
    );
    expect(after.sources.edges).toEqual([]);
    // Sources load only the columns asked for; cursors still carry the publication date.
    const byDate = dataOf(await api.query(`{ sources(first: 1) { pageInfo { endCursor } } }`)).sources;
    const next = await api.query(`query($after: String) { sources(first: 1, after: $after) { edges { node { slug } } pageInfo { hasNextPage } } }`, {
      after: byDate.pageInfo.endCursor,
    });
    expect(dataOf(next).sources).toEqual({ edges: [], pageInfo: { hasNextPage: false } });
  });
});

describe('bad filters', () => {
  it('refuses values of the wrong type with a typed error', async () => {
    const decimal = await api.query(`query($f: ObservationFilter) { observations(filter: $f) { totalCount } }`, { f: { value: { gt: '2023-01-01' } } });
    expect(decimal.errors?.[0]).toMatchObject({ message: expect.stringMatching(/A Decimal is a string of digits/), extensions: { code: 'BAD_USER_INPUT' } });
    const date = await api.query(`query($f: ObservationFilter) { observations(filter: $f) { totalCount } }`, { f: { periodStart: { gte: 73.33 } } });
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const kind = await api.query(`query($f: EntityFilter) { entities(filter: $f) { totalCount } }`, { f: { kind: { equals: 'CUSTOMS' } } });
    expect(kind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const literal = await api.query(`{ entities(filter: { name: { equals: 42 } }) { totalCount } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.errors?.[0]?.message).toMatch(/String cannot represent a non string value: 42/);
  });

  it('refuses filters nested too deeply or too large', async () => {
    let deep: Record<string, unknown> = { slug: { equals: 'beijing' } };
    for (let i = 0; i < 9; i++) deep = { not: deep };
    const nested = await api.query(`query($f: EntityFilter) { entities(filter: $f) { totalCount } }`, { f: deep });
    expect(nested.errors?.[0]).toMatchObject({ message: expect.stringMatching(/nests deeper than 8 levels/), extensions: { code: 'LIMIT_EXCEEDED' } });
    const list = await api.query(`query($f: EntityFilter) { entities(filter: $f) { totalCount } }`, { f: { slug: { in: Array.from({ length: 1001 }, (_, i) => `s${i}`) } } });
    expect(list.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 1000 });
    const wide = await api.query(`query($f: EntityFilter) { entities(filter: $f) { totalCount } }`, {
      f: { or: Array.from({ length: 201 }, (_, i) => ({ slug: { equals: `s${i}` } })) },
    });
    expect(wide.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 200 });
  });
});
