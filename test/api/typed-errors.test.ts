// Every client error is typed, found from the schema rather than listed by
// hand: every connection reachable from the root (root connections, and the
// nested ones of every Node type, reached through node(id:)) gets forged
// cursors (its own ordering with values of the wrong types, another ordering,
// garbage), and every argument with a scalar that can be out of range (Date,
// DateTime, Decimal, Int, ID, at any depth of an input object) gets values
// outside it. Each answer is data or a typed error (BAD_USER_INPUT,
// LIMIT_EXCEEDED, NOT_FOUND), never INTERNAL_SERVER_ERROR. A new field or
// argument is covered without anyone adding a case.
import {
  coerceInputValue,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

/** Codes a client error may carry here: anything else (or no code) fails. */
const TYPED = new Set(['BAD_USER_INPUT', 'LIMIT_EXCEEDED', 'NOT_FOUND']);

/** Values for required arguments that the walk cannot invent (a new required argument name fails loudly). */
const REQUIRED_STRINGS: Record<string, string> = {
  slug: 'beijing-customs',
  around: 'beijing-customs',
  from: 'wang-hui',
  to: 'daxing-airport-comprehensive-bonded-area',
  query: 'customs',
  metric: 'import-export-value',
  subject: 'beijing',
};

/** What an ordering by an aggregate needs besides its field (issue 16): which metric. */
const ORDER_DETAILS: Record<string, Record<string, unknown>> = {
  METRIC_VALUE: { metricValue: { metric: 'import-export-value' } },
};

/** Out-of-range values of each scalar that can be out of range. */
const OUT_OF_RANGE: Record<string, unknown[]> = {
  Date: ['0000-01-01', '0000-12-31', '10000-01-01', '2023-02-30', '+275761-01-01'],
  DateTime: ['0000-01-01T00:00:00Z', '+275761-01-01T00:00:00Z', '2023-02-30T00:00:00Z'],
  // More digits than numeric(30, 6) holds before the point; more after it than PostgreSQL's numeric holds at all.
  Decimal: [`-1${'0'.repeat(40)}`, `0.${'1'.repeat(17_000)}`, '1e400', 'NaN'],
  Int: [-1, 0, 2_147_483_647],
  ID: ['!!!', b64('Entity:2147483648'), b64('Nope:1'), b64('Source:1'), 'x'.repeat(5000)],
};

function b64(text: string, url = true): string {
  return Buffer.from(text, 'utf8').toString(url ? 'base64url' : 'base64');
}

/** Values of the wrong type for one position of a cursor. */
const WRONG_VALUES: unknown[] = ['x', 1.5, 2 ** 31, null, {}, '0000-01-01', '\u0000'];

let api: TestApi;
beforeAll(async () => {
  // The cases probe resolvers, not request limits: many aliases per request.
  // With an ADMIN token: every root field answers (`tokens` too).
  api = await openTestApi('seeded', { limits: { maxAliases: 1_000, maxCost: 10_000_000, maxTokens: 1_000_000, maxDepth: 50, maxDirectives: 100 }, asAdmin: true });
});
afterAll(() => api?.close());

// The schema ----------------------------------------------------------------

const queryType = schema.getQueryType()!;
const nodeInterface = schema.getType('Node');

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

const isNodeType = (type: GraphQLNamedType): type is GraphQLObjectType =>
  isObjectType(type) && type.getInterfaces().some((i) => i === nodeInterface);

/** The GraphQL text of an input type (for variable definitions). */
const typeText = (type: GraphQLInputType): string => String(type);

/** A selection that makes any field's resolver (and a connection's page and count) run. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (isConnection(type)) return '{ totalCount edges { cursor node { __typename } } }';
  if (isObjectType(type) || isInterfaceType(type)) return '{ __typename }';
  return '';
}

interface Site {
  /** `Query` or a Node type reached through node(id:). */
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** Every field with arguments: root fields, and the fields of every Node type. */
function fieldSites(): Site[] {
  const sites: Site[] = Object.values(queryType.getFields()).map((field) => ({ parent: queryType, field }));
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isNodeType(type)) continue;
    for (const field of Object.values(type.getFields())) sites.push({ parent: type, field });
  }
  return sites;
}

