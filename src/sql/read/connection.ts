// A connection as one scalar subquery of its parent's JSON: the page is cut
// by an index in a sub-select (ORDER BY the keyset, LIMIT size + 1), and only
// then are its edges' JSON built, in json_agg over the rows kept, so children
// below are built for the page's rows only (PostgreSQL evaluates the aggregate
// after the LIMIT of the sub-select it reads). totalCount is counted only when
// asked for; cursors are built in SQL in the resolvers' format.
import type { Model as PrismaModel } from '../columns.ts';
import { keysetSql } from '../keyset.ts';
import { whereSql } from '../where-sql.ts';
import { col, cursorOf, empty, ident, int, join, literal, raw, sql, type Sql } from './fragments.ts';
import type { ConnectionPlan, FieldPlan, Model, ObjectPlan, RowSource } from './plan.ts';

/** What a connection needs of the object compiler (compile.ts), which needs connections in turn. */
export interface ObjectCompiler {
  alias(prefix: string): string;
  /** The JSON of `plan` over the row `alias`; `edge` answers the edge-only fields. */
  objectJson(plan: ObjectPlan, alias: string, edge?: EdgeContext): Sql;
  fieldJson(field: FieldPlan, alias: string, model: Model, edge?: EdgeContext): Sql;
  /** The joins registered for `alias` (attribute tables), to follow where it is introduced. */
  joinsOf(alias: string): Sql;
}

export interface EdgeContext {
  cursor: Sql;
  /** The alias and model of the edge's node (the far entity of a walk, else the row itself). */
  node: string;
  direction: Sql;
}

export const TABLE: Record<Model, string> = {
  entity: 'entity',
  relation: 'relation',
  observation: 'observation',
  evidence: 'evidence',
  source: 'source',
  metric: 'metric',
};

/** The Prisma model of each table, as the column map (src/sql/columns.ts) and whereSql name them. */
export const PRISMA_MODEL: Record<Model, PrismaModel> = {
  entity: 'Entity',
  relation: 'Relation',
  observation: 'Observation',
  evidence: 'Evidence',
  source: 'Source',
  metric: 'Metric',
};

/** A Prisma-style `where` on `alias`, through the API's one where-to-SQL translation (src/sql/where-sql.ts). */
function whereOf(model: Model, alias: string, where: object | null): Sql[] {
  if (!where || !Object.keys(where).length) return [];
  return [sql`(${whereSql(PRISMA_MODEL[model], alias, where)})`];
}

const NEAR = { outgoing: 'subject_id', incoming: 'object_id' } as const;
const FAR = { outgoing: 'object_id', incoming: 'subject_id' } as const;

/** The filters of the source's rows (`alias`) below parent `parent`, without the page cut. */
function filtersOf(source: RowSource, alias: string, parent: string | null, side?: 'outgoing' | 'incoming'): Sql[] {
  switch (source.kind) {
    case 'walk': {
      const s = side!;
      const far = col(alias, FAR[s]);
      return [
        sql`${col(alias, NEAR[s])} = ${col(parent!, 'id')}`,
        // One predicate as `=`: the (subject_id, predicate, id) index then yields the page in order, and the LIMIT stops it early.
        ...(source.predicates?.length === 1 ? [sql`${col(alias, 'predicate')} = ${source.predicates[0]}::predicate`] : []),
        ...(source.predicates && source.predicates.length > 1 ? [sql`${col(alias, 'predicate')} = ANY(${[...source.predicates]}::predicate[])`] : []),
        ...(source.kinds?.length ? [sql`EXISTS (SELECT 1 FROM entity k WHERE k.id = ${far} AND k.kind = ANY(${[...source.kinds]}::entity_kind[]))`] : []),
      ];
    }
    case 'children':
      return [sql`${col(alias, source.parentColumn)} = ${col(parent!, 'id')}`, ...whereOf(source.model, alias, source.where)];
    case 'all':
      return whereOf(source.model, alias, source.where);
  }
}

const and = (conditions: Sql[]) => (conditions.length ? sql`WHERE ${join(conditions, ' AND ')}` : empty);

function sidesOf(source: RowSource) {
  return source.kind === 'walk' ? source.sides : [undefined];
}

function tableOf(source: RowSource): Model {
  return source.kind === 'walk' ? 'relation' : source.model;
}

/** The page's rows: the source's rows cut by the cursor, in page order, LIMIT size + 1. */
function pageRows(c: ObjectCompiler, plan: ConnectionPlan, parent: string | null): Sql {
  const { page, source } = plan;
  const take = int(page.size + 1);
  const selects = sidesOf(source).map((side) => {
    const a = c.alias('r');
    const extra = side ? sql`, ${literal(side)}::text AS side, ${col(a, FAR[side])} AS far` : empty;
    const cut = keysetSql(page, PRISMA_MODEL[tableOf(source)], a);
    return sql`SELECT ${ident(a)}.*${extra} FROM ${ident(TABLE[tableOf(source)])} ${ident(a)}
      ${and([...filtersOf(source, a, parent, side), ...cut.where])} ORDER BY ${cut.orderBy} LIMIT ${take}`;
  });
  if (selects.length === 1) return selects[0]!;
  const u = c.alias('u');
  return sql`SELECT * FROM (${join(selects.map((s) => sql`(${s})`), ' UNION ALL ')}) ${ident(u)} ORDER BY ${orderOf(plan, u)} LIMIT ${take}`;
}

