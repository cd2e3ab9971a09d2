// The Relay server specification: the Node interface and refetching through
// node(id:), connections with their arguments and pageInfo at both ends, and
// cursors that stay valid across requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const encode = (s: string) => Buffer.from(s).toString('base64url');

describe('Node interface', () => {
  it('refetches every kind of object by its global ID', async () => {
    const first = dataOf(
      await api.query(`{
        entities(first: 100) { edges { node { id __typename slug } } }
        observations(first: 1) { edges { node { id value evidence { id quote source { id slug } } metric { id slug } } } }
        entity(slug: "wang-hui") { relations(first: 1) { edges { relation { id predicate } } } }
      }`),
    );
    const entities = first.entities.edges.map((e: any) => e.node);
    const observation = first.observations.edges[0].node;
    const relation = first.entity.relations.edges[0].relation;
    const ids = [
      ...entities.map((e: any) => e.id),
      observation.id,
      observation.evidence.id,
      observation.evidence.source.id,
      observation.metric.id,
      relation.id,
    ];
    expect(new Set(ids).size).toBe(ids.length);
    const refetched = dataOf(
      await api.query(
        `query($ids: [ID!]!) { nodes(ids: $ids) {
          id __typename
          ... on Entity { slug }
          ... on Observation { value }
          ... on Evidence { quote }
          ... on Source { slug }
          ... on Metric { slug }
          ... on Relation { predicate }
        } }`,
        { ids },
      ),
    ).nodes;
    expect(refetched.map((n: any) => n.id)).toEqual(ids);
    expect(refetched.slice(0, entities.length).map((n: any) => [n.__typename, n.slug])).toEqual(entities.map((e: any) => [e.__typename, e.slug]));
    expect(refetched.slice(entities.length).map((n: any) => n.__typename)).toEqual(['Observation', 'Evidence', 'Source', 'Metric', 'Relation']);
    expect(refetched.at(-1).predicate).toBe(relation.predicate);

    const one = dataOf(await api.query(`query($id: ID!) { node(id: $id) { id ... on BondedZone { name zoneType } } }`, { id: entities.find((e: any) => e.slug === 'tianzhu-comprehensive-bonded-zone').id }));
    expect(one.node).toMatchObject({ name: 'Tianzhu Comprehensive Bonded Zone', zoneType: 'COMPREHENSIVE_BONDED_ZONE' });
  });

  it('gives null and a readable error for unknown and malformed IDs, position by position', async () => {
    const { data } = await api.query(`{ entity(slug: "beijing") { id } }`);
    const beijing = data!.entity.id;
    const beijingDbId = Buffer.from(beijing, 'base64url').toString().split(':')[1];
    const response = await api.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [beijing, encode('Region:999999'), 'not an id', encode(`BondedZone:${beijingDbId}`), encode('PageInfo:1'), beijing],
    });
    expect(response.status).toBe(200);
    expect(response.data!.nodes).toEqual([{ id: beijing }, null, null, null, null, { id: beijing }]);
    const byIndex = Object.fromEntries(response.errors!.map((e) => [e.path![1], e.extensions!.code]));
    // An ID of one kind never loads an entity of another kind.
    expect(byIndex).toEqual({ 1: 'NOT_FOUND', 2: 'BAD_USER_INPUT', 3: 'NOT_FOUND', 4: 'BAD_USER_INPUT' });
    expect(response.errors!.find((e) => e.path![1] === 2)!.message).toBe('"not an id" is not a tradegraph ID');

    const single = await api.query(`{ node(id: "Zm9vOmJhcg") { id } }`);
    expect(single.data).toEqual({ node: null });
    expect(single.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('connections', () => {
  const page = (args: string) => `{ entities(${args}) { totalCount edges { cursor node { slug name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

  it('pages forwards to the end and backwards to the start over the same order', async () => {
    const all = dataOf(await api.query(page('first: 100'))).entities;
    expect(all.totalCount).toBe(32);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const ordered = all.edges.map((e: any) => e.node.name);
    expect(ordered).toEqual([...ordered].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));

    const forward: string[] = [];
    let after: string | null = null;
    const seenInfo: any[] = [];
    do {
      const c: any = dataOf(await api.query(page(`first: 7${after ? `, after: "${after}"` : ''}`))).entities;
      forward.push(...c.edges.map((e: any) => e.node.slug));
      seenInfo.push(c.pageInfo);
      expect(c.pageInfo.startCursor).toBe(c.edges[0].cursor);
      expect(c.pageInfo.endCursor).toBe(c.edges.at(-1).cursor);
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
    } while (after);
    expect(forward).toEqual(all.edges.map((e: any) => e.node.slug));
    expect(seenInfo.map((i) => [i.hasPreviousPage, i.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, true],
      [true, true],
      [true, false],
    ]);

    const backward: string[] = [];
    let before: string | null = null;
    do {
      const c: any = dataOf(await api.query(page(`last: 9${before ? `, before: "${before}"` : ''}`))).entities;
      backward.unshift(...c.edges.map((e: any) => e.node.slug));
      expect(c.pageInfo.hasNextPage).toBe(before !== null);
      before = c.pageInfo.hasPreviousPage ? c.pageInfo.startCursor : null;
    } while (before);
    expect(backward).toEqual(forward);
  });

  it('gives the same cursor for the same row in another request, and it survives new rows', async () => {
    const a = dataOf(await api.query(page('first: 10'))).entities;
    const b = dataOf(await api.query(page('first: 10'))).entities;
    expect(a.edges.map((e: any) => e.cursor)).toEqual(b.edges.map((e: any) => e.cursor));
    const fifth = a.edges[4];
    await api.db.pool.query(`INSERT INTO entity (kind, slug, name) VALUES ('PERSON', 'aaa-first-by-name', 'AAA First')`);
    try {
      const after = dataOf(await api.query(page(`first: 3, after: "${fifth.cursor}"`))).entities;
      expect(after.edges.map((e: any) => e.node.slug)).toEqual(a.edges.slice(5, 8).map((e: any) => e.node.slug));
      expect(after.totalCount).toBe(33);
    } finally {
      await api.db.pool.query(`DELETE FROM entity WHERE slug = 'aaa-first-by-name'`);
    }
  });

  it('orders by name or slug, either way, on every root connection', async () => {
    // A root list is priced at the table it may read: two requests stay within the cost limit.
    const data = {
      ...dataOf(
        await api.query(`{
          desc: policies(first: 3, orderBy: { field: NAME, direction: DESC }) { edges { node { name } } }
          bySlug: bondedZones(orderBy: { field: SLUG }) { totalCount edges { node { slug } } }
          regions(first: 2) { totalCount edges { node { name regionType } } pageInfo { hasNextPage } }
          people { totalCount } organizations { totalCount } events { totalCount } products { totalCount }
        }`),
      ),
      ...dataOf(
        await api.query(`{
          industries { totalCount } customsOffices { totalCount } airports { totalCount } metrics { totalCount } sources { totalCount }
          observations { totalCount }
          kinds: entities(kinds: [AIRPORT, BONDED_ZONE]) { totalCount }
        }`),
      ),
    };
    expect(data.desc.edges.map((e: any) => e.node.name)).toEqual([
      'Smart approval reform',
      'Policies delivered to enterprises\' doorsteps',
      'Import white list system for the medical and health industry',
    ]);
    expect(data.bySlug.edges.map((e: any) => e.node.slug)).toEqual([
      'daxing-airport-comprehensive-bonded-area',
      'tianzhu-comprehensive-bonded-zone',
      'zhongguancun-comprehensive-bonded-zone',
    ]);
    expect(data.regions).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    expect(
      ['people', 'organizations', 'events', 'products', 'industries', 'customsOffices', 'airports', 'metrics', 'sources', 'observations', 'kinds'].map(
        (k) => data[k].totalCount,
      ),
    ).toEqual([1, 1, 1, 3, 4, 1, 2, 11, 1, 15, 5]);
  });

  it('refuses pages over the maximum, both first and last, and cursors it did not make', async () => {
    const tooMany = await api.query(page('first: 101'));
    expect(tooMany.errors![0]).toMatchObject({ message: '"first" is 101; a page holds at most 100 items', extensions: { code: 'LIMIT_EXCEEDED' } });
    const both = await api.query(page('first: 2, last: 2'));
    expect(both.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const garbage = await api.query(page('after: "abc"'));
    expect(garbage.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const nested = await api.query(`{ entity(slug: "beijing-customs") { relations(last: 500) { totalCount } } }`);
    expect(nested.errors![0]!.extensions!.code).toBe('LIMIT_EXCEEDED');
  });

  it('pages nested connections with cursors too', async () => {
    const q = (args: string) => `{ entity(slug: "beijing-customs") { relations(${args}) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } } }`;
    const all = dataOf(await api.query(q('first: 100'))).entity.relations;
    const first = dataOf(await api.query(q('first: 5'))).entity.relations;
    const rest = dataOf(await api.query(q(`first: 100, after: "${first.pageInfo.endCursor}"`))).entity.relations;
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.slug)).toEqual(all.edges.map((e: any) => e.node.slug));
    const last = dataOf(await api.query(q('last: 3'))).entity.relations;
    expect(last.edges.map((e: any) => e.node.slug)).toEqual(all.edges.slice(-3).map((e: any) => e.node.slug));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
