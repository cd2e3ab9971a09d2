// The keyset cut and order of a page, as src/schema/pagination.ts builds them
// for Prisma and for the hand-written loaders: rows strictly after (before)
// the cursor's row in the ordering, nulls last, and the ordering reversed when
// paging backwards. The redundant >= / <= bound lets PostgreSQL start an index
// range scan at the cursor.
import { col, join, keyParam, raw, sql, type Sql } from './fragments.ts';
import type { KeyPlan, PagePlan } from './plan.ts';

function beyond(alias: string, keys: readonly KeyPlan[], values: readonly unknown[], after: boolean): Sql {
  const [key, ...rest] = keys;
  if (!key) return sql`TRUE`;
  const column = col(alias, key.column);
  const value = values[0];
  const tail = rest.length ? beyond(alias, rest, values.slice(1), after) : null;
  const op = raw((key.direction === 'asc') === after ? '>' : '<');
  const andTail = tail ? sql` AND ${tail}` : sql``;
  if (key.nullable) {
    if (value === null) return after ? sql`(${column} IS NULL${andTail})` : sql`(${column} IS NOT NULL OR (${column} IS NULL${andTail}))`;
    const p = keyParam(value, key);
    const ties = sql`(${column} = ${p}${andTail})`;
    return after ? sql`(${column} ${op} ${p} OR ${ties} OR ${column} IS NULL)` : sql`(${column} ${op} ${p} OR ${ties})`;
  }
  const p = keyParam(value, key);
  if (!tail) return sql`${column} ${op} ${p}`;
  return sql`(${column} ${op}= ${p} AND (${column} ${op} ${p} OR (${column} = ${p}${andTail})))`;
}

/** The conditions that cut the page out of the ordered rows of `alias`. */
export function pageCut(page: PagePlan, alias: string): Sql[] {
  const cut: Sql[] = [];
  if (page.after) cut.push(beyond(alias, page.keys, page.after, true));
  if (page.before) cut.push(beyond(alias, page.keys, page.before, false));
  return cut;
}

/** The page's ORDER BY over `alias`: the fetch order, reversed when paging backwards. */
export function pageOrder(page: PagePlan, alias: string): Sql {
  return join(
    page.keys.map((k) => {
      const ascending = (k.direction === 'asc') !== page.backward;
      const nulls = k.nullable ? (page.backward ? ' NULLS FIRST' : ' NULLS LAST') : '';
      return sql`${col(alias, k.column)} ${raw(ascending ? 'ASC' : 'DESC')}${raw(nulls)}`;
    }),
    ', ',
  );
}