/** Argument fields reachable from no site: they would escape this test. */
function unreachableArgumentFields(): string[] {
  const reachable = new Set(fieldSites().map((s) => `${s.parent.name}.${s.field.name}`));
  const missed: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    // Mutations need a token and answer bad input in their payload: test/api/curation-*.test.ts covers them.
    if (type.name.startsWith('__') || !isObjectType(type) || type === schema.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length && !reachable.has(`${type.name}.${field.name}`)) missed.push(`${type.name}.${field.name}`);
    }
  }
  return missed;
}

// Valid values ----------------------------------------------------------------

/** A valid value of an input type, built from the schema (enums: their first value). */
function validValue(type: GraphQLInputType, name: string, ids: Map<string, string>): unknown {
  if (isNonNullType(type)) return validValue(type.ofType, name, ids);
  if (isListType(type)) return [validValue(type.ofType, name, ids)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, validValue(f.type, f.name, ids)]),
    );
  }
  switch (type.name) {
    case 'String':
      if (!(name in REQUIRED_STRINGS)) throw new Error(`no sample value for the required String argument "${name}": add one to REQUIRED_STRINGS`);
      return REQUIRED_STRINGS[name];
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'ID':
      return ids.values().next().value;
    case 'Date':
      return '2023-01-01';
    case 'DateTime':
      return '2023-01-01T00:00:00Z';
    case 'Decimal':
      return '1';
    default:
      throw new Error(`no sample value for the scalar ${type.name}`);
  }
}

/** Required arguments of a field, each with a valid value. */
function requiredArgs(field: GraphQLField<unknown, unknown>, ids: Map<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => [a.name, validValue(a.type, a.name, ids)]),
  );
}

// Requests ----------------------------------------------------------------------

interface Call {
  site: Site;
  /** Variables of the field's arguments, by argument name. */
  args: Record<string, unknown>;
  alias: string;
}

/**
 * A request for calls of fields of one parent type, each call an aliased field
 * whose arguments are variables: on the root; or for each call its own
 * `node(id:) { ... on Parent }` (nullable, so an error in one call nulls only
 * that call's node); or all of them inside one `nodes(ids:)` for several parents.
 */
function document(calls: Call[], parent: string | string[] | null): { query: string; variables: Record<string, unknown> } {
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const parentType = calls[0]!.site.parent;
  const fields = calls.map((call, i) => {
    const args = Object.entries(call.args).map(([name, value]) => {
      const arg = call.site.field.args.find((a) => a.name === name)!;
      definitions.push(`$v${i}_${name}: ${typeText(arg.type)}`);
      variables[`v${i}_${name}`] = value;
      return `${name}: $v${i}_${name}`;
    });
    const field = `${call.site.field.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionFor(call.site.field)}`;
    return typeof parent === 'string' ? `${call.alias}: node(id: $parent) { ... on ${parentType.name} { ${field} } }` : `${call.alias}: ${field}`;
  });
  if (parent !== null) {
    definitions.push(Array.isArray(parent) ? '$parents: [ID!]!' : '$parent: ID!');
    variables[Array.isArray(parent) ? 'parents' : 'parent'] = parent;
  }
  const body = Array.isArray(parent) ? `nodes(ids: $parents) { ... on ${parentType.name} { ${fields.join(' ')} } }` : fields.join(' ');
  return { query: `query${definitions.length ? `(${definitions.join(', ')})` : ''} { ${body} }`, variables };
}

interface Failure {
  case: string;
  code: unknown;
  message: string;
}

/** A call to probe: a name for the report, and the field's arguments. */
interface Probe {
  name: string;
  args: Record<string, unknown>;
}

