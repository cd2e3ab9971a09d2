// Pages of child rows for many parents in one statement: each parent's page is
// cut by an index (LEFT JOIN LATERAL ... ORDER BY ... LIMIT), and counted only
// when the total is asked for. Every nested connection of the API (a source's
// evidence, an entity's observations, the relations walked from an entity)
// loads its pages with it, so statements grow with the query's shape, never
// with its rows. The rows' columns are then loaded by ID with Prisma.
import { Prisma } from '../generated/prisma/client.ts';
import { column, type Model, table } from './columns.ts';
import { type KeysetCut, keysetSql } from './keyset.ts';
import { and } from './where-sql.ts';

const { sql, join, raw, empty } = Prisma;

/** One way to a parent's children: rows of `model` whose `parentField` holds the parent's ID, filtered by `where`. */
export interface ChildBranch {
  model: Model;
  /** The rows' alias in `where`. */
  alias: string;
  parentField: string;
  /** Conditions on the rows (aliased `alias`), ANDed. */
  where?: Prisma.Sql[];
  /** Tags the rows of this branch (a `side` column) when a page draws on several. */
  tag?: string;
}

export interface ChildPagesQuery {
  parentIds: readonly number[];
  /** The children: one branch, or several (e.g. both directions of a relation) merged in the page's order. */
  branches: ChildBranch[];
  cut: KeysetCut;
  /** Count each parent's children (all pages). */
  counted: boolean;
}

/** One row per child on a parent's page (in page order), or one with `id` null for a parent with none. */
export interface ChildPageRow {
  parent: number;
  id: number | null;
  side?: string | null;
  total?: string;
}

/** The statement; its rows are ChildPageRow. */
export function childPagesSql({ parentIds, branches, cut, counted }: ChildPagesQuery): Prisma.Sql {
  const tagged = branches.some((b) => b.tag !== undefined);
  const filters = (b: ChildBranch) => [sql`${column(b.alias, b.model, b.parentField)} = p.parent`, ...(b.where ?? [])];
  const pageOf = (b: ChildBranch) => {
    const keyset = keysetSql(cut, b.model, b.alias);
    const side = tagged ? sql`, ${b.tag ?? null}::text AS side` : empty;
    return sql`SELECT ${column(b.alias, b.model, 'id')}${side} FROM ${table(b.model)} ${raw(b.alias)} WHERE ${and([...filters(b), ...keyset.where])} ORDER BY ${keyset.orderBy} LIMIT ${cut.take}`;
  };
  const countOf = (b: ChildBranch) => sql`SELECT count(*) FROM ${table(b.model)} ${raw(b.alias)} WHERE ${and(filters(b))}`;
  let page: Prisma.Sql;
  let total: Prisma.Sql;
  if (branches.length === 1) {
    const [only] = branches as [ChildBranch];
    page = pageOf(only);
    total = sql`SELECT count(*) AS total FROM ${table(only.model)} ${raw(only.alias)} WHERE ${and(filters(only))}`;
  } else {
    // Each branch is cut to a page on its own, then they are merged in the page's order, which must be by `id` alone.
    if (cut.ordering.keys.length !== 1 || cut.ordering.keys[0]!.field !== 'id') throw new Error('branches merge only in id order');
    const merged = join(branches.map((b) => sql`(${pageOf(b)})`), ' UNION ALL ');
    page = sql`SELECT * FROM (${merged}) AS u ORDER BY id ${raw(cut.backward ? 'DESC' : 'ASC')} LIMIT ${cut.take}`;
    total = sql`SELECT ${join(branches.map((b) => sql`(${countOf(b)})`), ' + ')} AS total`;
  }
  return sql`SELECT p.parent, w.id${tagged ? raw(', w.side') : empty}${counted ? raw(', c.total') : empty}
FROM unnest(${[...parentIds]}::int[]) AS p(parent)
LEFT JOIN LATERAL (${page}) AS w ON true${counted ? sql`
LEFT JOIN LATERAL (${total}) AS c ON true` : empty}`;
}
