// No N+1: the SQL statements a request runs depend on the query's shape, not
// on how many rows it returns. Counted at the pg pool for each request, with
// the graph doubled in between (in the style of Pothos' plugin-prisma tests).
// Compiled reads answer each of these root fields in ONE statement; the
// resolvers (compiled reads off, the escape hatch) in a few per level.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { type GraphQLResponse, openTestApi, type TestApi } from '../helpers/api.ts';
import { scratchFolder, seedKnowledge, writeKnowledge } from '../helpers/knowledge.ts';
import { testLog } from '../helpers/server.ts';

let api: TestApi;
let resolvers: ReturnType<typeof createGraphQLServer>;
let dir: string;

// These queries ask for pages of 100 x 20 x 10 on purpose, far past the
// public cost limit (test/api/hostile.test.ts): what is counted here is SQL.
const LIMITS = { maxCost: 10_000_000 };

beforeAll(async () => {
  api = await openTestApi('seeded', { limits: LIMITS });
  resolvers = createGraphQLServer({ db: api.db, log: testLog, sqlStats: true, limits: LIMITS, compiledReads: false });
  dir = scratchFolder();
});

/** The same query through the resolvers alone (compiled reads off). */
async function viaResolvers(query: string): Promise<GraphQLResponse> {
  const response = await resolvers.fetch('http://tradegraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as GraphQLResponse;
}
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A second copy of the whole seed graph: every slug renamed, from a second source. */
async function doubleTheGraph() {
  const k = seedKnowledge();
  const copy = (slug: string) => `${slug}-copy`;
  k.source.slug = copy(k.source.slug);
  for (const m of k.metrics) m.slug = copy(m.slug);
  for (const e of k.entities) {
    e.slug = copy(e.slug);
    if (e.attributes?.parentOffice) e.attributes.parentOffice = copy(e.attributes.parentOffice);
    // Airport codes are unique to one airport.
    if (e.kind === 'AIRPORT') delete e.attributes;
  }
  for (const r of k.relations) Object.assign(r, { subject: copy(r.subject), object: copy(r.object) });
  for (const o of k.observations) {
    Object.assign(o, { metric: copy(o.metric), subject: copy(o.subject) });
    if (o.scope) o.scope = copy(o.scope);
    if (o.statedBy) o.statedBy = copy(o.statedBy);
  }
  const report = await ingestKnowledgeFile(api.db.prisma, writeKnowledge(dir, k));
  expect(report.byKind.entities.created).toBe(32);
}

const FOUR_LEVELS = `{
  entities(first: 100) {
    totalCount
    edges { node {
      slug
      ... on BondedZone { zoneType }
      ... on Airport { iataCode }
      relations(first: 20) {
        totalCount
        edges {
          predicate role
          evidence { quote source { title } }
          node {
            slug
            ... on CustomsOffice { level }
            observations(first: 10) {
              totalCount
              edges { node { value unit period { label } change { value unit } metric { name } evidence { quote startOffset } } }
            }
          }
        }
      }
    } }
  }
}`;

const TYPED_WALK = `{
  customsOffices(first: 50) { edges { node {
    supervises(first: 20) { edges { node {
      name
      ... on BondedZone { supervisedBy { edges { node { name } } } policies { edges { node { name category } } } }
      observations { edges { node { value evidence { quote } } } }
    } } }
    policies(first: 50) { edges { role node { name appliesTo { edges { node { name } } } } } }
  } } }
}`;

/** The other compiled roots: sources with their evidence, relations and observations; metrics; observations. */
const SOURCES_WALK = `{
  sources(first: 100) { totalCount edges { node { slug
    evidence(first: 100) { totalCount nodes { quote source { slug } } }
    relations(first: 100) { totalCount nodes { predicate subject { slug } object { slug } evidence { quote } } }
    observations(first: 100) { totalCount nodes { value metric { slug } } } } } }
  metrics(first: 100) { totalCount nodes { slug observations(first: 100) { totalCount nodes { value subject { slug } } } } }
  observations(first: 100) { totalCount nodes { value source { slug } evidence { quote } } }
}`;

function shape(data: any): { entities: number; relations: number; observations: number } {
  const entities = data.entities.edges;
  const relations = entities.flatMap((e: any) => e.node.relations.edges);
  const observations = relations.flatMap((r: any) => r.node.observations.edges);
  return { entities: entities.length, relations: relations.length, observations: observations.length };
}

describe('SQL statements per request', () => {
  it('stay the same for a four-level query over all entities when the graph doubles', async () => {
    const before = await api.query(FOUR_LEVELS);
    expect(before.errors).toBeUndefined();
    const typedBefore = await api.query(TYPED_WALK);
    expect(typedBefore.errors).toBeUndefined();
    const resolvedBefore = [await viaResolvers(FOUR_LEVELS), await viaResolvers(TYPED_WALK)];
    const sourcesBefore = await api.query(SOURCES_WALK);
    expect(sourcesBefore.errors).toBeUndefined();

    await doubleTheGraph();

    // One statement per root field for sources, metrics and observations, however many rows.
    const sourcesAfter = await api.query(SOURCES_WALK);
    expect(sourcesAfter.errors).toBeUndefined();
    const count = (data: any) => ({
      sources: data.sources.edges.length,
      evidence: data.sources.edges.reduce((n: number, e: any) => n + e.node.evidence.nodes.length, 0),
      relations: data.sources.edges.reduce((n: number, e: any) => n + e.node.relations.nodes.length, 0),
      metrics: data.metrics.nodes.length,
      observations: data.metrics.nodes.reduce((n: number, m: any) => n + m.observations.nodes.length, 0),
    });
    const [sb, sa] = [count(sourcesBefore.data), count(sourcesAfter.data)];
    expect(sb.evidence).toBeGreaterThan(10);
    expect(sa).toEqual({ sources: 2 * sb.sources, evidence: 2 * sb.evidence, relations: 2 * sb.relations, metrics: 2 * sb.metrics, observations: 2 * sb.observations });
    expect([sourcesBefore.extensions!.sqlStatements, sourcesAfter.extensions!.sqlStatements]).toEqual([3, 3]);

    const after = await api.query(FOUR_LEVELS);
    expect(after.errors).toBeUndefined();
    const rowsBefore = shape(before.data);
    const rowsAfter = shape(after.data);
    expect(rowsAfter).toEqual({
      entities: 2 * rowsBefore.entities,
      relations: 2 * rowsBefore.relations,
      observations: 2 * rowsBefore.observations,
    });
    expect(rowsBefore.observations).toBeGreaterThan(10);
    // Compiled: the whole root field, its count and every nested page in one statement.
    expect(before.extensions!.sqlStatements).toBe(1);
    expect(after.extensions!.sqlStatements).toBe(1);

    const typedAfter = await api.query(TYPED_WALK);
    expect(typedAfter.errors).toBeUndefined();
    expect(typedAfter.data!.customsOffices.edges).toHaveLength(2);
    expect(typedBefore.extensions!.sqlStatements).toBe(1);
    expect(typedAfter.extensions!.sqlStatements).toBe(1);

    // The resolvers: the root page and its count, then two per nested connection (the pages of
    // all its parents in one statement, their rows in another), whatever the number of rows.
    const resolvedAfter = [await viaResolvers(FOUR_LEVELS), await viaResolvers(TYPED_WALK)];
    expect(shape(resolvedAfter[0]!.data)).toEqual(rowsAfter);
    expect(resolvedBefore.map((r) => r.extensions!.sqlStatements)).toEqual([2 + 2 * 2, 1 + 2 * 6]);
    expect(resolvedAfter.map((r) => r.extensions!.sqlStatements)).toEqual([2 + 2 * 2, 1 + 2 * 6]);
  });

  it('stay within the depth of a query that repeats one relation with different arguments', async () => {
    const query = `{
      entities(first: 100) { edges { node {
        a: relations(direction: OUTGOING) { totalCount }
        b: relations(direction: INCOMING) { totalCount }
        c: observations(hasChange: true) { totalCount }
        d: observations(hasChange: false) { totalCount }
      } } }
    }`;
    const response = await api.query(query);
    expect(response.errors).toBeUndefined();
    expect(response.data!.entities.edges.length).toBe(64);
    expect(response.extensions!.sqlStatements).toBe(1);
    // Through the resolvers, each aliased connection is a batch of its own (its pages and counts; no rows are asked for), not one per row.
    const resolved = await viaResolvers(query);
    expect(resolved.data).toEqual(response.data);
    expect(resolved.extensions!.sqlStatements).toBeLessThanOrEqual(1 + 4 * 2);
  });
});
