// Batch loading for nested connections. Prisma's relationJoins builds the JSON
// of every child row (with everything nested under it) before it applies the
// child filter, order and LIMIT, so a page of 20 under a hub with thousands
// of edges took seconds. Nested pages are loaded instead by field: all
// parents of one field at one place in the query share one statement for
// their pages (src/sql/child-pages.ts: each page cut by an index with
// LATERAL ... LIMIT), then the pages' rows are loaded in one Prisma query with
// the selection beneath them. Statements grow with the depth of the query,
// never with its rows.
import { queryFromInfo } from '@pothos/plugin-prisma';
import DataLoader from 'dataloader';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ChildPageRow } from '../sql/child-pages.ts';
import { run } from '../sql/statement.ts';
import type { Context } from './builder.ts';
import { connectionOf, type Edge, type Page, pageInfoOf, pageQuery } from './pagination.ts';
import { CONNECTION_ITEMS, fieldPathKey, selects } from './selection.ts';

const nodeIds = new WeakMap<FieldNode, number>();
let nextNodeId = 0;
function nodeId(node: FieldNode): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = ++nextNodeId));
  return id;
}

/** A parent asking for a batched field, with its own resolve info. */
export interface Parent {
  id: number;
  /** Pothos keys what it has loaded by the place in the response: each parent's info plans its own rows. */
  info: GraphQLResolveInfo;
}

/**
 * The request's loader for this field at this place of the query (list
 * indices aside) with these arguments: every parent that asks in the same tick
 * is answered by one call of `batch` (with each parent's ID once, and every
 * parent as it asked).
 */
export function batchLoader<V>(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: unknown,
  batch: (parentIds: readonly number[], parents: readonly Parent[]) => Promise<Map<number, V>>,
): { load(parentId: number): Promise<V> } {
  // Parents of different kinds share a batch when their selection is the same
  // one (a field selected on the Entity interface): the AST nodes tell.
  const key = `${fieldPathKey(info)}#${info.fieldNodes.map(nodeId).join(',')}:${JSON.stringify(args)}`;
  let loader = ctx.loaders.get(key) as DataLoader<Parent, V, number> | undefined;
  if (!loader) {
    loader = new DataLoader<Parent, V, number>(
      async (parents) => {
        const found = await batch([...new Set(parents.map((p) => p.id))], parents);
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

/**
 * Loads the rows `idsOf` names for each parent, with the query planned from
 * that parent's own info (Pothos' queryFromInfo, which also tells the fields
 * beneath what the query loaded): one statement per distinct plan, and the
 * parents of one field plan alike, so one statement in all.
 */
export async function loadPlanned<Row extends { id: number }>(
  parents: readonly Parent[],
  plan: (info: GraphQLResolveInfo) => object,
  idsOf: (parentId: number) => readonly number[],
  load: (query: object, ids: number[]) => Promise<Row[]>,
): Promise<Map<number, Row>> {
  const groups = new Map<string, { query: object; ids: Set<number> }>();
  for (const parent of parents) {
    const query = plan(parent.info);
    const key = JSON.stringify(query);
    const group = groups.get(key) ?? { query, ids: new Set<number>() };
    groups.set(key, group);
    for (const id of idsOf(parent.id)) group.ids.add(id);
  }
  const byId = new Map<number, Row>();
  for (const { query, ids } of groups.values()) {
    if (!ids.size) continue;
    for (const row of await load(query, [...ids])) byId.set(row.id, row);
  }
  return byId;
}

/** Loads rows of a model by ID with the query's selections under `paths` (one statement), if any of them is selected. */
/**
 * Whether the query asks nothing of the rows under `paths` beyond their own
 * columns (no relation, count or other include for Prisma to load), so rows
 * read elsewhere in full can stand in for a load.
 */
export function asksOnlyColumns(ctx: Context, info: GraphQLResolveInfo, paths: string[][]): boolean {
  const wanted = paths.filter((p) => selects(info, p));
  return !wanted.length || Object.keys(queryFromInfo({ context: ctx, info, paths: wanted }) as object).length === 0;
}

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

/** A nested connection's page of one parent, with its total when asked for. */
export interface NestedConnection<Row, Node> {
  edges: Array<Edge<Node> & { row: Row }>;
  pageInfo: ReturnType<typeof pageInfoOf>;
  totalCount: number;
}

export interface NestedPages<Row extends { id: number }, Node> {
  page: Page;
  /** The statement of the parents' pages (src/sql/nested-pages.ts). */
  statement: (parentIds: readonly number[], counted: boolean) => Prisma.Sql;
  /** The rows of the pages by ID, with a parent's planned query (from `loadPlanned`). */
  load: (parents: readonly Parent[], idsOf: (parentId: number) => readonly number[]) => Promise<Map<number, Row>>;
  /** The node of an edge, from its row and the side of the page row (default: the row). */
  node?: (row: Row, side: string | null) => Node;
}

/**
 * One page of a parent's child rows: the one implementation of every nested
 * connection. Every parent that asks in the same tick shares one statement
 * for the pages (counted only if totalCount is asked for) and one query for
 * the rows, selected as the query asks.
 */
export function nestedConnection<Row extends { id: number }, Node = Row>(
  ctx: Context,
  info: GraphQLResolveInfo,
  parentId: number,
  args: unknown,
  pages: NestedPages<Row, Node>,
): Promise<NestedConnection<Row & { side: string | null }, Node>> {
  type Tagged = Row & { side: string | null };
  const loader = batchLoader<NestedConnection<Tagged, Node>>(ctx, info, args, async (parentIds, parents) => {
    const counted = selects(info, ['totalCount']);
    const { rows } = await run<ChildPageRow>(ctx.pool, pages.statement(parentIds, counted));
    const idsByParent = new Map<number, number[]>(parentIds.map((id) => [id, []]));
    for (const r of rows) if (r.id !== null) idsByParent.get(r.parent)!.push(r.id);
    const byId = await pages.load(parents, (id) => idsByParent.get(id) ?? []);
    const children = new Map<number, Tagged[]>(parentIds.map((id) => [id, []]));
    const totals = new Map<number, number>();
    for (const r of rows) {
      if (r.total !== undefined) totals.set(r.parent, Number(r.total));
      const row = r.id === null ? undefined : byId.get(r.id);
      if (row) children.get(r.parent)!.push({ ...row, side: r.side ?? null });
    }
    const node = pages.node ?? ((row: Row) => row as unknown as Node);
    return new Map(
      [...children].map(([id, list]) => [id, { ...connectionOf<Tagged, Node>(list, pages.page, (row) => node(row, row.side)), totalCount: totals.get(id) ?? 0 }]),
    );
  });
  return loader.load(parentId);
}

/** `load` for NestedPages: rows of a model by ID with the items a connection selects (`nodes`, `edges.node`). */
export function itemsOf<Row extends { id: number }>(ctx: Context, model: 'evidence') {
  const delegate = ctx.prisma[model] as unknown as { findMany(args: object): Promise<Row[]> };
  return (parents: readonly Parent[], idsOf: (parentId: number) => readonly number[]) =>
    loadPlanned<Row>(
      parents,
      (info) => queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS }),
      idsOf,
      (query, ids) => delegate.findMany({ ...query, where: { id: { in: ids } } }),
    );
}
