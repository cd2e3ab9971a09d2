// The connection contract, generated from the schema: every connection field
// of every type a query can reach (and every root connection) answers each
// selection a client uses — `nodes` only, `edges { node }` only, both,
// `pageInfo` only, `totalCount` only, `edges { cursor }` only — with the same
// items through `nodes` and `edges`, in the same number of SQL statements,
// and cursors that continue where a page stopped; on the seed, and on a small
// generated graph where every list is long enough to page through. A new
// connection field is covered as soon as it is in the schema.
import { getNamedType, type GraphQLField, type GraphQLNamedType, isCompositeType, isInterfaceType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto } from '../../tools/generate/generate.ts';
import { schema } from '../../src/schema/index.ts';
import { type GraphQLResponse, openTestApi, type TestApi } from '../helpers/api.ts';
import { testLog } from '../helpers/server.ts';
import {
  argumentsText,
  type Composite,
  fillArguments,
  identity,
  isConnectionType,
  itemSelection,
  nodeTypeOf,
  possibleTypes,
  type Route,
  routes,
  seedValues,
  type Step,
  type ValuePool,
  valuesAt,
  WIDE_QUERIES,
  wrap,
} from '../helpers/schema-walk.ts';
import { LIMITS } from '../../src/limits.ts';

/** Parents per list on the way to a connection: enough to batch several, few enough to stay quick. */
const ROUTE_PAGE = 20;

const GRAPHS: Array<[string, () => Promise<TestApi>]> = [
  ['the seed', () => openTestApi('seeded', WIDE_QUERIES)],
  [
    'a generated graph',
    async () => {
      // 400 entities and 2,000 relations and figures: every kind of list holds enough items to page.
      const api = await openTestApi('migrated', WIDE_QUERIES);
      await generateInto(api.db.url, { entities: 400, relations: 2_000, observations: 2_000, factsPerSource: 40, seed: 12, log: testLog });
      return api;
    },
  ],
];

let api: TestApi;
let pool: ValuePool;
let routeTo: Map<string, Route>;

type AnyField = GraphQLField<unknown, unknown>;

/** Every composite type reachable from the root, and its connection fields. */
function connectionFields(): Array<{ name: string; parent: Composite; field: AnyField }> {
  const seen = new Set<string>();
  const queue: GraphQLNamedType[] = [schema.getQueryType()!];
  const found: Array<{ name: string; parent: Composite; field: AnyField }> = [];
  while (queue.length) {
    const type = queue.shift()!;
    if (seen.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
    seen.add(type.name);
    if (isInterfaceType(type)) queue.push(...possibleTypes(schema, type));
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (isConnectionType(target)) found.push({ name: `${type.name}.${field.name}`, parent: type, field });
      if (isCompositeType(target)) queue.push(target);
    }
  }
  return found;
}

const CONNECTIONS = connectionFields();

const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

function noErrors(response: GraphQLResponse, what: string) {
  expect(response.errors, `${what}: ${JSON.stringify(response.errors?.slice(0, 3))}`).toBeUndefined();
  expect(response.status, what).toBe(200);
}

/** The connection objects of a query: one per parent the route reaches. */
async function connections(route: Step[], field: AnyField, args: Record<string, unknown>, body: string, what: string) {
  const response = await api.query(`{ ${wrap(route, `${field.name}${argumentsText(field, args)} { ${body} }`, ROUTE_PAGE)} }`);
  noErrors(response, what);
  return { pages: valuesAt(response.data, [...route, { field: field.name, args: '' }]) as any[], statements: response.extensions?.sqlStatements };
}

/** The parent with the longest list, addressed by its ID (a Relay client refetches a page that way). */
async function richestParent(parent: Composite, field: AnyField, args: Record<string, unknown>): Promise<{ steps: Step[]; total: number }> {
  if (parent === schema.getQueryType()) {
    const { pages } = await connections([], field, args, 'totalCount', 'total');
    return { steps: [], total: pages[0].totalCount };
  }
  const route = routeTo.get(parent.name)!.steps;
  // As many parents as a page holds: the one with the longest list is paged through.
  const response = await api.query(`{ ${wrap(route, `id ${field.name}${argumentsText(field, args)} { totalCount }`, LIMITS.pageSize)} }`);
  noErrors(response, 'parents');
  // Under a type condition, items of other types come back empty: they are not parents.
  const parents = (valuesAt(response.data, route) as Array<{ id: string; [field: string]: any }>).filter((p) => p[field.name]);
  // A type this graph holds no instance of (a new kind absent from the seed): nothing to page, as with one item.
  if (parents.length === 0) return { steps: route, total: 0 };
  const richest = parents.reduce((a, b) => (b[field.name].totalCount > a[field.name].totalCount ? b : a));
  return {
    steps: [{ field: 'node', args: `(id: ${JSON.stringify(richest.id)})` }, { on: parent.name }],
    total: richest[field.name].totalCount,
  };
}

