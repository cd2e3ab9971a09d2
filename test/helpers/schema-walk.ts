// Queries generated from the schema, for tests that must cover every field
// without anyone listing it: how to reach each type from the root (a route),
// values for required arguments found in the seed, and selections of a type's
// fields. A new field or type is covered as soon as it is in the schema.
import {
  astFromValue,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  print,
} from 'graphql';
import type { TestApi } from './api.ts';

export type Composite = GraphQLObjectType | GraphQLInterfaceType;

/**
 * Generated selections are wide (every field of every item): the request limits are not what these tests are about.
 * They reach every root field, `tokens` too: with an ADMIN token.
 */
export const WIDE_QUERIES = { limits: { maxCost: 10_000_000, maxTokens: 100_000, maxDepth: 100, maxAliases: 1_000, maxBodyBytes: 1_000_000 }, asAdmin: true };

/** A Relay connection type: `edges` of objects with `node` and `cursor`, and `pageInfo`. */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  const edge = fields.edges && getNamedType(fields.edges.type);
  return !!edge && isObjectType(edge) && 'node' in edge.getFields() && 'cursor' in edge.getFields() && 'pageInfo' in fields;
}

/** The type of a connection's items. */
export function nodeTypeOf(connection: GraphQLObjectType): GraphQLNamedType {
  const edge = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node!.type);
}

/** The object types a composite type may be at run time. */
export function possibleTypes(schema: GraphQLSchema, type: GraphQLNamedType): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  if (isInterfaceType(type) || isUnionType(type)) return schema.getPossibleTypes(type);
  return [];
}

const required = (arg: GraphQLArgument) => isNonNullType(arg.type) && arg.defaultValue === undefined;

/** An argument value as a GraphQL literal. */
export function literal(value: unknown, type: GraphQLInputType): string {
  const ast = astFromValue(value, type);
  if (!ast) throw new Error(`cannot write ${JSON.stringify(value)} as ${String(type)}`);
  return print(ast);
}

export function argumentsText(field: GraphQLField<unknown, unknown>, values: Record<string, unknown>): string {
  const parts = Object.entries(values).map(([name, value]) => `${name}: ${literal(value, field.args.find((a) => a.name === name)!.type)}`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * One step from a type towards another: a field with its arguments (`paged`:
 * a connection, whose page size the query chooses), or a type condition.
 */
export type Step = { field: string; args: string; paged?: boolean } | { on: string };

/** Wraps `inner` in the selections of `route`, from the root; connections on the way get pages of `pageSize`. */
export function wrap(route: readonly Step[], inner: string, pageSize = 20): string {
  return route.reduceRight((body, step) => {
    if ('on' in step) return `... on ${step.on} { ${body} }`;
    const args = step.paged ? (step.args ? `${step.args.slice(0, -1)}, first: ${pageSize})` : `(first: ${pageSize})`) : step.args;
    return `${step.field}${args} { ${body} }`;
  }, inner);
}

/** Every value at the end of `route` in `data` (lists flattened, nulls dropped), in response order. */
export function valuesAt(data: unknown, route: readonly Step[]): unknown[] {
  let level: unknown[] = [data];
  for (const step of route) {
    if ('on' in step) continue;
    level = level.flatMap((value) => {
      if (value === null || value === undefined) return [];
      const next = (value as Record<string, unknown>)[step.field];
      return Array.isArray(next) ? next : [next];
    });
    level = level.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null && v !== undefined);
  }
  return level;
}

/** Leaf fields of a type that take no required argument. */
export function leafFields(type: Composite): string[] {
  return Object.values(type.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some(required))
    .map((f) => f.name);
}

/** `__typename`, and `id` where the type (or every type it may be) has one. */
export function identity(type: GraphQLNamedType): string {
  const hasId = isCompositeType(type) && !isUnionType(type) && 'id' in (type as Composite).getFields();
  return hasId ? '__typename id' : '__typename';
}

/**
 * What a client typically selects on an item: its leaf fields, the identity of
 * the objects it points to (not connections: pages are their own test), and
 * the own fields of each type it may be.
 */
export function itemSelection(schema: GraphQLSchema, type: GraphQLNamedType, leaveOut: ReadonlySet<string> = new Set()): string {
  if (!isCompositeType(type) || isUnionType(type)) return '__typename';
  const fieldsOf = (t: Composite, except: Set<string>) =>
    Object.values(t.getFields())
      .filter((f) => !except.has(f.name) && !leaveOut.has(f.name) && !f.args.some(required))
      .flatMap((f) => {
        const named = getNamedType(f.type);
        if (isLeafType(named)) return [f.name];
        if (isConnectionType(named)) return [];
        return [`${f.name} { ${identity(named)} }`];
      });
  const own = fieldsOf(type, new Set());
  const typed = isInterfaceType(type)
    ? possibleTypes(schema, type).map((t) => {
        const extra = fieldsOf(t, new Set(Object.keys(type.getFields())));
        return extra.length ? `... on ${t.name} { ${extra.join(' ')} }` : '';
      })
    : [];
  return ['__typename', ...own, ...typed].filter(Boolean).join(' ');
}

/** The string values of the seed, by field name: the candidates for required arguments. */
export type ValuePool = Map<string, string[]>;

/**
 * Reads the seed's strings: every string or ID leaf field of the items of each
 * root connection that needs no argument (slugs, names, titles, IDs...).
 */
export async function seedValues(api: TestApi, schema: GraphQLSchema): Promise<ValuePool> {
  const pool: ValuePool = new Map();
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const type = getNamedType(field.type);
    if (!isConnectionType(type) || field.args.some(required)) continue;
    const node = nodeTypeOf(type);
    if (!isCompositeType(node) || isUnionType(node)) continue;
    const strings = Object.values((node as Composite).getFields()).filter((f) => {
      const named = getNamedType(f.type);
      return isScalarType(named) && (named.name === 'String' || named.name === 'ID') && !f.args.length;
    });
    const response = await api.query(`{ ${field.name}(first: 100) { edges { node { ${strings.map((f) => f.name).join(' ')} } } } }`);
    for (const edge of response.data?.[field.name]?.edges ?? []) {
      for (const f of strings) {
        const values = [edge.node[f.name]].flat().filter((v): v is string => typeof v === 'string');
        // Also by connection: an argument `metric` takes the slugs of `metrics` (see candidates).
        for (const key of [f.name, `${field.name}.${f.name}`]) {
          const list = pool.get(key) ?? [];
          for (const v of values) if (!list.includes(v)) list.push(v);
          pool.set(key, list);
        }
      }
    }
  }
  return pool;
}

