// Global IDs, generated from the schema: every `id` any answer holds names one
// object of one type, and node(id:) refetches it as that type. Normalising
// caches (Relay, Apollo, urql graphcache) key records by ID, so an `id` shared
// by two types, or one that `node` cannot refetch, corrupts them. The answers
// are generated: every type reachable from the root, with everything it points
// to two levels down, so a new type or field is covered without a new case.
import { getNamedType, isCompositeType, isInterfaceType, isObjectType, isUnionType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import {
  argumentsText,
  type Composite,
  fillArguments,
  identity,
  isConnectionType,
  possibleTypes,
  type Route,
  routes,
  seedValues,
  type Step,
  type ValuePool,
  WIDE_QUERIES,
  wrap,
} from '../helpers/schema-walk.ts';

/** Levels of objects selected beneath each type reached. */
const DEPTH = 2;
/** Items per connection in the generated answers. */
const PAGE = 5;

let api: TestApi;
let pool: ValuePool;
let routeTo: Map<string, Route>;
/** Every `id` seen, with the types it was seen as and where. */
const seen = new Map<string, Map<string, string>>();
/** Errors of the generated answers, by the type each started from. */
const failures: string[] = [];

beforeAll(async () => {
  api = await openTestApi('seeded', WIDE_QUERIES);
  pool = await seedValues(api, schema);
  routeTo = await routes(api, schema, pool);
  for (const [name, route] of routeTo) {
    const type = schema.getType(name)!;
    // Connections and edges are reached anyway through the types that hold them.
    if (!(isObjectType(type) || isInterfaceType(type)) || isConnectionType(type) || name === schema.getQueryType()!.name) continue;
    const response = await api.query(`{ ${wrap(route.steps, await wide(type, route.steps, DEPTH, true), PAGE)} }`);
    if (response.errors) failures.push(`${name}: ${JSON.stringify(response.errors.slice(0, 2))}`);
    collect(response.data, name);
  }
}, 300_000);
afterAll(() => api?.close());

/** Records every object of an answer that has both `__typename` and `id`. */
function collect(value: unknown, where: string) {
  if (Array.isArray(value)) return value.forEach((v) => collect(v, where));
  if (value === null || typeof value !== 'object') return;
  const { __typename, id } = value as { __typename?: string; id?: unknown };
  if (typeof __typename === 'string' && typeof id === 'string') {
    const types = seen.get(id) ?? new Map<string, string>();
    if (!types.has(__typename)) types.set(__typename, where);
    seen.set(id, types);
  }
  for (const v of Object.values(value)) collect(v, where);
}

/**
 * `__typename` and `id` of a type and of everything it points to, `depth`
 * levels down (through connections' edges and nodes; at the start, every type
 * an interface may be), with required arguments filled from the seed.
 */
async function wide(type: Composite, route: Step[], depth: number, start = false): Promise<string> {
  const parts = [identity(type)];
  if (depth === 0) return parts.join(' ');
  // The types an interface may be are spread out where a walk starts; deeper down, its own fields.
  const types: Composite[] = [type, ...(start && isInterfaceType(type) ? possibleTypes(schema, type) : [])];
  for (const t of types) {
    const own: string[] = [];
    const here: Step[] = t === type ? route : [...route, { on: t.name }];
    for (const field of Object.values(t.getFields())) {
      if (t !== type && field.name in type.getFields()) continue;
      const target = getNamedType(field.type);
      if (!isCompositeType(target) || isUnionType(target)) continue;
      // A connection's `nodes` are its edges' nodes.
      if (isConnectionType(t) && field.name === 'nodes') continue;
      const values = await fillArguments(api, pool, here, field);
      if (!values) continue;
      if (field.args.some((a) => a.name === 'first')) values.first = PAGE;
      const next: Step[] = [...here, { field: field.name, args: argumentsText(field, values) }];
      // A connection and its edges are wrappers: the level is the items.
      const wrapper = isConnectionType(target) || isConnectionType(type);
      own.push(`${field.name}${argumentsText(field, values)} { ${await wide(target as Composite, next, wrapper ? depth : depth - 1)} }`);
    }
    if (own.length) parts.push(t === type ? own.join(' ') : `... on ${t.name} { ${own.join(' ')} }`);
  }
  return parts.join(' ');
}

describe('global IDs', () => {
  it('are only on Node types: an object with an id can be refetched by node(id:)', () => {
    const withId = Object.values(schema.getTypeMap()).filter(
      (t): t is Composite => (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith('__') && 'id' in t.getFields(),
    );
    expect(withId.length).toBeGreaterThan(5);
    const notNodes = withId.filter((t) => t.name !== 'Node' && !t.getInterfaces().some((i) => i.name === 'Node'));
    expect(notNodes.map((t) => t.name), 'types with an id that node(id:) cannot refetch').toEqual([]);
  });

  it('name one type each, across answers generated for every type of the schema', () => {
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThan(100);
    const shared = [...seen].filter(([, types]) => types.size > 1).map(([id, types]) => `${id}: ${[...types].map(([t, w]) => `${t} (under ${w})`).join(', ')}`);
    expect(shared, 'IDs that name objects of two types').toEqual([]);
  });

  it('refetch every object through node(id:) as the same type', async () => {
    expect(seen.size).toBeGreaterThan(100);
    const ids = [...seen.keys()];
    const wrong: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const response = await api.query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: batch });
      batch.forEach((id, j) => {
        const node = response.data?.nodes[j];
        for (const type of seen.get(id)!.keys()) {
          if (node?.id !== id || node?.__typename !== type) wrong.push(`${id} (${type}) came back as ${JSON.stringify(node)}`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });
});