/** The page's order over rows aliased `alias`. */
const orderOf = (plan: ConnectionPlan, alias: string) => keysetSql({ ...plan.page, after: null, before: null }, PRISMA_MODEL[tableOf(plan.source)], alias).orderBy;

function totalOf(c: ObjectCompiler, source: RowSource, parent: string | null): Sql {
  const counts = sidesOf(source).map((side) => {
    const a = c.alias('t');
    return sql`(SELECT count(*) FROM ${ident(TABLE[tableOf(source)])} ${ident(a)} ${and(filtersOf(source, a, parent, side))})`;
  });
  return join(counts, ' + ');
}

/** The JSON of a connection below the row `parent` (null for a root connection). */
export function connectionJson(c: ObjectCompiler, plan: ConnectionPlan, parent: string | null): Sql {
  const { page } = plan;
  const w = c.alias('w');
  const q = c.alias('q');
  const walk = plan.source.kind === 'walk';
  const node = walk ? c.alias('f') : w;
  const size = int(page.size);
  const n = col(w, '_n');
  const cursor = cursorOf(page.ordering, PRISMA_MODEL[tableOf(plan.source)], w);
  const edge: EdgeContext = {
    cursor,
    node,
    direction: walk ? sql`CASE ${col(w, 'side')} WHEN 'outgoing' THEN 'OUTGOING' ELSE 'INCOMING' END` : sql`NULL`,
  };
  const kept = sql`FILTER (WHERE ${n} <= ${size})`;
  const inOrder = raw(page.backward ? 'DESC' : 'ASC');
  const list = (item: Sql) => sql`coalesce(json_agg(${item} ORDER BY ${n} ${inOrder}) ${kept}, '[]'::json)`;
  // The last row kept, in fetch order (a page fetches one row more than it shows).
  const first = sql`max(${cursor}) FILTER (WHERE ${n} = 1)`;
  const last = sql`max(${cursor}) FILTER (WHERE ${n} = least(${col(w, '_fetched')}, ${size}))`;
  const more = sql`count(*) > ${size}`;
  const bool = (b: boolean) => raw(b ? 'true' : 'false');
  let usesNode = false;
  const fields = plan.fields.map(([key, field]): Sql => {
    switch (field.kind) {
      case 'totalCount':
        return sql`${literal(key)}, ${totalOf(c, plan.source, parent)}`;
      case 'nodes':
        usesNode = true;
        return sql`${literal(key)}, ${list(c.objectJson(field.object, node))}`;
      case 'edges': {
        usesNode ||= field.fields.some(([, f]) => f.kind === 'node');
        const edgeFields = field.fields.map(([k, f]) => sql`${literal(k)}, ${c.fieldJson(f, w, tableOf(plan.source), edge)}`);
        return sql`${literal(key)}, ${list(sql`json_build_object('$t', ${literal(plan.edgeTypename)}, ${join(edgeFields, ', ')})`)}`;
      }
      case 'pageInfo': {
        const info = field.fields.map(([k, what]) => {
          const value = {
            hasNextPage: page.backward ? bool(page.before !== null) : more,
            hasPreviousPage: page.backward ? more : bool(page.after !== null),
            startCursor: page.backward ? last : first,
            endCursor: page.backward ? first : last,
          }[what];
          return sql`${literal(k)}, ${value}`;
        });
        return sql`${literal(key)}, json_build_object('$t', 'PageInfo'${info.length ? sql`, ${join(info, ', ')}` : empty})`;
      }
    }
  });
  const json = sql`json_build_object('$t', ${literal(plan.typename)}${fields.length ? sql`, ${join(fields, ', ')}` : empty})`;
  // Only a total (or nothing) asked for: no page to read.
  if (plan.fields.every(([, f]) => f.kind === 'totalCount')) return sql`(SELECT ${json})`;
  const farJoin = walk && usesNode ? sql`LEFT JOIN entity ${ident(node)} ON ${col(node, 'id')} = ${col(w, 'far')} ${c.joinsOf(node)}` : empty;
  return sql`(SELECT ${json}
    FROM (SELECT ${ident(q)}.*, row_number() OVER (ORDER BY ${orderOf(plan, q)}) AS _n, count(*) OVER () AS _fetched
          FROM (${pageRows(c, plan, parent)}) ${ident(q)}) ${ident(w)}
    ${farJoin} ${c.joinsOf(w)})`;
}
