// Relations: the edges of the graph. A Relation is a Node of its own; from an
// entity, relations are walked as connections whose edges carry the predicate,
// the qualifiers and the evidence, and whose node is the entity at the other end.
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import type { Prisma, Relation } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';
import { EvidenceNode, SourceNode } from './source.ts';
import { DirectionEnum, FactBasisEnum, PredicateEnum } from './enums.ts';
import { connectionOf, type ConnectionArgs, type Ordering, pageOf, pageQuery } from './pagination.ts';

export const RelationNode = builder.prismaNode('Relation', {
  description: 'A directed, typed edge of the graph: `subject -[predicate]-> object`, with the evidence that states it.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  fields: (t) => ({
    predicate: t.expose('predicate', { type: PredicateEnum }),
    subject: t.relation('subject', { description: 'The entity the relation starts from.' }),
    object: t.relation('object', { description: 'The entity the relation points to.' }),
    role: t.exposeString('role', { nullable: true, description: 'Qualifier: the role or capacity, e.g. "deputy head".' }),
    validFrom: t.expose('validFrom', { type: 'Date', nullable: true, description: 'First day the relation holds, when known.' }),
    validTo: t.expose('validTo', { type: 'Date', nullable: true, description: 'Last day the relation holds, when known.' }),
    basis: t.expose('basis', { type: FactBasisEnum }),
    note: t.exposeString('note', { nullable: true, description: "Curator's note, e.g. why an INFERRED relation is drawn." }),
    evidence: t.relation('evidence', { description: 'The passage of the source that states the relation.' }),
  }),
});

/** Relations from an entity are listed oldest first; the id makes the order total. */
export const RELATION_ORDER: Ordering = { name: 'relation', keys: [{ field: 'id', direction: 'asc' }] };

type Side = 'outgoing' | 'incoming';
const FAR_END = { outgoing: 'object', incoming: 'subject' } as const;

type RelationRow = Relation & { subject?: unknown; object?: unknown };

/** What a walk from an entity along relations selects. */
export interface Walk {
  predicates?: readonly Predicate[] | null;
  /** Kinds of entity allowed at the far end. */
  kinds?: readonly EntityKind[] | null;
  direction: 'OUTGOING' | 'INCOMING' | 'BOTH';
}

function sideWhere(side: Side, walk: Walk): Prisma.RelationWhereInput {
  return {
    ...(walk.predicates?.length ? { predicate: { in: [...walk.predicates] } } : {}),
    ...(walk.kinds?.length ? { [FAR_END[side]]: { kind: { in: [...walk.kinds] } } } : {}),
  };
}

function sidesOf(walk: Walk): Side[] {
  return walk.direction === 'OUTGOING' ? ['outgoing'] : walk.direction === 'INCOMING' ? ['incoming'] : ['outgoing', 'incoming'];
}

export type NestedSelection = (selection?: true, path?: string[], type?: string) => unknown;

/** A nested selection, or undefined when the query does not ask for anything there. */
export function requested(selection: unknown): unknown {
  const empty =
    typeof selection === 'object' &&
    selection !== null &&
    'select' in selection &&
    Object.keys((selection as { select: object }).select).length === 0;
  return empty ? undefined : selection;
}

/**
 * The Prisma selection that loads one page of a walk for every parent entity
 * in the same statement, with the far entities' own selections nested in it.
 */
export function walkSelection(args: ConnectionArgs, walk: Walk, nestedSelection: NestedSelection, nodeType?: string) {
  const page = pageOf(args, RELATION_ORDER);
  const selection: Record<string, unknown> = {};
  const counts: Record<string, unknown> = {};
  const far = requested(nestedSelection(true, ['edges', 'node'], nodeType));
  const evidence = requested(nestedSelection(true, ['edges', 'evidence']));
  for (const side of sidesOf(walk)) {
    const where = sideWhere(side, walk);
    selection[side] = {
      ...pageQuery(page, where),
      include: {
        ...(far ? { [FAR_END[side]]: far } : {}),
        ...(evidence ? { evidence } : {}),
      },
    };
    counts[side] = { where };
  }
  selection._count = { select: counts };
  return selection;
}

interface WalkedEntity {
  outgoing?: RelationRow[];
  incoming?: RelationRow[];
  _count?: { outgoing?: number; incoming?: number };
}

/** Builds the connection of a walk from what walkSelection loaded. */
export function walkConnection(parent: object, args: ConnectionArgs, walk: Walk) {
  const entity = parent as WalkedEntity;
  const page = pageOf(args, RELATION_ORDER);
  const rows = sidesOf(walk)
    .flatMap((side) => (entity[side] ?? []).map((row) => ({ ...row, side })))
    .sort((a, b) => (page.backward ? b.id - a.id : a.id - b.id));
  // The far entity, typed by the caller's connection.
  const connection = connectionOf(rows, page, (row) => row[FAR_END[row.side]] as never);
  return {
    ...connection,
    totalCount: sidesOf(walk).reduce((n, side) => n + (entity._count?.[side] ?? 0), 0),
  };
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
        relation: t.field({ type: RelationNode, resolve: (edge) => rowOf(edge) as Relation }),
        predicate: t.field({ type: PredicateEnum, resolve: (edge) => rowOf(edge).predicate }),
        direction: t.field({
          type: DirectionEnum,
          description: 'OUTGOING if the walk followed the relation forwards (the entity is its subject), INCOMING if backwards.',
          resolve: (edge) => (rowOf(edge).side === 'outgoing' ? 'OUTGOING' : 'INCOMING'),
        }),
        role: t.string({ nullable: true, resolve: (edge) => rowOf(edge).role }),
        validFrom: t.field({ type: 'Date', nullable: true, resolve: (edge) => rowOf(edge).validFrom }),
        validTo: t.field({ type: 'Date', nullable: true, resolve: (edge) => rowOf(edge).validTo }),
        basis: t.field({ type: FactBasisEnum, resolve: (edge) => rowOf(edge).basis }),
        note: t.string({ nullable: true, resolve: (edge) => rowOf(edge).note }),
        evidence: t.field({
          type: EvidenceNode,
          description: 'The passage of the source that states the relation.',
          resolve: (edge) => rowOf(edge).evidence as never,
        }),
      }),
    },
  );
}

const SOURCE_RELATION_ORDER: Ordering = { name: 'source-relation', keys: [{ field: 'id', direction: 'asc' }] };

builder.prismaObjectField(SourceNode, 'relations', (t) =>
  t.connection(
    {
      type: RelationNode,
      description: 'Every relation this source states, in the order it was ingested.',
      args: { predicates: t.arg({ type: [PredicateEnum], description: 'Only these predicates.' }) },
      select: (args, _ctx, nestedSelection) => {
        const page = pageOf(args, SOURCE_RELATION_ORDER);
        const where: Prisma.RelationWhereInput = args.predicates?.length ? { predicate: { in: args.predicates } } : {};
        const node = requested(nestedSelection(true, ['edges', 'node']));
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
