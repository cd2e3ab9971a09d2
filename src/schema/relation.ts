// Relations: the edges of the graph. A Relation is a Node of its own; from an
// entity, relations are walked as connections whose edges carry the predicate,
// the qualifiers and the evidence, and whose node is the entity at the other end.
import type { IndirectInclude } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { FAR_END, type Side, sidesOf, type WalkDirection } from '../domain/predicates.ts';
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import type { Prisma, Relation } from '../generated/prisma/client.ts';
import { builder, type Context } from './builder.ts';
import { SqlParams } from '../sql/where-sql.ts';
import { batchLoader, queryForEach } from './loaders.ts';
import { CONNECTION_ITEMS, selects, selectsAny } from './selection.ts';
import { EvidenceNode, SourceNode } from './source.ts';
import { DirectionEnum, FactBasisEnum, PredicateEnum } from './enums.ts';
import { connectionOf, type ConnectionArgs, type Ordering, pageOf, pageQuery, pageSql } from './pagination.ts';

export const RelationNode = builder.prismaNode('Relation', {
  description: 'A directed, typed edge of the graph: `subject -[predicate]-> object`, with the evidence that states it.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  fields: (t) => ({
    predicate: t.expose('predicate', { type: PredicateEnum, description: 'What the relation says: the subject SUPERVISES, HOSTS, ... the object.' }),
    subject: t.relation('subject', { description: 'The entity the relation starts from.' }),
    object: t.relation('object', { description: 'The entity the relation points to.' }),
    role: t.exposeString('role', { nullable: true, description: 'Qualifier: the role or capacity, e.g. "deputy head".' }),
    validFrom: t.expose('validFrom', { type: 'Date', nullable: true, description: 'First day the relation holds, when known.' }),
    validTo: t.expose('validTo', { type: 'Date', nullable: true, description: 'Last day the relation holds, when known.' }),
    basis: t.expose('basis', { type: FactBasisEnum, description: 'Whether the evidence states the relation or only supports it.' }),
    note: t.exposeString('note', { nullable: true, description: "Curator's note, e.g. why an INFERRED relation is drawn." }),
    evidence: t.relation('evidence', { description: 'The passage of the source that states the relation.' }),
  }),
});

/** Relations from an entity are listed oldest first; the id makes the order total. */
export const RELATION_ORDER: Ordering = { name: 'relation', keys: [{ field: 'id', direction: 'asc', type: 'int' }] };


type RelationRow = Relation & { subject?: unknown; object?: unknown };

/** What a walk from an entity along relations selects. */
export interface Walk {
  predicates?: readonly Predicate[] | null;
  /** Kinds of entity allowed at the far end. */
  kinds?: readonly EntityKind[] | null;
  direction: WalkDirection;
}


/** A nested selection, or undefined when the query does not ask for anything there. */
function requested(selection: unknown): unknown {
  const empty =
    typeof selection === 'object' &&
    selection !== null &&
    (Object.keys(selection).length === 0 ||
      ('select' in selection && Object.keys((selection as { select: object }).select).length === 0));
  return empty ? undefined : selection;
}

type WalkConnection = ReturnType<typeof connectionOf<RelationRow & { side: Side }, never>> & { totalCount: number };

/**
 * One page of a walk from `parent`. Every parent asking for the same walk in
 * the same tick shares one statement for the pages (each parent's page cut
 * by an index with LATERAL ... LIMIT, counted only if totalCount is asked
 * for) and one Prisma query for the page's relations with their far
 * entities and evidence, selected as the query asks.
 */
export function loadWalk(parent: object, args: ConnectionArgs, walk: Walk, ctx: Context, info: GraphQLResolveInfo, nodeType?: string) {
  const loader = batchLoader<WalkConnection>(ctx, info, { args, walk, nodeType }, (parents, infos) => walkPages(parents, args, walk, ctx, infos, nodeType));
  return loader.load((parent as { id: number }).id);
}