/**
 * Candidates for a string argument: values of the field of the same name;
 * else every slug (the identifiers arguments take), then a mix of the seed's
 * other strings (names, titles: what a search is asked). IDs only for IDs.
 */
function candidates(pool: ValuePool, name: string, limit: number): string[] {
  if (pool.has(name)) return pool.get(name)!.slice(0, limit);
  // An argument named for what a root connection lists (metric: metrics) takes its slugs.
  if (pool.has(`${name}s.slug`)) return pool.get(`${name}s.slug`)!.slice(0, limit);
  const lists = [...pool.entries()].filter(([field]) => !['text', 'id', 'slug'].includes(field) && !field.includes('.')).map(([, values]) => values);
  const mixed: string[] = [...(pool.get('slug') ?? [])];
  for (let i = 0; mixed.length < limit && lists.some((l) => i < l.length); i++) {
    for (const list of lists) if (i < list.length && !mixed.includes(list[i]!)) mixed.push(list[i]!);
  }
  return mixed.slice(0, limit);
}

/** How much an answer holds under a field: a connection's total, a list's length, 1 for an object. */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.length;
  const totalCount = (value as { totalCount?: unknown }).totalCount;
  return typeof totalCount === 'number' ? totalCount : 1;
}

function sizeSelection(type: GraphQLNamedType): string {
  if (isConnectionType(type)) return 'totalCount';
  return isCompositeType(type) ? '__typename' : '';
}

/** A value of a simple type for a required argument that is not a string. */
function plainValue(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  const base = isEnumType(named) ? named.getValues()[0]!.value : isScalarType(named) && named.name === 'Int' ? 1 : isScalarType(named) && named.name === 'Boolean' ? true : undefined;
  return base;
}

const PROBE_CANDIDATES = 80;

/**
 * Which of `tries` (sets of arguments for `field` on the type `route` reaches)
 * answers the most without an error: all probed in one request (aliases).
 */
