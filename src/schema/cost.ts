// What one field of a query costs, for the query-cost limit (Pothos'
// complexity plugin adds the costs up before execution; src/http/query-limits.ts
// enforces the total). The unit is one field of the answer. A field costs 1,
// and what it selects below is counted once per item it may return: a
// connection as many items as its page (`first`/`last`, else the default
// page), whose `edges`/`nodes` lists are not multiplied a second time (the
// builder gives them CONNECTION_LIST_COST); other lists LIST_MULTIPLIER items.
//
// A field also costs the rows it may make PostgreSQL read beyond those it
// returns, one unit per ROWS_PER_UNIT rows: a walk the entities it may visit,
// a search the candidates it ranks, a root list, a search of source texts or
// an aggregate the table it reads (its filter and count may read all of it),
// a nested list the rows of its parent. These are bounds, known before the
// query runs, from the arguments and the caps the SQL enforces; where the data
// decides (how many entities one step of a walk reaches), an assumed fan-out
// stands in, as the list multiplier does for lists.
import { type GraphQLField, type GraphQLObjectType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { LIMITS } from '../limits.ts';

/** The `edges` and `nodes` lists of a connection: counted once, the connection's page multiplies them. */
export const CONNECTION_LIST_COST = { field: 1, multiplier: 1 };

/** Multiplier of a plain list field (not a connection): its length is unknown before execution. */
export const LIST_MULTIPLIER = 10;

/** Rows PostgreSQL may read for one unit of cost (one field of the answer). */
export const ROWS_PER_UNIT = 10;

/**
 * Entities one step of a walk is assumed to reach from each entity: most
 * reach a handful, a hub thousands, so a walk of two steps or more is priced
 * at its cap (on the 20k-entity generated graph, a median entity reaches 385
 * entities in two steps and the cap of 10,000 in three).
 */
export const STEP_FANOUT = 100;

/** Rows a nested list may read under one parent (its page is cut by an index; its count counts them). */
export const PARENT_ROWS = STEP_FANOUT;

/** Rows a root list, a search of source texts or an aggregate may read: a table. */
export const TABLE_ROWS = 10_000;

/** The cost of reading `rows` rows. */
export const rowsCost = (rows: number): number => Math.ceil(rows / ROWS_PER_UNIT);

/** Entities a walk of `depth` steps may visit from one start, at most `cap` (the SQL's cut). */
export const walkReach = (depth: number, cap: number): number => Math.min(cap, STEP_FANOUT ** depth);

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : null;
}

/** Fields of the root type: a list there reads a table, not a parent's rows. */
const rootFields = new WeakSet<object>();

/** Tells the cost which fields are root fields (called once the schema is built). */
export function priceRootFields(queryType: GraphQLObjectType): void {
  for (const field of Object.values(queryType.getFields())) rootFields.add(field);
}

export function fieldCost(
  args: Record<string, unknown>,
  _ctx: unknown,
  field: Pick<GraphQLField<unknown, unknown>, 'name' | 'type' | 'args'>,
): { field: number; multiplier: number } {
  const argNames = new Set(field.args.map((a) => a.name));
  // A connection (or a paged list): as many items as the page asks for, and the rows it may read.
  if (argNames.has('first') || argNames.has('last')) {
    const rows = rootFields.has(field) ? TABLE_ROWS : PARENT_ROWS;
    return { field: 1 + rowsCost(rows), multiplier: count(args.first) ?? count(args.last) ?? LIMITS.defaultPageSize };
  }
  if (!isList(field.type)) return { field: 1, multiplier: 1 };
  // nodes(ids:): one item per ID.
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  return { field: 1, multiplier: LIST_MULTIPLIER };
}