describe.each(GRAPHS)('on %s', (_graph, open) => {
  beforeAll(async () => {
    api = await open();
    pool = await seedValues(api, schema);
    routeTo = await routes(api, schema, pool);
  }, 300_000);
  afterAll(() => api?.close());

  describe('every connection field answers every selection shape', () => {
    it('finds the connections of the schema, root and nested', () => {
      // A floor, not a list: the test covers whatever the schema holds.
      expect(CONNECTIONS.filter((c) => c.parent === schema.getQueryType()).length).toBeGreaterThanOrEqual(10);
      expect(CONNECTIONS.length).toBeGreaterThanOrEqual(50);
    });

    it.each(CONNECTIONS)('$name', async ({ parent, field }) => {
      const route = routeTo.get(parent.name);
      expect(route, `no way to reach ${parent.name} from the root`).toBeDefined();
      const args = await fillArguments(api, pool, route!.steps, field);
      expect(args, `no seed value for the required arguments of ${parent.name}.${field.name}`).not.toBeNull();
      const item = nodeTypeOf(getNamedType(field.type) as never);
      const selection = itemSelection(schema, item);
      const steps = route!.steps;

      const reference = await connections(steps, field, args!, `totalCount ${PAGE_INFO} edges { cursor node { ${selection} } }`, 'reference');
      const nodesOnly = await connections(steps, field, args!, `nodes { ${selection} }`, 'nodes only');
      const edgesOnly = await connections(steps, field, args!, `edges { node { ${selection} } }`, 'edges { node } only');
      const both = await connections(steps, field, args!, `nodes { ${selection} } edges { node { ${selection} } }`, 'nodes and edges');
      const pageInfoOnly = await connections(steps, field, args!, PAGE_INFO, 'pageInfo only');
      const totalOnly = await connections(steps, field, args!, 'totalCount', 'totalCount only');
      const cursorsOnly = await connections(steps, field, args!, 'edges { cursor }', 'edges { cursor } only');

      const items = reference.pages.map((p) => p.edges.map((e: any) => e.node));
      expect(nodesOnly.pages.map((p) => p.nodes), 'nodes only').toEqual(items);
      expect(edgesOnly.pages.map((p) => p.edges.map((e: any) => e.node)), 'edges { node } only').toEqual(items);
      expect(both.pages.map((p) => p.nodes), 'nodes beside edges').toEqual(items);
      expect(both.pages.map((p) => p.edges.map((e: any) => e.node)), 'edges beside nodes').toEqual(items);
      expect(pageInfoOnly.pages.map((p) => p.pageInfo), 'pageInfo only').toEqual(reference.pages.map((p) => p.pageInfo));
      expect(totalOnly.pages.map((p) => p.totalCount), 'totalCount only').toEqual(reference.pages.map((p) => p.totalCount));
      expect(cursorsOnly.pages.map((p) => p.edges.map((e: any) => e.cursor)), 'edges { cursor } only').toEqual(
        reference.pages.map((p) => p.edges.map((e: any) => e.cursor)),
      );
      // The same items load the same way, whichever list they are read through.
      expect(nodesOnly.statements, 'statements for nodes vs edges { node }').toBe(edgesOnly.statements);
    });
  });

  describe('every connection field pages with its cursors', () => {
    it('has only Node (or Query) types holding connections, so a client can refetch a page', () => {
      const holders = [...new Set(CONNECTIONS.map((c) => c.parent))];
      const refetchable = (t: Composite) => t === schema.getQueryType() || 'id' in t.getFields();
      expect(holders.filter((t) => !refetchable(t)).map((t) => t.name)).toEqual([]);
    });

    it.for(CONNECTIONS)('$name', async ({ parent, field }, context) => {
      const args = (await fillArguments(api, pool, routeTo.get(parent.name)!.steps, field))!;
      const names = new Set(field.args.map((a) => a.name));
      expect(names.has('first') && names.has('after'), 'pages forwards with first/after').toBe(true);
      const { steps, total } = await richestParent(parent, field, args);
      // Nothing to page through (shown as skipped, not passed): no parent has 2 items on this graph.
      if (total < 2) context.skip();
      const item = identity(nodeTypeOf(getNamedType(field.type) as never));
      const page = async (pageArgs: Record<string, unknown>, what: string) =>
        (await connections(steps, field, { ...args, ...pageArgs }, `${PAGE_INFO} edges { cursor node { ${item} } } nodes { ${item} }`, what)).pages[0];
      const all = Math.min(total, 100);
      const size = Math.max(1, Math.floor(all / 2));
      const whole = await page({ first: all }, 'one page of everything');
      const first = await page({ first: size }, 'first page');
      const second = await page({ first: size, after: first.pageInfo.endCursor }, 'the page after');
      const nodes = (p: any) => p.edges.map((e: any) => e.node);
      expect(nodes(first)).toEqual(nodes(whole).slice(0, size));
      expect(nodes(second), 'the next page continues where the first stopped').toEqual(nodes(whole).slice(size, 2 * size));
      expect(second.nodes).toEqual(nodes(second));
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, startCursor: first.edges[0].cursor, endCursor: first.edges.at(-1).cursor });
      expect(second.pageInfo.hasPreviousPage).toBe(true);
      expect(second.pageInfo.hasNextPage).toBe(2 * size < total);
      // A cursor from the middle of a page works as well as an end cursor.
      const fromMiddle = await page({ first: 1, after: whole.edges[0].cursor }, 'after the first item');
      expect(nodes(fromMiddle)).toEqual(nodes(whole).slice(1, 2));

      if (names.has('last') || names.has('before')) {
        // Advertised backward paging must run.
        const back = await page({ last: size, before: second.pageInfo.startCursor }, 'the page before');
        expect(nodes(back), 'the page before the second is the first').toEqual(nodes(first));
        expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
        if (total <= 100) {
          const tail = await page({ last: size }, 'the last page');
          expect(nodes(tail)).toEqual(nodes(whole).slice(all - size));
          expect(tail.pageInfo.hasPreviousPage).toBe(all > size);
        }
      }
    });
  });
});
