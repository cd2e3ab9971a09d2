// Keyset conditions as fragments, for pages ordered by computed keys (an
// aggregate, then the ID): the same cut as src/schema/pagination.ts's
// pageSql, with nulls last in either direction.
import { Prisma } from '../generated/prisma/client.ts';

export interface KeysetKey {
  expr: Prisma.Sql;
  direction: 'asc' | 'desc';
  nullable?: boolean;
  /** The SQL type a cursor value is cast to. */
  cast: string;
}

/** Rows strictly after (or, `after` false, before) the row whose keys are `values`. */
export function beyond(keys: readonly KeysetKey[], values: readonly unknown[], after: boolean): Prisma.Sql {
  const [key, ...rest] = keys;
  if (!key) return Prisma.sql`FALSE`;
  const value = values[0];
  const tail = rest.length ? beyond(rest, values.slice(1), after) : null;
  const op = Prisma.raw((key.direction === 'asc') === after ? '>' : '<');
  const col = key.expr;
  const andTail = tail ? Prisma.sql` AND ${tail}` : Prisma.empty;
  if (key.nullable && value === null) return after ? Prisma.sql`(${col} IS NULL${andTail})` : Prisma.sql`(${col} IS NOT NULL OR (${col} IS NULL${andTail}))`;
  const v = Prisma.sql`${value}::${Prisma.raw(key.cast)}`;
  const strictly = Prisma.sql`${col} ${op} ${v}`;
  const ties = tail ? Prisma.sql`(${col} = ${v} AND ${tail})` : Prisma.sql`FALSE`;
  if (key.nullable && after) return Prisma.sql`(${strictly} OR ${ties} OR ${col} IS NULL)`;
  return Prisma.sql`(${strictly} OR ${ties})`;
}

/** ORDER BY of the keys, reversed when reading backwards (nulls then come first). */
export function orderOf(keys: readonly KeysetKey[], backward: boolean): Prisma.Sql {
  return Prisma.join(
    keys.map((k) => {
      const ascending = (k.direction === 'asc') !== backward;
      return Prisma.sql`${k.expr} ${Prisma.raw(ascending ? 'ASC' : 'DESC')}${Prisma.raw(k.nullable ? (backward ? ' NULLS FIRST' : ' NULLS LAST') : '')}`;
    }),
  );
}
