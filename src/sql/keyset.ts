// Keyset pagination in SQL: the condition that cuts a page out of rows in a
// stable order at a cursor's key values, and that order, for hand-written
// statements, over columns or computed keys (an aggregate, then the ID). The same cut as the Prisma form of src/schema/pagination.ts
// (which decodes and checks cursors): nulls sort last either way, and the
// redundant bound lets PostgreSQL start an index range scan at the cursor.
import { Prisma } from '../generated/prisma/client.ts';
import { castOf, column, type Model } from './columns.ts';

const { sql, join, raw } = Prisma;

/**
 * What a sort key's values are, so a cursor's values can be checked before
 * they reach SQL: `int` (an int4 column), `float`, `text`, `date` (a date or
 * timestamp, as ISO text) or `decimal` (numeric(30, 6), as decimal text).
 */
export type SortKeyType = 'int' | 'float' | 'text' | 'date' | 'decimal';

export interface SortKey {
  /** Prisma field name. */
  field: string;
  direction: 'asc' | 'desc';
  type: SortKeyType;
  /** The column may be null; nulls sort last in either direction. */
  nullable?: boolean;
}

/** A stable order: named (the name is baked into cursors) and ending in a unique key. */
export interface Ordering {
  name: string;
  keys: SortKey[];
}

/** Where a page lies in an ordering: the cursors' key values and the way it is read. */
export interface KeysetCut {
  ordering: Ordering;
  /** Rows to fetch: one more than the page, to learn whether another page follows. */
  take: number;
  /** Paging backwards (`last`): fetch in reverse order, then flip. */
  backward: boolean;
  after: unknown[] | null;
  before: unknown[] | null;
}

/** A key as SQL: an expression, its direction, and the type a cursor value is cast to. */
export interface KeysetKey {
  expr: Prisma.Sql;
  direction: 'asc' | 'desc';
  nullable?: boolean;
  cast: string;
}

/** Rows strictly after (or, `after` false, before) the row whose keys are `values`. */
export function beyond(keys: readonly KeysetKey[], values: readonly unknown[], after: boolean): Prisma.Sql {
  const [key, ...rest] = keys;
  if (!key) return raw('TRUE');
  const col = key.expr;
  const v = sql`${values[0]}::${raw(key.cast)}`;
  const tail = rest.length ? beyond(rest, values.slice(1), after) : null;
  const op = raw((key.direction === 'asc') === after ? '>' : '<');
  const andTail = tail ? sql` AND ${tail}` : Prisma.empty;
  if (key.nullable) {
    if (values[0] === null) return after ? sql`(${col} IS NULL${andTail})` : sql`(${col} IS NOT NULL OR (${col} IS NULL${andTail}))`;
    const strictly = sql`${col} ${op} ${v}`;
    const ties = sql`(${col} = ${v}${andTail})`;
    return after ? sql`(${strictly} OR ${ties} OR ${col} IS NULL)` : sql`(${strictly} OR ${ties})`;
  }
  if (!tail) return sql`${col} ${op} ${v}`;
  return sql`(${col} ${op}= ${v} AND (${col} ${op} ${v} OR (${col} = ${v}${andTail})))`;
}

/** ORDER BY of the keys, reversed when reading backwards (nulls then come first). */
export function orderOf(keys: readonly KeysetKey[], backward: boolean): Prisma.Sql {
  return join(
    keys.map((k) => {
      const ascending = (k.direction === 'asc') !== backward;
      return sql`${k.expr} ${raw(`${ascending ? 'ASC' : 'DESC'}${k.nullable ? (backward ? ' NULLS FIRST' : ' NULLS LAST') : ''}`)}`;
    }),
    ', ',
  );
}

/**
 * The cut (conditions to AND) and the order of a page of `model` rows aliased
 * `alias`; sort fields are named and cast through the column map.
 */
export function keysetSql(cut: KeysetCut, model: Model, alias: string): { where: Prisma.Sql[]; orderBy: Prisma.Sql } {
  const keys: KeysetKey[] = cut.ordering.keys.map((k) => ({
    expr: column(alias, model, k.field),
    direction: k.direction,
    nullable: k.nullable,
    cast: castOf(model, k.field),
  }));
  const where: Prisma.Sql[] = [];
  if (cut.after) where.push(beyond(keys, cut.after, true));
  if (cut.before) where.push(beyond(keys, cut.before, false));
  return { where, orderBy: orderOf(keys, cut.backward) };
}
