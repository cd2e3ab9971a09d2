// Keyset (cursor) pagination for every connection of the API, root and
// nested. A cursor holds the sort-key values of its row, so the next page is
// an index range scan from that row, as fast on page 4,500 as on page 1, and
// it stays valid while rows are added elsewhere.
import { BadInputError, LimitExceededError } from '../domain/errors.ts';
import type { KeysetCut, Ordering, SortKey, SortKeyType } from '../sql/keyset.ts';
import { LIMITS } from '../limits.ts';

export type { Ordering, SortKey } from '../sql/keyset.ts';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A page of a connection: where it is cut (keyset.ts) and how many items it shows. */
export interface Page extends KeysetCut {
  size: number;
}

type Where = Record<string, unknown>;

export function encodeCursor(ordering: Ordering, values: unknown[]): string {
  return Buffer.from(JSON.stringify([ordering.name, ...values]), 'utf8').toString('base64url');
}

const INT4_MAX = 2_147_483_647;
/** numeric(30, 6): at most 24 digits before the point and 6 after. */
const DECIMAL_30_6 = /^-?\d{1,24}(\.\d{1,6})?$/;
/** A date or timestamp as ISO text, years 1 to 9999 (PostgreSQL has no year 0). */
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)?$/;

/** Whether a cursor value can be a value of a sort key of this type (the cursors this server writes always are). */
function fitsKey(value: unknown, type: SortKeyType): boolean {
  switch (type) {
    case 'int':
      return Number.isSafeInteger(value) && Math.abs(value as number) <= INT4_MAX;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    case 'decimal':
      return typeof value === 'string' && DECIMAL_30_6.test(value);
    case 'date': {
      if (typeof value !== 'string') return false;
      const year = ISO_DATE.exec(value)?.[1];
      const time = Date.parse(value);
      // A real day (not 2023-02-30) of a year PostgreSQL can hold.
      return Number(year) >= 1 && Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value.slice(0, 10);
    }
  }
}

export function decodeCursor(ordering: Ordering, cursor: string, argument: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== ordering.keys.length + 1) {
    throw new BadInputError(`"${cursor.slice(0, 60)}" is not a cursor of this connection`, { argument });
  }
  if (parsed[0] !== ordering.name) {
    throw new BadInputError(`the cursor in "${argument}" was made for another ordering (${String(parsed[0]).slice(0, 60)}); start again without it`, {
      argument,
    });
  }
  const values = parsed.slice(1);
  // A forged cursor with the right ordering but values of the wrong type would
  // otherwise reach SQL (and fail there, as an internal error).
  ordering.keys.forEach((key, i) => {
    if (!(values[i] === null && key.nullable) && !fitsKey(values[i], key.type)) {
      throw new BadInputError(`the cursor in "${argument}" is not one this server made (its ${key.field} is not a ${key.type}); start again without it`, {
        argument,
      });
    }
  });
  return values;
}

export function pageOf(args: ConnectionArgs, ordering: Ordering, maxSize = LIMITS.pageSize, defaultSize = LIMITS.defaultPageSize): Page {
  const { first, last } = args;
  if (first != null && last != null) throw new BadInputError('pass "first" or "last", not both');
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && value < 0) throw new BadInputError(`"${name}" cannot be negative`, { argument: name });
    if (value != null && value > maxSize) {
      throw new LimitExceededError(`"${name}" is ${value}; a page holds at most ${maxSize} items`, {
        argument: name,
        limit: maxSize,
      });
    }
  }
  const size = first ?? last ?? defaultSize;
  return {
    ordering,
    size,
    take: size + 1,
    backward: last != null,
    after: args.after ? decodeCursor(ordering, args.after, 'after') : null,
    before: args.before ? decodeCursor(ordering, args.before, 'before') : null,
  };
}

