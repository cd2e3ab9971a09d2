// Relations: the edges of the graph. A Relation is a Node of its own; from an
// entity, relations are walked as connections whose edges carry the predicate,
// the qualifiers and the evidence, and whose node is the entity at the other end.
import { type IndirectInclude, queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { FAR_END, type Side, sidesOf } from '../domain/predicates.ts';
import type { Prisma, Relation } from '../generated/prisma/client.ts';
import type { Predicate } from '../generated/prisma/enums.ts';
import { relationPagesSql, sourceRelationPagesSql, type Walk } from '../sql/nested-pages.ts';
import { builder, type Context } from './builder.ts';
import { factItemsOf, loadFacts } from './fact-rows.ts';
import { loadPlanned, nestedConnection } from './loaders.ts';
import { CONNECTION_ITEMS, selectsAny } from './selection.ts';
import { EvidenceNode, SourceNode } from './source.ts';
import { DirectionEnum, FactBasisEnum, PredicateEnum } from './enums.ts';
import { connectionOf, type ConnectionArgs, type Ordering, pageOf, pageQuery } from './pagination.ts';

export type { Walk } from '../sql/nested-pages.ts';

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

/** A nested selection, or undefined when the query does not ask for anything there. */
function requested(selection: unknown): unknown {
  const empty =
    typeof selection === 'object' &&
    selection !== null &&
    (Object.keys(selection).length === 0 ||
      ('select' in selection && Object.keys((selection as { select: object }).select).length === 0));
  return empty ? undefined : selection;
}

/**
 * One page of a walk from `parent`, through the one nested connection of
 * loaders.ts: the page's relations come with their far entities and evidence,
 * selected as the query asks.
 */
export function loadWalk(parent: object, args: ConnectionArgs, walk: Walk, ctx: Context, info: GraphQLResolveInfo, nodeType?: string) {
  const page = pageOf(args, RELATION_ORDER);
  const sides = sidesOf(walk.direction);
  // What a parent's info plans beneath the far ends and the evidence; a
  // selection of `{}` (nothing beyond the scalars) still needs the row: `true`.
  const plan = (info: GraphQLResolveInfo) => {
    const selection = (paths: string[][], typeName?: string) =>
      selectsAny(info, paths) ? (requested(queryFromInfo({ context: ctx, info, paths, typeName })) ?? true) : undefined;
    const far = selection(CONNECTION_ITEMS, nodeType);
    const evidence = selection([['edges', 'evidence']]);
    return {
      include: {
        ...(far ? Object.fromEntries(sides.map((side) => [FAR_END[side], far])) : {}),
        ...(evidence ? { evidence } : {}),
      } as Prisma.RelationInclude,
    };
  };
  return nestedConnection<RelationRow, never>(ctx, info, (parent as { id: number }).id, { args, walk, nodeType }, {
    page,
    statement: (parentIds, counted) => relationPagesSql({ parentIds, cut: page, counted }, walk),
    load: (parents, idsOf) =>
      loadPlanned<RelationRow>(parents, plan, idsOf, (query, ids) => loadFacts<RelationRow>(ctx, 'Relation', query, ids, walk.includeRetracted)),
    node: (row, side) => row[FAR_END[side as Side]] as never,
  });
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

export const SOURCE_RELATION_ORDER: Ordering = { name: 'source-relation', keys: [{ field: 'id', direction: 'asc', type: 'int' }] };

builder.prismaObjectField(SourceNode, 'relations', (t) =>
  t.connection(
    {
      type: RelationNode,
      description: 'Every relation this source states, in the order it was ingested.',
      args: {
        predicates: t.arg({ type: [PredicateEnum], description: 'Only these predicates.' }),
        includeRetracted: t.arg.boolean({ defaultValue: false, description: 'Also the retracted relations, each with its `retraction` (when, by whom, why).' }),
      },
      select: (args, _ctx, nestedSelection) => {
        // With the retracted ones, the page is cut over both tables when resolved (below).
        if (args.includeRetracted) return {};
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
      resolve: (source, args, ctx, info) => {
        if (args.includeRetracted) return sourceRelationsWithRetracted(source.id, args, ctx, info);
        const s = source as unknown as { relations: Relation[]; _count: { relations: number } };
        return { ...connectionOf(s.relations, pageOf(args, SOURCE_RELATION_ORDER)), totalCount: s._count.relations };
      },
    },
    { name: 'SourceRelationConnection' },
  ),
);

/** A source's relations, current and retracted, through the one nested connection of loaders.ts. */
function sourceRelationsWithRetracted(sourceId: number, args: ConnectionArgs & { predicates?: Predicate[] | null }, ctx: Context, info: GraphQLResolveInfo) {
  const page = pageOf(args, SOURCE_RELATION_ORDER);
  return nestedConnection<Relation>(ctx, info, sourceId, args, {
    page,
    statement: (parentIds, counted) => sourceRelationPagesSql({ parentIds, cut: page, counted, includeRetracted: true }, args.predicates),
    load: factItemsOf<Relation>(ctx, 'Relation', true),
  });
}