/**
 * Sends each probe to the site's field and returns every answer that is not
 * data or a typed client error. A non-null root field's error ends the whole
 * request (graphql-js stops at the first), so root fields get one request per
 * probe; a Node type's fields are batched, each probe under a node of its own.
 */
async function probe(site: Site, parentId: string | null, probes: Probe[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  const batches = parentId === null ? probes.map((p) => [p]) : batchesOf(probes, 40_000);
  // A few requests at a time: most answers come before any SQL runs.
  const queue = [...batches];
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) await send(batch);
  };
  await Promise.all([1, 2, 3, 4].map(worker));
  return failures;

  async function send(batch: Probe[]) {
    const { query, variables } = document(batch.map((p, i) => ({ site, alias: `c${i}`, args: p.args })), parentId);
    const response = await api.query(query, variables);
    const answered = new Set<number>();
    for (const error of response.errors ?? []) {
      // A request-level error (no path) answers every probe of the batch.
      const index = error.path ? Number(String(error.path[0]).slice(1)) : null;
      if (index === null) batch.forEach((_, i) => answered.add(i));
      else answered.add(index);
      if (!TYPED.has(String(error.extensions?.code))) {
        const name = index === null ? batch.map((p) => p.name).join(' | ') : batch[index]!.name;
        failures.push({ case: name, code: error.extensions?.code, message: error.message.slice(0, 200) });
      }
    }
    batch.forEach((p, i) => {
      if (response.data?.[`c${i}`] != null) answered.add(i);
      // Every probe is answered, with data or an error: none is lost behind another's error.
      if (!answered.has(i)) failures.push({ case: p.name, code: 'NO ANSWER', message: JSON.stringify(response).slice(0, 200) });
    });
  }
}

/** An ID of one instance of every Node type on the seed, and every entity's ID by type. */
async function seedIds(): Promise<Map<string, string[]>> {
  // Connections of nodes (claims groups competing values, which are not nodes of their own).
  const ofNodes = (type: GraphQLNamedType) => {
    const items = getNamedType((type as GraphQLObjectType).getFields().nodes?.type ?? type);
    return isNodeType(items) || (isInterfaceType(items) && items.getInterfaces().some((i) => i === nodeInterface));
  };
  const roots = Object.values(queryType.getFields()).filter(
    (f) => isConnection(getNamedType(f.type)) && ofNodes(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined),
  );
  const query = `{ ${roots.map((f) => `${f.name}(first: 100) { nodes { __typename id } }`).join(' ')} }`;
  const response = await api.query(query);
  expect(response.errors).toBeUndefined();
  const byType = new Map<string, string[]>();
  for (const connection of Object.values(response.data!) as Array<{ nodes: Array<{ __typename: string; id: string }> }>) {
    for (const node of connection.nodes) {
      const list = byType.get(node.__typename) ?? [];
      if (!list.includes(node.id)) list.push(node.id);
      byType.set(node.__typename, list);
    }
  }
  return byType;
}

// Cursors -------------------------------------------------------------------------

/** Forged cursors from a real one: its own ordering with values of the wrong type, or of the wrong width. */
function forgeries(cursor: string): Array<[label: string, cursor: string]> {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const out: Array<[string, string]> = [];
  if (decoded.startsWith('GPC:')) {
    // Pothos' own cursors (relatedConnection): GPC: then a tagged chunk.
    for (const chunk of ['S:abc', 'N:1.5', 'N:1e300', 'N:-1', 'N:99999999999', 'J:[]', 'J:{"a":1}', 'D:nope', 'T:[]', 'garbage', '']) {
      out.push([`GPC:${chunk}`, b64(`GPC:${chunk}`, false)]);
    }
    return out;
  }
  const [name, ...values] = JSON.parse(decoded) as [string, ...unknown[]];
  values.forEach((_, position) => {
    for (const wrong of WRONG_VALUES) {
      const forged = [...values];
      forged[position] = wrong;
      out.push([`${name} with ${JSON.stringify(wrong)?.slice(0, 20)} at ${position}`, b64(JSON.stringify([name, ...forged]))]);
    }
  });
  out.push([`${name} with one value too many`, b64(JSON.stringify([name, ...values, 1]))]);
  out.push([`${name} with one value too few`, b64(JSON.stringify([name, ...values.slice(1)]))]);
  return out;
}

