// What one field of a query costs, for the query-cost limit (Pothos'
// complexity plugin adds the costs up before execution; src/http/query-limits.ts
// enforces the total). A field costs 1; what it selects below is counted once
// per item it may return. A connection may return as many items as its page
// (`first`/`last`, else the default page), so its page size is the multiplier,
// and its `edges`/`nodes` lists are not multiplied a second time (the builder
// gives them CONNECTION_LIST_COST). The cost is thus about the number of
// fields the response can hold, whatever the data. A field whose work grows
// with an argument of its own (a traversal's depth) declares `complexity`.
import { type GraphQLField, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './limits.ts';

/** The `edges` and `nodes` lists of a connection: counted once, the connection's page multiplies them. */
export const CONNECTION_LIST_COST = { field: 1, multiplier: 1 };

/** Multiplier of a plain list field (not a connection): its length is unknown before execution. */
export const LIST_MULTIPLIER = 10;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : null;
}

export function fieldCost(
  args: Record<string, unknown>,
  _ctx: unknown,
  field: Pick<GraphQLField<unknown, unknown>, 'name' | 'type' | 'args'>,
): { field: number; multiplier: number } {
  const argNames = new Set(field.args.map((a) => a.name));
  // A connection: as many items as the page asks for.
  if (argNames.has('first') || argNames.has('last')) {
    return { field: 1, multiplier: count(args.first) ?? count(args.last) ?? DEFAULT_PAGE_SIZE };
  }
  if (!isList(field.type)) return { field: 1, multiplier: 1 };
  // nodes(ids:): one item per ID.
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  return { field: 1, multiplier: LIST_MULTIPLIER };
}
