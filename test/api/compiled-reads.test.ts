// The compiled reads (src/schema/compiled/, src/sql/read/) answer byte for
// byte what the resolvers answer, in one SQL statement per root field.
// Queries are generated from the schema: for every entity kind, every field of
// its type, every navigation field (connections, links, lists) with its items'
// fields and one level more below them; then pages forwards and backwards,
// orderings and filters. Each runs on one database through two servers, one
// with compiled reads turned off (the escape hatch), on the seed and on a
// generated graph whose lists are long enough to page.
import { getNamedType, parse, type GraphQLNamedType, type GraphQLObjectType, isNonNullType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCompiled } from '../../src/schema/compiled/execute.ts';
import { schema } from '../../src/schema/index.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { generateInto } from '../../tools/generate/generate.ts';
import { type GraphQLResponse, openTestApi, type TestApi } from '../helpers/api.ts';
import { testLog } from '../helpers/server.ts';
import { isConnectionType, itemSelection, nodeTypeOf, WIDE_QUERIES } from '../helpers/schema-walk.ts';

/** Fields the compiler does not cover yet: their roots run the resolvers (docs/performance.md). */
const NOT_COMPILED = new Set(['neighbors', 'history', 'version', 'disputed', 'claims', 'rank', 'rankReason', 'retraction']);

/** What a client selects on an item (test/helpers/schema-walk.ts), without the fields left to the resolvers. */
const selection = (type: GraphQLNamedType) => itemSelection(schema, type, NOT_COMPILED);

const ENTITY_TYPES = schema.getPossibleTypes(schema.getType('Entity') as never) as readonly GraphQLObjectType[];

const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

/** Below an item of a navigation field: one level more of what a client walks to. */
function below(type: GraphQLNamedType): string {
  if (type.name === 'Entity' || ENTITY_TYPES.some((t) => t.name === type.name)) {
    return `relations(first: 2, direction: INCOMING) { totalCount ${PAGE} edges { cursor predicate direction role validFrom validTo basis note
              evidence { id quote source { slug } } relation { id subject { __typename slug } object { slug } } node { __typename id slug } } }
            observations(first: 2) { totalCount edges { cursor node { id value change { value } } } }`;
  }
  if (type.name === 'Observation') {
    return `metric { slug unitKind observations(first: 2, orderBy: { field: VALUE, direction: ASC }) { totalCount nodes { id value } } }
            source { slug title publishedAt editors evidenceCount observations(first: 1) { ${PAGE} nodes { id } } }
            subject { __typename slug } scope { slug } statedBy { slug } evidence { quote startOffset endOffset }
            period { start end label } change { basis value valueFloat unit benchmark }`;
  }
  return '';
}

/** One query per entity kind: every field of its type, and every navigation field with its items and one level below. */
function kindQuery(type: GraphQLObjectType, root: string): string {
  const navigation = Object.values(type.getFields())
    .filter((f) => !NOT_COMPILED.has(f.name) && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined))
    .flatMap((f) => {
      const named = getNamedType(f.type);
      if (isConnectionType(named)) {
        const node = nodeTypeOf(named);
        return [`nav_${f.name}: ${f.name}(first: 3) { totalCount ${PAGE} nodes { __typename id } edges { cursor node { ${selection(node)} ${below(node)} } } }`];
      }
      return isObjectType(named) || named.name === 'Entity' ? [`nav_${f.name}: ${f.name} { ${selection(named)} ${below(named)} }`] : [];
    });
  return `{ ${root}(first: 50) { totalCount ${PAGE} edges { cursor node { ${selection(type)} ${navigation.join('\n')} } } } }`;
}

/** The root connection of each kind (customsOffices, ...). */
function kindRoots(): Array<[GraphQLObjectType, string]> {
  const fields = Object.values(schema.getQueryType()!.getFields());
  return ENTITY_TYPES.map((type) => {
    const root = fields.find((f) => f.name !== 'entities' && isConnectionType(getNamedType(f.type)) && nodeTypeOf(getNamedType(f.type) as GraphQLObjectType) === type);
    return [type, root!.name];
  });
}

let compiled: TestApi;
let resolvers: ReturnType<typeof createGraphQLServer>;