const NEAR_COLUMN = { outgoing: 'subject_id', incoming: 'object_id' } as const;
const FAR_COLUMN = { outgoing: 'object_id', incoming: 'subject_id' } as const;

async function walkPages(parents: readonly number[], args: ConnectionArgs, walk: Walk, ctx: Context, infos: readonly GraphQLResolveInfo[], nodeType?: string) {
  const info = infos[0]!;
  const page = pageOf(args, RELATION_ORDER);
  const sql = new SqlParams();
  const ids = `${sql.add(parents)}::int[]`;
  const predicates = walk.predicates?.length ? `${sql.add([...walk.predicates])}::predicate[]` : null;
  const kinds = walk.kinds?.length ? `${sql.add([...walk.kinds])}::entity_kind[]` : null;
  const sides = sidesOf(walk.direction);
  const filters = (side: Side) => [
    `r.${NEAR_COLUMN[side]} = p.parent`,
    ...(predicates ? [`r.predicate = ANY(${predicates})`] : []),
    ...(kinds ? [`EXISTS (SELECT 1 FROM entity f WHERE f.id = r.${FAR_COLUMN[side]} AND f.kind = ANY(${kinds}))`] : []),
  ];
  const cut = pageSql(page, () => 'r.id', (v) => `${sql.add(v)}::int`);
  const direction = page.backward ? 'DESC' : 'ASC';
  const pages = sides.map(
    (side) => `(SELECT r.id, '${side}' AS side FROM relation r WHERE ${[...filters(side), ...cut.where].join(' AND ')} ORDER BY ${cut.orderBy} LIMIT ${page.take})`,
  );
  const counted = selects(info, ['totalCount']);
  const { rows } = await ctx.pool.query<{ parent: number; id: number | null; side: Side | null; total?: string }>(
    `SELECT p.parent, w.id, w.side${counted ? ', c.total' : ''}
     FROM unnest(${ids}) AS p(parent)
     LEFT JOIN LATERAL (${pages.length === 1 ? pages[0] : `SELECT * FROM (${pages.join(' UNION ALL ')}) AS u ORDER BY id ${direction} LIMIT ${page.take}`}) AS w ON true
     ${counted ? `LEFT JOIN LATERAL (SELECT ${sides.map((side) => `(SELECT count(*) FROM relation r WHERE ${filters(side).join(' AND ')})`).join(' + ')} AS total) AS c ON true` : ''}`,
    sql.values,
  );

  const wanted = rows.flatMap((r) => (r.id === null ? [] : [r.id]));
  // A selection of `{}` (nothing beyond the scalars) still needs the row: `true`.
  const selection = (paths: string[][], typeName?: string) =>
    selectsAny(info, paths) ? (requested(queryForEach(ctx, infos, paths, typeName)) ?? true) : undefined;
  const far = selection(CONNECTION_ITEMS, nodeType);
  const evidence = selection([['edges', 'evidence']]);
  const loaded = wanted.length
    ? await ctx.prisma.relation.findMany({
        where: { id: { in: wanted } },
        include: {
          ...(far ? Object.fromEntries(sides.map((side) => [FAR_END[side], far])) : {}),
          ...(evidence ? { evidence } : {}),
        } as Prisma.RelationInclude,
      })
    : [];
  const byId = new Map(loaded.map((r) => [r.id, r as RelationRow]));

  const pagesByParent = new Map<number, WalkConnection>();
  const rowsOf = new Map<number, Array<RelationRow & { side: Side }>>(parents.map((id) => [id, []]));
  const totals = new Map<number, number>();
  for (const r of rows) {
    if (r.total !== undefined) totals.set(r.parent, Number(r.total));
    const row = r.id === null ? undefined : byId.get(r.id);
    if (row) rowsOf.get(r.parent)!.push({ ...row, side: r.side! });
  }
  for (const [parent, list] of rowsOf) {
    pagesByParent.set(parent, {
      ...connectionOf(list, page, (row) => row[FAR_END[row.side]] as never),
      totalCount: totals.get(parent) ?? 0,
    });
  }
  return pagesByParent;
}