/** The ordering name a cursor carries (ours: the first element; Pothos': its prefix). */
function orderingOf(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  return decoded.startsWith('GPC:') ? 'GPC' : String((JSON.parse(decoded) as unknown[])[0]);
}

const GARBAGE: Array<[string, string]> = [
  ['empty', ''],
  ['punctuation', '!!!'],
  ['not JSON', b64('not json')],
  ['an empty array', b64('[]')],
  ['huge', 'A'.repeat(20_000)],
  ['another ordering', b64(JSON.stringify(['another-ordering', 1]))],
];

/** The orderBy values of a connection field (every field and direction of an `orderBy` input), else just the default. */
function orderings(field: GraphQLField<unknown, unknown>): Array<Record<string, unknown> | undefined> {
  const orderBy = field.args.find((a) => a.name === 'orderBy');
  if (!orderBy) return [undefined];
  const input = getNamedType(orderBy.type);
  if (!isInputObjectType(input)) return [undefined];
  const fieldEnum = getNamedType(input.getFields().field!.type);
  const directionEnum = getNamedType(input.getFields().direction!.type);
  if (!isEnumType(fieldEnum) || !isEnumType(directionEnum)) return [undefined];
  return [undefined, ...fieldEnum.getValues().flatMap((f) => directionEnum.getValues().map((d) => ({ field: f.name, direction: d.name, ...ORDER_DETAILS[f.name] })))];
}

/**
 * The sites worth probing: a field inherited from an interface (Entity's
 * observations, relations, neighbors) has one resolver for every type that
 * implements it, so it is probed on one of them (the first with an instance
 * on the seed); root fields with the same arguments and shape, once.
 */
/** What a site shares its code path with (see distinctSites). */
function siteKey(site: Site): string {
  const owner = site.parent.getInterfaces().find((i) => site.field.name in i.getFields() && i !== nodeInterface);
  if (owner) return `${owner.name}.${site.field.name}`;
  // Root lists made from one template (customsOffices, bondedZones, ...: the same
  // arguments, a connection of a different kind) are one code path: probed once.
  if (site.parent !== queryType || !site.field.args.length) return `${site.parent.name}.${site.field.name}`;
  const returns = isConnection(getNamedType(site.field.type)) ? 'connection' : String(site.field.type);
  return `Query(${site.field.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ')}) -> ${returns}`;
}

function distinctSites(sites: Site[], ids: Map<string, string[]>): Site[] {
  const seen = new Set<string>();
  return sites.filter((site) => {
    if (site.parent !== queryType && !ids.get(site.parent.name)?.length) return false;
    if (seen.has(siteKey(site))) return false;
    seen.add(siteKey(site));
    return true;
  });
}

/** Real cursors of every connection and ordering, from the first instance of its parent with a non-empty page: one request per parent type. */
async function realCursors(connections: Site[], ids: Map<string, string[]>, anyId: Map<string, string>) {
  const found = new Map<string, { cursor: string | null; parentId: string | null }>();
  const byParent = new Map<GraphQLObjectType, Site[]>();
  for (const site of connections) byParent.set(site.parent, [...(byParent.get(site.parent) ?? []), site]);
  for (const [parent, sites] of byParent) {
    const calls = sites.flatMap((site) =>
      orderings(site.field).map((orderBy) => ({ site, orderBy, args: { ...requiredArgs(site.field, anyId), ...(orderBy ? { orderBy } : {}), first: 1 } })),
    );
    const withAliases = calls.map((c, i) => ({ ...c, alias: `c${i}` }));
    const parents = parent === queryType ? null : ids.get(parent.name)!;
    const { query, variables } = document(withAliases, parents);
    const response = await api.query(query, variables);
    expect(response.errors, `looking for cursors on ${parent.name}`).toBeUndefined();
    const instances: Array<{ id: string | null; data: Record<string, any> }> =
      parents === null ? [{ id: null, data: response.data! }] : (response.data!.nodes as Array<Record<string, any>>).map((n, i) => ({ id: parents[i]!, data: n }));
    for (const call of withAliases) {
      const hit = instances.find((n) => n.data[call.alias]?.edges?.length);
      found.set(`${call.site.parent.name}.${call.site.field.name} ${JSON.stringify(call.orderBy ?? {})}`, {
        cursor: hit?.data[call.alias].edges[0].cursor ?? null,
        parentId: hit ? hit.id : (parents?.[0] ?? null),
      });
    }
  }
  return found;
}