async function viaResolvers(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  const response = await resolvers.fetch('http://tradegraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Asks both servers; the answers must be the same text, and the compiled one a single statement. */
async function same(query: string, variables?: Record<string, unknown>, { statements = 1 as number | null, failing = false } = {}) {
  const [a, b] = await Promise.all([compiled.query(query, variables), viaResolvers(query, variables)]);
  expect(!!b.errors, `${query}\n${JSON.stringify(b.errors)?.slice(0, 500)}`).toBe(failing);
  expect(JSON.stringify({ data: a.data, errors: a.errors }), query).toBe(JSON.stringify({ data: b.data, errors: b.errors }));
  if (statements !== null) expect(a.extensions!.sqlStatements, query).toBe(statements);
  return a.data as Record<string, any>;
}

const GRAPHS: Array<[string, () => Promise<TestApi>]> = [
  ['the seed and the samples', () => openTestApi('samples', WIDE_QUERIES)],
  [
    'a generated graph',
    async () => {
      const api = await openTestApi('migrated', WIDE_QUERIES);
      await generateInto(api.db.url, { entities: 400, relations: 2_000, observations: 2_000, factsPerSource: 40, seed: 7, log: testLog });
      return api;
    },
  ],
];

describe.each(GRAPHS)('compiled reads on %s', (_name, open) => {
  beforeAll(async () => {
    compiled = await open();
    resolvers = createGraphQLServer({ db: compiled.db, log: testLog, sqlStats: true, limits: WIDE_QUERIES.limits, compiledReads: false });
  });
  afterAll(() => compiled?.close());

  it.each(kindRoots().map(([type, root]) => [type.name, root] as const))('answer every field of %s and every navigation field below it', async (_type, root) => {
    await same(kindQuery(schema.getType(_type) as GraphQLObjectType, root));
  });

  it.each(kindRoots().map(([type, root]) => [type.name, root] as const))('answer %s asOf now as today, compiled on the moment\'s views as by the resolvers', async (_type, root) => {
    const { rows } = await compiled.db.pool.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const query = kindQuery(schema.getType(_type) as GraphQLObjectType, root);
    const today = await same(query);
    const past = await same(`query($at: DateTime) ${query.replace(`${root}(first: 50)`, `${root}(first: 50, asOf: $at)`)}`, { at: rows[0]!.now.toISOString() });
    expect(past).toEqual(today);
  });

  it('answer an entity of any kind by slug, and typed lookups', async () => {
    const data = await same(`{ entities(first: 100) { edges { node { __typename slug } } } }`);
    for (const { node } of data.entities.edges.slice(0, 40)) {
      const lookup = node.__typename[0].toLowerCase() + node.__typename.slice(1);
      await same(`query($s: String!) { entity(slug: $s) { ${selection(schema.getType('Entity')!)} ${below(schema.getType('Entity')!)} }
        ${lookup}(slug: $s) { id slug } other: bondedZone(slug: $s) { id } }`, { s: node.slug }, { statements: 3 });
    }
    await same(`{ entity(slug: "no-such-entity") { slug } }`);
  });

  it('page forwards and backwards through roots and nested connections with the same cursors', async () => {
    for (const orderBy of [null, { field: 'NAME', direction: 'DESC' }, { field: 'SLUG' }, { field: 'CREATED_AT', direction: 'DESC' }]) {
      let after: string | null = null;
      let pages = 0;
      do {
        const data = await same(`query($after: String, $orderBy: EntityOrder) { entities(first: 97, after: $after, orderBy: $orderBy) { totalCount ${PAGE} edges { cursor node { slug } } } }`, { after, orderBy });
        after = data.entities.pageInfo.hasNextPage ? data.entities.pageInfo.endCursor : null;
        if (pages++ === 0) {
          const before = data.entities.edges.at(-1)?.cursor ?? null;
          await same(`query($before: String, $orderBy: EntityOrder) { entities(last: 5, before: $before, orderBy: $orderBy) { ${PAGE} edges { cursor node { slug } } } }`, { before, orderBy });
        }
      } while (after && pages < 10);
    }
    const walk = `query($after: String, $before: String, $changed: String, $latest: String) { entities(first: 20) { edges { node { slug
      relations(first: 3, after: $after) { totalCount ${PAGE} edges { cursor node { slug } } }
      back: relations(last: 2, before: $before, direction: OUTGOING) { ${PAGE} edges { cursor node { slug } } }
      observations(first: 2, after: $changed, orderBy: { field: CHANGE_VALUE, direction: ASC }) { ${PAGE} nodes { id } }
      last: observations(last: 3, before: $latest) { ${PAGE} edges { cursor node { id } } } } } } }`;
    const first = await same(walk, {});
    const nodes = first.entities.edges.map((e: any) => e.node);
    const after = nodes.find((n: any) => n.relations.pageInfo.hasNextPage)?.relations.pageInfo.endCursor;
    const before = nodes.find((n: any) => n.back.edges.length > 1)?.back.pageInfo.endCursor;
    const changed = nodes.find((n: any) => n.observations.pageInfo.hasNextPage)?.observations.pageInfo.endCursor;
    const latest = nodes.find((n: any) => n.last.edges.length > 1)?.last.pageInfo.endCursor;
    expect([after, before, changed, latest].filter(Boolean).length).toBeGreaterThan(1);
    // Each cursor on every row: where it does not belong it still cuts a page (cursors hold key values, not rows).
    await same(walk, { after, before, changed, latest });
  });

  it('filter and order as the resolvers do', async () => {
    await same(`{ entities(first: 30, kinds: [BONDED_ZONE, AIRPORT], filter: { name: { contains: "a", mode: CASE_INSENSITIVE } }) { totalCount edges { node { slug } } } }`);
    await same(`{ entities(first: 30, filter: { or: [{ slug: { startsWith: "b" } }, { aliases: { isEmpty: false } }] }, orderBy: { field: SLUG, direction: DESC }) { totalCount nodes { slug } } }`);
    await same(`{ customsOffices(first: 10) { nodes { slug relations(predicates: [SUPERVISES, HOSTS], kinds: [BONDED_ZONE, AIRPORT], first: 5) { totalCount nodes { slug } }
      observations(hasChange: true, orderBy: { field: VALUE, direction: ASC }, first: 5) { totalCount nodes { value } }
      later: observations(period: { from: "2023-03-01" }, units: [CNY, USD], first: 5) { totalCount nodes { value period { start } } } } } }`);
    await same(`{ entities(first: 100) { totalCount nodes { a: relations(direction: OUTGOING) { totalCount } b: relations { __typename }
      c: observations(hasChange: true) { totalCount } d: observations(hasChange: false) { pageInfo { hasNextPage } } } } }`);
  });

  it('answer the roots of sources, metrics and observations, and the evidence and relations of a source, with every field', async () => {
    const type = (name: string) => schema.getType(name) as GraphQLObjectType;
    const sourceBelow = `evidence(first: 3) { totalCount ${PAGE} edges { cursor node { ${selection(type('Evidence'))} } } }
      relations(first: 3) { totalCount ${PAGE} edges { cursor node { ${selection(type('Relation'))} subject { __typename slug } object { slug } evidence { quote } } } }
      chosen: relations(first: 2, predicates: [SUPERVISES, LOCATED_IN]) { totalCount nodes { id predicate } }`;
    const data = await same(`{ sources(first: 30) { totalCount ${PAGE} edges { cursor node { ${selection(type('Source'))} ${sourceBelow} } } } }`);
    await same(`{ sources(last: 4, orderBy: { field: TITLE }, filter: { title: { contains: "a" } }) { totalCount ${PAGE} edges { cursor node { slug title } } } }`);
    const slug = data.sources.edges[0].node.slug;
    await same(`query($s: String!) { source(slug: $s) { ${selection(type('Source'))} ${sourceBelow} } none: source(slug: "no-such-source") { slug } }`, { s: slug }, { statements: 2 });
    const metrics = await same(`{ metrics(first: 50) { totalCount ${PAGE} edges { cursor node { ${selection(type('Metric'))} ${below(type('Observation')).includes('metric') ? 'observations(first: 2) { totalCount nodes { id value } }' : ''} } } } }`);
    await same(`{ metrics(first: 5, orderBy: { field: SLUG, direction: DESC }) { ${PAGE} nodes { slug name unitKind } } }`);
    await same(`query($s: String!) { metric(slug: $s) { ${selection(type('Metric'))} observations(last: 3) { ${PAGE} nodes { id value } } } }`, { s: metrics.metrics.edges[0].node.slug });
    const observations = await same(`{ observations(first: 40) { totalCount ${PAGE} edges { cursor node { ${selection(type('Observation'))} ${below(type('Observation'))} } } } }`);
    const after = observations.observations.pageInfo.endCursor;
    await same(`query($after: String) { observations(first: 10, after: $after, hasChange: true) { totalCount ${PAGE} nodes { id value subject { slug } } } }`, { after });
    await same(`{ observations(first: 10, subjectKinds: [BONDED_ZONE], units: [CNY, USD], period: { from: "2020-01-01" }) { totalCount nodes { id value } } }`);
    // The arguments left to the resolvers leave the root to them.
    await same(`{ observations(first: 3, disputed: true) { totalCount } }`, undefined, { statements: null });
    await same(`{ observations(first: 3, includeRetracted: true) { totalCount } sources(first: 2) { nodes { relations(includeRetracted: true) { totalCount } } } }`, undefined, { statements: null });
  });

  it('refetch every kind of node by its ID, alone and in lists, and leave IDs that find nothing to the resolvers', async () => {
    const found = await same(`{ entities(first: 30) { nodes { id relations(first: 1) { edges { relation { id evidence { id source { id } } } } } observations(first: 1) { nodes { id metric { id } } } } } }`);
    const ids = new Map<string, string>();
    const typeOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[0]!;
    JSON.stringify(found, (key, value) => (key === 'id' && !ids.has(typeOf(value)) ? (ids.set(typeOf(value), value), value) : value));
    expect([...ids.keys()]).toEqual(expect.arrayContaining(['Relation', 'Evidence', 'Source', 'Observation', 'Metric']));
    const everything = (name: string) => {
      const type = schema.getType(name)!;
      return `... on ${name} { ${selection(type)} ${below(type)} }`;
    };
    const all = [...ids.keys()].map(everything).join(' ');
    for (const id of ids.values()) await same(`query($id: ID!) { node(id: $id) { __typename id ${all} } }`, { id });
    await same(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ${all} } }`, { ids: [...ids.values(), ...ids.values()] });
    const missing = Buffer.from('Relation:999999', 'utf8').toString('base64url');
    const wrongKind = Buffer.from(`Airport:${Buffer.from([...ids.values()][0]!, 'base64url').toString().split(':')[1]}`, 'utf8').toString('base64url');
    const failing = { statements: null, failing: true };
    await same(`query($id: ID!) { node(id: $id) { id } }`, { id: missing }, failing);
    await same(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [[...ids.values()][0], missing, 'not-an-id'] }, failing);
    await same(`query($id: ID!) { node(id: $id) { id ... on Airport { slug } } }`, { id: wrongKind }, { statements: null, failing: typeOf([...ids.values()][0]!) !== 'Airport' });
  });

  it('answer an operation of compiled root fields without graphql-js execution, the same text', async () => {
    const query = `query($s: String!) { entities(first: 5, kinds: [CUSTOMS_OFFICE, BONDED_ZONE]) { __typename totalCount edges { __typename cursor node { __typename id slug
        ... on CustomsOffice { level supervises(first: 2) { nodes { __typename slug ... on BondedZone { zoneType } } } } ... on BondedZone { zoneType } } } }
      one: entity(slug: $s) { t: __typename slug ... on CustomsOffice { customsCode } } none: entity(slug: "no-such-entity") { slug } }`;
    const variables = { s: 'beijing-customs' };
    const notExpected = () => Promise.reject(new Error('fell back to graphql-js'));
    const direct = await executeCompiled({ schema, document: parse(query), variableValues: variables, contextValue: { pool: compiled.db.pool } }, notExpected);
    expect(direct, 'answered without graphql-js').not.toBeNull();
    const data = await same(query, variables, { statements: 3 });
    expect(JSON.stringify(direct!.data)).toBe(JSON.stringify(data));
    // A root field the compiler does not cover: the whole operation is graphql-js's, compiled roots still one statement each.
    const mixed = `{ entity(slug: "beijing-customs") { slug ... on CustomsOffice { supervises(first: 2) { nodes { slug } } } } search(query: "customs", first: 2) { totalCount } }`;
    expect(await executeCompiled({ schema, document: parse(mixed), contextValue: { pool: compiled.db.pool } }, notExpected)).toBeNull();
    await same(mixed, undefined, { statements: null });
  });

  it('leave to the resolvers what they do not cover, and report bad arguments as the resolvers do', async () => {
    await same(`{ entities(first: 3) { nodes { slug neighbors(depth: 1, first: 2) { totalCount } } } }`, undefined, { statements: null });
    const failing = { statements: null, failing: true };
    await same(`{ entities(first: 3) { nodes { slug relations(first: 2, after: "not-a-cursor") { totalCount } } } }`, undefined, failing);
    await same(`{ entities(first: 3) { nodes { slug relations(first: 100000) { totalCount } } } }`, undefined, failing);
    await same(`{ entities(first: 3, after: "bm8") { nodes { slug } } }`, undefined, failing);
  });

  it('leave to the resolvers the arguments they do not compile: disputed claims, retracted facts, past states', async () => {
    const queries = [
      `{ entities(first: 50) { nodes { slug observations(disputed: true) { totalCount nodes { value } } } } }`,
      `{ entities(first: 50) { nodes { slug observations(disputed: false, first: 3) { totalCount } } } }`,
      `{ entities(first: 50) { nodes { slug observations(includeRetracted: true) { totalCount } relations(includeRetracted: true) { totalCount } } } }`,
    ];
    for (const query of queries) await same(query, undefined, { statements: null });
  });
});