export type WalkEdge = { row: RelationRow & { side: Side; evidence?: unknown } };

const rowOf = (edge: unknown) => (edge as WalkEdge).row;

/**
 * A connection type for walks whose far end is `nodeRef`: its edges carry the
 * relation, its predicate, direction, qualifiers and evidence.
 */
export function relationConnection<NodeRef extends Parameters<typeof builder.connectionObject>[0]['type']>(
  nodeRef: NodeRef,
  name: string,
) {
  return builder.connectionObject(
    {
      type: nodeRef,
      name: `${name}Connection`,
      description: 'Entities reached over relations, each edge telling which relation reached it and why.',
    },
    {
      name: `${name}Edge`,
      description: 'One relation walked: `node` is the entity at its far end.',
      fields: (t) => ({
        relation: t.field({ type: RelationNode, description: 'The relation walked, as a node of its own.', resolve: (edge) => rowOf(edge) as Relation }),
        predicate: t.field({ type: PredicateEnum, description: 'The relation\'s predicate.', resolve: (edge) => rowOf(edge).predicate }),
        direction: t.field({
          type: DirectionEnum,
          description: 'OUTGOING if the walk followed the relation forwards (the entity is its subject), INCOMING if backwards.',
          resolve: (edge) => (rowOf(edge).side === 'outgoing' ? 'OUTGOING' : 'INCOMING'),
        }),
        role: t.string({ nullable: true, description: 'Qualifier: the role or capacity, e.g. "deputy head".', resolve: (edge) => rowOf(edge).role }),
        validFrom: t.field({ type: 'Date', nullable: true, description: 'First day the relation holds, when known.', resolve: (edge) => rowOf(edge).validFrom }),
        validTo: t.field({ type: 'Date', nullable: true, description: 'Last day the relation holds, when known.', resolve: (edge) => rowOf(edge).validTo }),
        basis: t.field({ type: FactBasisEnum, description: 'Whether the evidence states the relation or only supports it.', resolve: (edge) => rowOf(edge).basis }),
        note: t.string({ nullable: true, description: "Curator's note, e.g. why an INFERRED relation is drawn.", resolve: (edge) => rowOf(edge).note }),
        evidence: t.field({
          type: EvidenceNode,
          description: 'The passage of the source that states the relation.',
          resolve: (edge) => rowOf(edge).evidence as never,
        }),
      }),
    },
  );
}

const SOURCE_RELATION_ORDER: Ordering = { name: 'source-relation', keys: [{ field: 'id', direction: 'asc', type: 'int' }] };

builder.prismaObjectField(SourceNode, 'relations', (t) =>
  t.connection(
    {
      type: RelationNode,
      description: 'Every relation this source states, in the order it was ingested.',
      args: { predicates: t.arg({ type: [PredicateEnum], description: 'Only these predicates.' }) },
      select: (args, _ctx, nestedSelection) => {
        const page = pageOf(args, SOURCE_RELATION_ORDER);
        const where: Prisma.RelationWhereInput = args.predicates?.length ? { predicate: { in: args.predicates } } : {};
        // Both item paths, as Pothos' own connections plan them (its include form; the
        // declared type only lists the single-path form).
        const items: IndirectInclude = { getType: () => 'Relation', paths: CONNECTION_ITEMS.map((path) => path.map((name) => ({ name }))) };
        const node = requested(nestedSelection(true, items as never));
        return {
          relations: { ...pageQuery(page, where), ...(typeof node === 'object' ? node : {}) },
          _count: { select: { relations: { where } } },
        };
      },
      resolve: (source, args) => {
        const s = source as unknown as { relations: Relation[]; _count: { relations: number } };
        return { ...connectionOf(s.relations, pageOf(args, SOURCE_RELATION_ORDER)), totalCount: s._count.relations };
      },
    },
    { name: 'SourceRelationConnection' },
  ),
);