describe('every client error is typed', () => {
  let ids: Map<string, string[]>;
  let anyId: Map<string, string>;
  let sites: Site[];

  beforeAll(async () => {
    ids = await seedIds();
    anyId = new Map([...ids].map(([type, list]) => [type, list[0]!]));
    sites = distinctSites(fieldSites(), ids);
  });

  it('reaches every field that takes arguments', () => {
    expect(unreachableArgumentFields()).toEqual([]);
    // A field of a type with no instance on the seed would be skipped: none may be.
    const probed = new Set(sites.map(siteKey));
    expect(fieldSites().filter((s) => s.field.args.length && !probed.has(siteKey(s))).map((s) => `${s.parent.name}.${s.field.name}`)).toEqual([]);
    expect(sites.filter((s) => isConnection(getNamedType(s.field.type))).length).toBeGreaterThan(15);
  });

  it('answers forged cursors on every connection with a typed error', async () => {
    const connections = sites.filter((s) => isConnection(getNamedType(s.field.type)));
    const cursors = await realCursors(connections, ids, anyId);
    const failures: Failure[] = [];
    const withoutCursor: string[] = [];
    // Each ordering's values are checked as its cursors are decoded, wherever the
    // connection: forged values are sent once per ordering, garbage to every connection.
    const probedOrderings = new Set<string>();
    let cases = 0;
    for (const site of connections) {
      const label = `${site.parent.name}.${site.field.name}`;
      for (const [i, orderBy] of orderings(site.field).entries()) {
        const key = `${label} ${JSON.stringify(orderBy ?? {})}`;
        const { cursor, parentId } = cursors.get(key)!;
        if (!cursor) withoutCursor.push(key);
        const forged = cursor && !probedOrderings.has(orderingOf(cursor)) ? forgeries(cursor) : [];
        if (cursor) probedOrderings.add(orderingOf(cursor));
        const base = { ...requiredArgs(site.field, anyId), ...(orderBy ? { orderBy } : {}) };
        // Forwards and backwards from each forged value (nullable keys cut pages differently
        // each way), and garbage, which never decodes, forwards only.
        // Backwards only where the connection takes last/before (search and neighbors page forwards only).
        const backwards = site.field.args.some((a) => a.name === 'before');
        const probes = [
          ...forged.flatMap(([name, c]) => [
            { name: `${key} after: ${name}`, args: { ...base, first: 2, after: c } },
            ...(backwards ? [{ name: `${key} before: ${name}`, args: { ...base, last: 2, before: c } }] : []),
          ]),
          ...(i === 0 ? GARBAGE.map(([name, c]) => ({ name: `${key} after: ${name}`, args: { ...base, first: 2, after: c } })) : []),
        ];
        if (!probes.length) continue;
        cases += probes.length;
        failures.push(...(await probe(site, parentId, probes)));
      }
    }
    console.info(
      `[typed errors] ${cases} forged cursors on ${connections.length} connections, ${probedOrderings.size} orderings; ` +
        `no real cursor on the seed for ${withoutCursor.join(', ') || 'none'}`,
    );
    expect(probedOrderings.size).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers out-of-range scalars in every argument with a typed error', async () => {
    const failures: Failure[] = [];
    const rejectedByCoercion = new Set<string>();
    let cases = 0;
    for (const site of sites) {
      const label = `${site.parent.name}.${site.field.name}`;
      const parentId = site.parent === queryType ? null : anyId.get(site.parent.name)!;
      const base = requiredArgs(site.field, anyId);
      const probes: Probe[] = [];
      for (const arg of site.field.args) {
        for (const [path, scalar, wrap] of scalarLeaves(arg)) {
          for (const value of OUT_OF_RANGE[scalar]!) {
            const args = { ...base, [arg.name]: wrap(value, anyId) };
            const name = `${label}(${path}: ${JSON.stringify(value).slice(0, 24)})`;
            if (!coercionErrors(arg.type, args[arg.name])) {
              probes.push({ name, args });
              continue;
            }
            // A value the scalar itself refuses is refused while the variables are
            // coerced (the whole request), the same way whatever the field: sent
            // alone, once per scalar and value.
            const key = `${scalar} ${JSON.stringify(value)}`;
            if (rejectedByCoercion.has(key)) continue;
            rejectedByCoercion.add(key);
            cases += 1;
            failures.push(...(await probe(site, parentId, [{ name, args }])));
          }
        }
      }
      cases += probes.length;
      failures.push(...(await probe(site, parentId, probes)));
    }
    console.info(`[typed errors] ${cases} out-of-range arguments`);
    expect(failures).toEqual([]);
  }, 120_000);
});