/** Rows strictly after (or before) the row whose key values are `values`, in `keys` order. */
function beyond(keys: SortKey[], values: unknown[], after: boolean): Where {
  const [key, ...rest] = keys;
  if (!key) return {};
  const value = values[0];
  const restValues = values.slice(1);
  const tail = rest.length ? beyond(rest, restValues, after) : null;
  const ascending = key.direction === 'asc' === after;
  const op = ascending ? 'gt' : 'lt';
  if (key.nullable) {
    // Nulls sort last: after a null only nulls follow; before a value come only values.
    if (value === null) {
      return after
        ? { AND: [{ [key.field]: null }, ...(tail ? [tail] : [])] }
        : { OR: [{ [key.field]: { not: null } }, { AND: [{ [key.field]: null }, ...(tail ? [tail] : [])] }] };
    }
    const strictly = { [key.field]: { [op]: value } };
    const ties = { AND: [{ [key.field]: value }, ...(tail ? [tail] : [])] };
    return after ? { OR: [strictly, ties, { [key.field]: null }] } : { OR: [strictly, ties] };
  }
  if (!tail) return { [key.field]: { [op]: value } };
  // The redundant bound (>= / <=) lets PostgreSQL start an index range scan at the cursor.
  return {
    AND: [{ [key.field]: { [ascending ? 'gte' : 'lte']: value } }, { OR: [{ [key.field]: { [op]: value } }, { AND: [{ [key.field]: value }, tail] }] }],
  };
}

/** The where-clause that cuts the page out of the ordered rows. */
function pageWhere(page: Page): Where {
  const parts: Where[] = [];
  if (page.after) parts.push(beyond(page.ordering.keys, page.after, true));
  if (page.before) parts.push(beyond(page.ordering.keys, page.before, false));
  return parts.length ? { AND: parts } : {};
}

function pageOrderBy(page: Page): Where[] {
  return page.ordering.keys.map((k) => {
    const direction = page.backward ? (k.direction === 'asc' ? 'desc' : 'asc') : k.direction;
    // Nulls stay last in the page as shown, so they come first when reading backwards.
    return { [k.field]: k.nullable ? { sort: direction, nulls: page.backward ? 'first' : 'last' } : direction };
  });
}

/** A connection's pageInfo: the cursors come from its first and last edges. */
export function pageInfoOf(edges: ReadonlyArray<{ cursor: string }>, hasNextPage: boolean, hasPreviousPage: boolean) {
  return { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}

/** Joins where-clauses with AND, dropping empty ones. */
export function allOf<W extends object>(...parts: Array<W | undefined | null>): W {
  const kept = parts.filter((p): p is W => !!p && Object.keys(p).length > 0);
  return (kept.length === 1 ? kept[0] : kept.length ? { AND: kept } : {}) as W;
}

/** The Prisma arguments (where, orderBy, take) that load a page. */
export function pageQuery(page: Page, where: Where = {}) {
  return {
    where: allOf(where, pageWhere(page)),
    orderBy: pageOrderBy(page),
    take: page.take,
  };
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

function keyValue(row: Record<string, unknown>, field: string): unknown {
  const v = row[field];
  if (v instanceof Date) return v.toISOString();
  // A Decimal in plain notation (String() would give "1e+21" for large values).
  if (v !== null && typeof v === 'object' && 'toFixed' in v) return (v as { toFixed(): string }).toFixed();
  return v ?? null;
}

/** Builds the connection (edges, pageInfo) from the rows a page query returned. */
export function connectionOf<Row extends object, Node = Row>(
  rows: Row[],
  page: Page,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
) {
  const more = rows.length > page.size;
  const kept = rows.slice(0, page.size);
  if (page.backward) kept.reverse();
  const edges: Array<Edge<Node> & { row: Row }> = kept.map((row) => ({
    cursor: encodeCursor(
      page.ordering,
      page.ordering.keys.map((k) => keyValue(row as Record<string, unknown>, k.field)),
    ),
    node: toNode(row),
    row,
  }));
  return {
    edges,
    // Paging forward from a cursor, the cursor's own row lies before the page (and vice versa).
    pageInfo: pageInfoOf(edges, page.backward ? page.before !== null : more, page.backward ? more : page.after !== null),
  };
}
