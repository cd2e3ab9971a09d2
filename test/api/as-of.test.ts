// asOf: an operation answers as the graph stood at a moment, on every root
// field that reads the graph and everything nested beneath: facts that stood
// then (retracted since or not, never those recorded later), with the values
// they had, and entities as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import type { TestApi } from '../helpers/api.ts';
import { testLog } from '../helpers/server.ts';
import { openCuratorApi, RETRACT, send, UPDATE } from '../helpers/curation.ts';

let api: TestApi;
let curate: string;
beforeAll(async () => ({ api, curate } = await openCuratorApi()));
afterAll(() => api?.close());

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));
/** The database's clock now (the change log's), a little after everything committed so far. */
const moment = async () => {
  await tick();
  const { rows } = await api.db.pool.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  await tick();
  return rows[0]!.now.toISOString();
};

const ENTITY = `query($slug: String!, $at: DateTime) { entity(slug: $slug, asOf: $at) {
  id name aliases
  relations(first: 100) { totalCount edges { relation { id retraction { reason } } node { slug name } evidence { quote } } }
  observations(first: 100) { totalCount nodes { id value metric { slug } retraction { reason } } }
} }`;

describe('asOf', () => {
  it('answers an entity, its relations and observations as they stood, with the values and names of then', async () => {
    const { data: now, errors: nowErrors } = await api.query(ENTITY, { slug: 'beijing-customs' });
    expect(nowErrors).toBeUndefined();
    const entity = now!.entity;
    const relation = entity.relations.edges[0].relation;
    const observation = entity.observations.nodes[0];
    const neighbour = entity.relations.edges[0].node;
    const SEARCH = `query($at: DateTime) { search(query: "beijing customs", first: 5, asOf: $at) { totalCount edges { score matched node { slug name } } } }`;
    const searched = await api.query(SEARCH);
    expect(searched.data!.search.edges[0].node.slug).toBe('beijing-customs');
    const before = await moment();

    // After the moment: a curator renames the entity and its neighbour, retracts a relation, and SQL changes a value.
    let answer = await send(api, UPDATE, { input: { id: entity.id, name: 'Renamed Customs', aliases: ['RC'] } }, { token: curate });
    expect(answer.data!.updateEntity.userErrors).toEqual([]);
    answer = await send(api, RETRACT, { input: { id: relation.id, reason: 'asOf test' } }, { token: curate });
    expect(answer.data!.retractFact.userErrors).toEqual([]);
    const { rows } = await api.db.pool.query<{ id: number }>(`SELECT id FROM observation WHERE subject_id = (SELECT id FROM entity WHERE slug = 'beijing-customs') ORDER BY id LIMIT 1`);
    await api.db.pool.query(`UPDATE observation SET value = value + 1 WHERE id = $1`, [rows[0]!.id]);
    await api.db.pool.query(`UPDATE entity SET name = name || ' (renamed)' WHERE slug = $1`, [neighbour.slug]);
    const after = await moment();

    const { data: then, errors } = await api.query(ENTITY, { slug: 'beijing-customs', at: before });
    expect(errors).toBeUndefined();
    expect(then!.entity).toEqual(entity);

    const { data: later, errors: laterErrors } = await api.query(ENTITY, { slug: 'beijing-customs', at: after });
    expect(laterErrors).toBeUndefined();
    expect(later!.entity.name).toBe('Renamed Customs');
    expect(later!.entity.aliases).toEqual(['RC']);
    expect(later!.entity.relations.totalCount).toBe(entity.relations.totalCount - 1);
    expect(later!.entity.relations.edges.map((e: any) => e.relation.id)).not.toContain(relation.id);
    expect(later!.entity.relations.edges.find((e: any) => e.node.slug === neighbour.slug)?.node.name ?? `${neighbour.name} (renamed)`).toBe(`${neighbour.name} (renamed)`);
    // One value changed by one, the rest as they were.
    const sum = (nodes: any[]) => nodes.reduce((total, o) => total + Number(o.value), 0);
    expect(later!.entity.observations.totalCount).toBe(entity.observations.totalCount);
    expect(sum(later!.entity.observations.nodes) - sum(entity.observations.nodes)).toBeCloseTo(1, 6);
    expect(observation.retraction).toBeNull();

    // Search finds and ranks the entities by their names then (today's stored search documents are of today's names).
    expect((await api.query(SEARCH, { at: before })).data).toEqual(searched.data);
    expect((await api.query(SEARCH)).data!.search.edges.map((e: any) => e.node.slug)).not.toContain('beijing-customs');

    // Today's answer (no asOf) is the later one.
    const { data: today } = await api.query(ENTITY, { slug: 'beijing-customs' });
    expect(today!.entity).toEqual(later!.entity);
  });

  it('answers the typed lookups, lists, root observations, sources, metrics, search and node at the moment', async () => {
    const Q = `query($at: DateTime) {
      customsOffice(slug: "beijing-customs", asOf: $at) { name }
      customsOffices(first: 50, asOf: $at) { totalCount nodes { slug name } }
      entities(first: 5, asOf: $at) { totalCount }
      observations(first: 100, asOf: $at) { totalCount nodes { id value } }
      sources(first: 10, asOf: $at) { totalCount nodes { slug } }
      metrics(first: 10, asOf: $at) { totalCount }
      search(query: "Renamed", asOf: $at) { totalCount }
    }`;
    const { data: now, errors } = await api.query(Q);
    expect(errors).toBeUndefined();
    const { data: past, errors: pastErrors } = await api.query(Q, { at: '2000-01-01T00:00:00Z' });
    expect(pastErrors).toBeUndefined();
    // Before the graph held anything, nothing.
    expect(past).toEqual({
      customsOffice: null,
      customsOffices: { totalCount: 0, nodes: [] },
      entities: { totalCount: 0 },
      observations: { totalCount: 0, nodes: [] },
      sources: { totalCount: 0, nodes: [] },
      metrics: { totalCount: 0 },
      search: { totalCount: 0 },
    });
    const { data: present, errors: presentErrors } = await api.query(Q, { at: await moment() });
    expect(presentErrors).toBeUndefined();
    expect(present).toEqual(now);

    const id = now!.customsOffices.nodes.length && (await api.query(`{ entity(slug: "beijing-customs") { id } }`)).data!.entity.id;
    const NODES = `query($id: ID!, $at: DateTime) { nodes(ids: [$id], asOf: $at) { id ... on Entity { name } } }`;
    expect((await api.query(NODES, { id, at: '2000-01-01T00:00:00Z' })).data!.nodes).toEqual([null]);
    expect((await api.query(NODES, { id, at: await moment() })).data!.nodes).toEqual([{ id, name: now!.customsOffice.name }]);
  });

  it('refuses a moment in the future, and root fields that disagree on the moment', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const ahead = await api.query(`query($at: DateTime) { entities(first: 1, asOf: $at) { totalCount } }`, { at: future });
    expect(ahead.data ?? null).toBeNull();
    expect(ahead.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
    expect(ahead.errors?.[0]?.message).toMatch(/future/);
    expect(ahead.status).toBe(400);

    const mixed = await api.query(`{ a: entities(first: 1, asOf: "2020-01-01T00:00:00Z") { totalCount } b: entities(first: 1) { totalCount } }`);
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
    const two = await api.query(`{ a: entities(first: 1, asOf: "2020-01-01T00:00:00Z") { totalCount } b: entities(first: 1, asOf: "2021-01-01T00:00:00Z") { totalCount } }`);
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
    // The same moment twice is one moment.
    const same = await api.query(`{ a: entities(first: 1, asOf: "2020-01-01T00:00:00Z") { totalCount } b: sources(first: 1, asOf: "2020-01-01T00:00:00Z") { totalCount } }`);
    expect(same.errors).toBeUndefined();
    expect(same.data).toEqual({ a: { totalCount: 0 }, b: { totalCount: 0 } });
  });

  it('refuses, at their place, the fields the analytics views answer (claims, series): those read today\'s graph', async () => {
    const at = await moment();
    for (const [selection, field] of [
      ['observations(first: 1) { nodes { value claims { count } } }', 'claims'],
      ['series(granularity: QUARTER) { unit }', 'series'],
    ]) {
      const r = await api.query(`query($at: DateTime) { entity(slug: "beijing-customs", asOf: $at) { name ${selection} } }`, { at });
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toMatch(/not asOf a past moment/);
      expect(r.errors![0]!.path?.at(-1)).toBe(field);
    }
  });

  it('walks neighbourhoods over the relations that stood: a retracted one is left out today and walked at a moment before', async () => {
    // first: 1 fills the page at depth 1, so depth 2 is only counted; first: 100 lists it.
    const NEAR = `query($at: DateTime, $first: Int) { entity(slug: "wang-hui", asOf: $at) { neighbors(depth: 2, first: $first) { totalCount truncated edges { node { slug } } } } }`;
    const near = async (first: number, at?: string) => {
      const { data, errors } = await api.query(NEAR, { first, at });
      expect(errors).toBeUndefined();
      return data!.entity.neighbors;
    };
    const RELATIONS = `{ entity(slug: "wang-hui") { relations(first: 10) { edges { relation { id } node { slug } } } } }`;
    const edges = (await api.query(RELATIONS)).data!.entity.relations.edges;
    const before = await near(100);
    expect((await near(1)).totalCount).toBe(before.totalCount);
    const at = await moment();
    const answer = await send(api, RETRACT, { input: { id: edges[0].relation.id, reason: 'neighbourhood test' } }, { token: curate });
    expect(answer.data!.retractFact.userErrors).toEqual([]);

    const after = await near(100);
    expect(after.totalCount).toBeLessThan(before.totalCount);
    expect((await near(1)).totalCount).toBe(after.totalCount);
    expect(await near(100, at)).toEqual(before);
    expect((await near(1, at)).totalCount).toBe(before.totalCount);
  });

  it('queues concurrent moments rather than letting them take the pool', async () => {
    const at = await moment();
    const Q = `query($at: DateTime) { entities(first: 100, asOf: $at) { nodes { slug relations(first: 20, includeRetracted: true) { nodes { slug } } } } }`;
    const answers = await Promise.all(Array.from({ length: 40 }, () => api.query(Q, { at })));
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(40).fill('ok'));
    // And an ordinary query still answers beside them.
    const [plain] = await Promise.all([api.query(`{ entities(first: 1) { totalCount } }`), ...Array.from({ length: 20 }, () => api.query(Q, { at }))]);
    expect(plain.errors).toBeUndefined();
  });

  it('keeps statements bound by the query\'s shape at a moment, however many rows changed since', async () => {
    // Compiled (one statement: the compiler's SQL names tables as the moment's views do) ...
    const COMPILED = `query($at: DateTime) { entities(first: 50, asOf: $at) { nodes { slug relations(first: 5) { edges { relation { id } node { slug } evidence { quote } } }
      observations(first: 5) { nodes { value metric { slug } } } } } }`;
    // ... and by the resolvers (includeRetracted is not compiled).
    const RESOLVED = `query($at: DateTime) { entities(first: 50, asOf: $at) { nodes { slug relations(first: 5, includeRetracted: true) { edges { relation { id } node { slug } evidence { quote } } }
      observations(first: 5) { nodes { value metric { slug } } } } } }`;
    const at = await moment();
    const count = async (query: string) => {
      const { data, errors, extensions } = await api.query(query, { at });
      expect(errors).toBeUndefined();
      expect(data!.entities.nodes.length).toBeGreaterThan(10);
      return extensions!.sqlStatements as number;
    };
    const compiled = await count(COMPILED);
    const resolved = await count(RESOLVED);
    const { data } = await api.query(`{ observations(first: 6) { nodes { id } } }`);
    for (const { id } of data!.observations.nodes) {
      const answer = await send(api, RETRACT, { input: { id, reason: 'shape test' } }, { token: curate });
      expect(answer.data!.retractFact.userErrors).toEqual([]);
    }
    expect(await count(COMPILED)).toBe(compiled);
    expect(await count(RESOLVED)).toBe(resolved);
    expect(compiled).toBe(1);
    // The page, then per nested connection its pages and its rows (relations: live and archive).
    expect(resolved).toBe(1 + 3 + 2);
  });

  it('follows later migrations: a new column and a new enum value reach the past\'s views', async () => {
    const later = [
      ...readMigrations(),
      { name: '20991231000000_test_later', checksum: 'test', sql: `ALTER TABLE "metric" ADD COLUMN "test_note" TEXT; ALTER TYPE "unit" ADD VALUE 'TEST_UNIT'` },
    ];
    const { applied } = await applyMigrations(api.db.pool, testLog, later);
    expect(applied).toEqual(['20991231000000_test_later']);
    const { rows: columns } = await api.db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'asof' AND table_name = 'metric' AND column_name = 'test_note'`);
    expect(columns).toHaveLength(1);
    const { rows: labels } = await api.db.pool.query(`SELECT enum_range(NULL::asof.unit)::text[] AS labels`);
    expect(labels[0].labels).toContain('TEST_UNIT');
    const r = await api.query(`query($at: DateTime) { metrics(first: 3, asOf: $at) { totalCount } }`, { at: await moment() });
    expect(r.errors).toBeUndefined();
    expect(r.data!.metrics.totalCount).toBeGreaterThan(0);
  });
});