/** Calls in batches whose variables stay under `bytes` of JSON. */
function batchesOf<C extends { args: Record<string, unknown> }>(calls: C[], bytes: number): C[][] {
  const batches: C[][] = [];
  let size = Infinity;
  for (const call of calls) {
    const length = JSON.stringify(call.args).length;
    if (size + length > bytes) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)!.push(call);
    size += length;
  }
  return batches;
}

/** Whether the variable coercion of graphql-js refuses a value for an argument type. */
function coercionErrors(type: GraphQLInputType, value: unknown): boolean {
  let refused = false;
  coerceInputValue(value, type, () => (refused = true));
  return refused;
}

type Wrap = (value: unknown, ids: Map<string, string>) => unknown;

/**
 * The places in an argument where a scalar that can be out of range sits:
 * the argument itself, or a field of its input object (recursively, each
 * input type once per path), with a function that builds the argument's value
 * around a value put there.
 */
function scalarLeaves(arg: GraphQLArgument): Array<[path: string, scalar: string, wrap: Wrap]> {
  const leaves: Array<[string, string, Wrap]> = [];
  // The same column compares the same way wherever the filter nests it (and, or,
  // not, some, every): each (input type, field, operator) once, at its shallowest.
  const places = new Set<string>();
  const queue: Array<{ type: GraphQLInputType; path: string; wrap: Wrap; place: string }> = [{ type: arg.type, path: arg.name, wrap: (v) => v, place: arg.name }];
  while (queue.length) {
    const { type, path, wrap, place } = queue.shift()!;
    if (isNonNullType(type)) {
      queue.push({ type: type.ofType, path, wrap, place });
    } else if (isListType(type)) {
      queue.push({ type: type.ofType, path: `${path}[]`, wrap: (v, ids) => wrap([v], ids), place });
    } else if (isScalarType(type)) {
      if (type.name in OUT_OF_RANGE) leaves.push([path, type.name, wrap]);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const fieldPlace = `${place.split('>').at(-1)}>${type.name}.${field.name}`;
        if (places.has(fieldPlace)) continue;
        places.add(fieldPlace);
        queue.push({
          type: field.type,
          path: `${path}.${field.name}`,
          // The required siblings of the field, with valid values.
          wrap: (v, ids) => wrap({ ...(validValue(type, field.name, ids) as Record<string, unknown>), [field.name]: v }, ids),
          place: fieldPlace,
        });
      }
    }
  }
  return leaves;
}
