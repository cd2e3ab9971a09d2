// Batch loading for nested connections. Prisma's relationJoins builds the JSON
// of every child row (with everything nested under it) before it applies the
// child filter, order and LIMIT, so a page of 20 under a hub with thousands
// of edges took seconds. Nested pages are loaded instead by field: all
// parents of one field at one place in the query, in one hand-written
// statement that cuts each parent's page with an index (LATERAL ... LIMIT),
// then the page's rows in one Prisma query with the selection beneath them.
// Statements grow with the depth of the query, never with its rows.
import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { SqlParams } from '../sql/where-sql.ts';
import type { Context } from './builder.ts';
import { connectionOf, type Page, pageQuery, pageSql } from './pagination.ts';
import { CONNECTION_ITEMS, fieldPathKey, selects } from './selection.ts';

const nodeIds = new WeakMap<FieldNode, number>();
let nextNodeId = 0;
function nodeId(node: FieldNode): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = ++nextNodeId));
  return id;
}

/**
 * The request's loader for this field at this place of the query (list
 * indices aside) with these arguments: every parent that asks in the same tick
 * is answered by one call of `batch`.
 */
export function batchLoader<V>(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: unknown,
  batch: (parentIds: readonly number[], infos: readonly GraphQLResolveInfo[]) => Promise<Map<number, V>>,
): { load(parentId: number): Promise<V> } {
  // Parents of different kinds share a batch when their selection is the same
  // one (a field selected on the Entity interface): the AST nodes tell.
  const key = `${fieldPathKey(info)}#${info.fieldNodes.map(nodeId).join(',')}:${JSON.stringify(args)}`;
  let loader = ctx.loaders.get(key) as DataLoader<Parent, V, number> | undefined;
  if (!loader) {
    loader = new DataLoader<Parent, V, number>(
      async (parents) => {
        const found = await batch(
          [...new Set(parents.map((p) => p.id))],
          parents.map((p) => p.info),
        );
        return parents.map((p) => found.get(p.id)!);
      },
      // No cache: a parent reached twice (the same entity on two edges) is
      // loaded once, but each place it is shown needs its info planned.
      { cache: false },
    );
    ctx.loaders.set(key, loader);
  }
  const l = loader;
  return { load: (id) => l.load({ id, info }) };
}

interface Parent {
  id: number;
  /** Each parent's own resolve info: Pothos keys what it has loaded by the place in the response. */
  info: GraphQLResolveInfo;
}

/**
 * The Prisma selection beneath `paths` of the batched field (merged). Planned
 * from every parent's info (the plans are the same), so Pothos knows each row
 * of the response was loaded with it and never falls back to a query of its own.
 */
export function queryForEach(ctx: Context, infos: readonly GraphQLResolveInfo[], paths: string[][], typeName?: string): object {
  const queries = infos.map((info) => queryFromInfo({ context: ctx, info, paths, typeName }) as object);
  return queries[0]!;
}

/** Loads rows of a model by ID with the query's selections under `paths` (one statement), if any of them is selected. */
export async function loadByIds<T extends { id: number }>(
  ctx: Context,
  info: GraphQLResolveInfo,
  model: 'entity' | 'relation' | 'metric' | 'source' | 'observation',
  paths: string[][],
  ids: Array<number | null | undefined>,
  base: object = {},
): Promise<Map<number, T>> {
  const wanted = paths.filter((p) => selects(info, p));
  const unique = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length || !unique.length) return new Map();
  const delegate = ctx.prisma[model] as unknown as { findMany(args: object): Promise<T[]> };
  const rows = await delegate.findMany({ ...queryFromInfo({ context: ctx, info, paths: wanted, ...base }), where: { id: { in: unique } } });
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * A root connection's page: the rows of `where` on `page`, loaded in one
 * statement with what the query selects beneath its items (`nodes` or
 * `edges.node`), and their
 * total, counted only when the query asks for it.
 */
export async function rootPage<T extends object>(
  ctx: Context,
  info: GraphQLResolveInfo,
  model: 'entity' | 'metric' | 'source' | 'observation',
  page: Page,
  where: Record<string, unknown>,
  plan: { typeName?: string; select?: Record<string, boolean> } = {},
) {
  const delegate = ctx.prisma[model] as unknown as { findMany(args: object): Promise<T[]>; count(args: { where: Record<string, unknown> }): Promise<number> };
  const query = queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS, ...plan });
  const rows = await delegate.findMany({ ...query, ...pageQuery(page, where) });
  return { ...connectionOf(rows, page), totalCount: () => delegate.count({ where }) };
}

/** Where a parent's child rows live, for nestedPage. */
export interface ChildRows {
  model: 'evidence';
  table: string;
  /** The column of the child table that holds the parent's ID. */
  parentColumn: string;
  /** Each sort field's column and the SQL type its cursor value is cast to. */
  columns: Record<string, [column: string, cast: string]>;
}

/**
 * One page of a parent's child rows on `page`: every parent that asks in the
 * same tick shares one statement for the pages (each cut by an index with
 * LATERAL ... LIMIT, counted only if totalCount is asked for) and one Prisma
 * query for the rows, selected as the query asks.
 */
export function nestedPage<T extends { id: number }>(ctx: Context, info: GraphQLResolveInfo, parentId: number, args: unknown, page: Page, rows: ChildRows) {
  type Connection = ReturnType<typeof connectionOf<T, T>> & { totalCount: number };
  const loader = batchLoader<Connection>(ctx, info, { args, table: rows.table }, async (parents, infos) => {
    const params = new SqlParams();
    const ids = `${params.add(parents)}::int[]`;
    const cut = pageSql(page, (field) => `c.${rows.columns[field]![0]}`, (v, field) => `${params.add(v)}::${rows.columns[field]![1]}`);
    const counted = selects(info, ['totalCount']);
    const { rows: found } = await ctx.pool.query<{ parent: number; id: number | null; total?: string }>(
      `SELECT p.parent, w.id${counted ? ', n.total' : ''}
       FROM unnest(${ids}) AS p(parent)
       LEFT JOIN LATERAL (SELECT c.id FROM ${rows.table} c WHERE ${[`c.${rows.parentColumn} = p.parent`, ...cut.where].join(' AND ')}
                          ORDER BY ${cut.orderBy} LIMIT ${page.take}) AS w ON true
       ${counted ? `LEFT JOIN LATERAL (SELECT count(*) AS total FROM ${rows.table} c WHERE c.${rows.parentColumn} = p.parent) AS n ON true` : ''}`,
      params.values,
    );
    const wanted = found.flatMap((r) => (r.id === null ? [] : [r.id]));
    const delegate = ctx.prisma[rows.model] as unknown as { findMany(args: object): Promise<T[]> };
    const loaded = wanted.length ? await delegate.findMany({ ...queryForEach(ctx, infos, CONNECTION_ITEMS), where: { id: { in: wanted } } }) : [];
    const byId = new Map(loaded.map((row) => [row.id, row]));
    const children = new Map<number, T[]>(parents.map((id) => [id, []]));
    const totals = new Map<number, number>();
    for (const r of found) {
      if (r.total !== undefined) totals.set(r.parent, Number(r.total));
      const row = r.id === null ? undefined : byId.get(r.id);
      if (row) children.get(r.parent)!.push(row);
    }
    return new Map([...children].map(([id, list]) => [id, { ...connectionOf(list, page), totalCount: totals.get(id) ?? 0 }]));
  });
  return loader.load(parentId);
}