async function bestOf(api: TestApi, route: readonly Step[], field: GraphQLField<unknown, unknown>, tries: Array<Record<string, unknown>>) {
  const selection = sizeSelection(getNamedType(field.type));
  const probe = (args: Record<string, unknown>, i: number) => `p${i}: ${field.name}${argumentsText(field, args)}${selection ? ` { ${selection} }` : ''}`;
  let answers = [await api.query(`{ ${wrap(route, tries.map(probe).join(' '))} }`)];
  // An error under a non-null field nulls the whole answer: then one request per candidate.
  if (!answers[0]!.data) answers = await Promise.all(tries.map((args, i) => api.query(`{ ${wrap(route, probe(args, i))} }`)));
  let best = { size: -1, args: tries[0]! };
  tries.forEach((args, i) => {
    const response = answers[answers.length === 1 ? 0 : i]!;
    const size = valuesAt(response.data, [...route, { field: `p${i}`, args: '' }]).reduce<number>((sum, v) => sum + sizeOf(v), 0);
    const failed = response.errors?.some((e) => e.path?.includes(`p${i}`));
    if (!failed && size > best.size) best = { size, args };
  });
  return best.args;
}

/**
 * Values for the required arguments of `field` (on the type `route` reaches)
 * that make it answer the most: first one value for all its string arguments
 * at once (a path from an entity to itself is a path), then each argument in
 * turn tries the seed's candidates and keeps the best.
 * Returns null when an argument has no value this helper can make.
 */
export async function fillArguments(api: TestApi, pool: ValuePool, route: readonly Step[], field: GraphQLField<unknown, unknown>): Promise<Record<string, unknown> | null> {
  const needed = field.args.filter(required);
  if (!needed.length) return {};
  const options = new Map<string, unknown[]>();
  for (const arg of needed) {
    const named = getNamedType(arg.type);
    const isString = isScalarType(named) && (named.name === 'String' || named.name === 'ID');
    const plain = isString ? undefined : plainValue(arg.type);
    const values = isString ? candidates(pool, named.name === 'ID' ? 'id' : arg.name, PROBE_CANDIDATES) : plain === undefined ? [] : [plain];
    if (!values.length) return null;
    options.set(arg.name, values.map((v) => (isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) ? [v] : v)));
  }
  let chosen: Record<string, unknown> = Object.fromEntries(needed.map((a) => [a.name, options.get(a.name)![0]]));
  const several = needed.filter((a) => options.get(a.name)!.length > 1);
  if (several.length > 1) {
    chosen = await bestOf(api, route, field, options.get(several[0]!.name)!.map((v) => ({ ...chosen, ...Object.fromEntries(several.map((a) => [a.name, v])) })));
  }
  for (const arg of several) chosen = await bestOf(api, route, field, options.get(arg.name)!.map((v) => ({ ...chosen, [arg.name]: v })));
  return chosen;
}

export interface Route {
  steps: Step[];
  cost: number;
}

/**
 * The cheapest way from the root to every composite type: through fields that
 * need no arguments where possible (a required argument costs more, filled
 * from the seed), connections through `edges { node }`, and to object types
 * through type conditions.
 */
export async function routes(api: TestApi, schema: GraphQLSchema, pool: ValuePool): Promise<Map<string, Route>> {
  const best = new Map<string, Route>([[schema.getQueryType()!.name, { steps: [], cost: 0 }]]);
  const done = new Set<string>();
  for (;;) {
    const open = [...best.entries()].filter(([name]) => !done.has(name)).sort((a, b) => a[1].cost - b[1].cost);
    if (!open.length) return best;
    const [name, route] = open[0]!;
    done.add(name);
    const type = schema.getType(name) as Composite;
    const offer = (target: string, steps: Step[], cost: number) => {
      const known = best.get(target);
      if (!known || known.cost > cost) best.set(target, { steps, cost });
    };
    if (isInterfaceType(type)) for (const t of possibleTypes(schema, type)) offer(t.name, [...route.steps, { on: t.name }], route.cost);
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isCompositeType(target) || isUnionType(target)) continue;
      // Items are reached through edges { node }; `nodes` is what the contract test checks.
      if (isConnectionType(type) && field.name === 'nodes') continue;
      const needsArgs = field.args.some(required);
      // IDs come from answers, not the seed's strings: node(id:) is not a route.
      if (needsArgs && field.args.some((a) => required(a) && getNamedType(a.type).name === 'ID')) continue;
      const cost = route.cost + (needsArgs ? 5 : 1);
      if (best.has(target.name) && best.get(target.name)!.cost <= cost) continue;
      const values = needsArgs ? await fillArguments(api, pool, route.steps, field) : {};
      if (!values) continue;
      const paged = isConnectionType(target) && field.args.some((a) => a.name === 'first');
      offer(target.name, [...route.steps, { field: field.name, args: argumentsText(field, values), paged }], cost);
    }
  }
}
