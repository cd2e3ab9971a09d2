// Traversal: the neighbourhood of an entity, the shortest paths between two,
// and the ego network around one. The walk is one SQL statement
// (src/sql/traversal.ts); the entities and the relations it selects are then
// loaded with Prisma in one statement each, with whatever the query selects on
// them. Neighbourhoods of many entities in one list are walked together.
import { asOfArg } from './as-of.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { Entity, Relation } from '../generated/prisma/client.ts';
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import { checkCount, checkDepth } from '../domain/checks.ts';
import {
  egoNetwork,
  type Neighborhood,
  neighborhoods,
  type Step,
} from '../sql/traversal.ts';
import { type Path, shortestPaths } from '../sql/paths.ts';
import type { WalkDirection } from '../domain/predicates.ts';
import { builder, type Context } from './builder.ts';
import { EntityInterface, TYPE_OF_KIND } from './entity.ts';
import { DirectionEnum, EntityKindEnum, PredicateEnum } from './enums.ts';
import { NotFoundError } from '../domain/errors.ts';
import { LIST_MULTIPLIER, rowsCost, STEP_FANOUT, walkReach } from './cost.ts';
import { encodeCursor, type Ordering, pageInfoOf, pageOf } from './pagination.ts';
import { RelationNode } from './relation.ts';
import { encodeGlobalId } from './scalars.ts';
import { asksOnlyColumns, batchLoader, loadByIds } from './loaders.ts';
import { forwardPageArgs } from './forward-pages.ts';
import { CONNECTION_ITEMS, selects } from './selection.ts';
import { LIMITS, limitText } from '../limits.ts';

interface PathStepShape {
  relation: Relation;
  from: Entity;
  to: Entity;
  forwards: boolean;
}

interface PathShape {
  nodes: Entity[];
  steps: PathStepShape[];
}

const PathStep = builder.objectRef<PathStepShape>('PathStep').implement({
  description: 'One relation walked on a path: from one entity to the next, forwards (OUTGOING) or backwards (INCOMING).',
  fields: (t) => ({
    relation: t.field({ type: RelationNode, description: 'The relation, with its predicate, qualifiers and evidence.', resolve: (s) => s.relation }),
    from: t.field({ type: EntityInterface, description: 'The entity the step leaves.', resolve: (s) => s.from }),
    to: t.field({ type: EntityInterface, description: 'The entity the step reaches.', resolve: (s) => s.to }),
    direction: t.field({
      type: DirectionEnum,
      description: 'OUTGOING if the step follows the relation from its subject to its object, INCOMING if it walks it backwards.',
      resolve: (s) => (s.forwards ? 'OUTGOING' : 'INCOMING'),
    }),
  }),
});

const PathRef = builder.objectRef<PathShape>('Path').implement({
  description: 'A path between two entities: the entities on it in order, and the relation of each step.',
  fields: (t) => ({
    length: t.int({ description: 'Number of steps.', resolve: (p) => p.steps.length }),
    // A path is at most LIMITS.traversalDepth steps long: that bounds these lists for the query cost.
    nodes: t.field({
      type: [EntityInterface],
      description: 'The entities on the path, both ends included.',
      complexity: { field: 1, multiplier: LIMITS.traversalDepth + 1 },
      resolve: (p) => p.nodes,
    }),
    steps: t.field({ type: [PathStep], description: 'The relations walked, in order from `from` to `to`.', complexity: { field: 1, multiplier: LIMITS.traversalDepth }, resolve: (p) => p.steps }),
  }),
});

/** What an entity load for a walk needs: the paths under the field where entities and relations are selected. */
interface Loads {
  entityPaths: string[][];
  relationPaths: string[][];
}

/**
 * Loads the entities and relations a walk reached, with the query's selections
 * under `loads`' paths: one Prisma statement for each kind asked for.
 */
async function loadWalked(
  ctx: Context,
  info: GraphQLResolveInfo,
  loads: Loads,
  entityIds: number[],
  relationIds: number[],
  /** Rows the walk read already: they stand in for a load that would select nothing more. */
  walked?: { entity: Map<number, Entity>; relation: Map<number, Relation> },
) {
  const [entity, relation] = await Promise.all([
    walked && asksOnlyColumns(ctx, info, loads.entityPaths) ? walked.entity : loadByIds<Entity>(ctx, info, 'entity', loads.entityPaths, entityIds),
    walked && asksOnlyColumns(ctx, info, loads.relationPaths) ? walked.relation : loadByIds<Relation>(ctx, info, 'relation', loads.relationPaths, relationIds),
  ]);
  return { entity, relation };
}

type Loaded = Awaited<ReturnType<typeof loadWalked>>;

function stepShapes(steps: Step[], loaded: Loaded): PathStepShape[] {
  return steps.map((s) => ({
    relation: loaded.relation.get(s.relationId)!,
    from: loaded.entity.get(s.fromId)!,
    to: loaded.entity.get(s.toId)!,
    forwards: s.forwards,
  }));
}

async function slugIds(ctx: Context, slugs: Record<string, string>): Promise<Record<string, number>> {
  const rows = await ctx.prisma.entity.findMany({ where: { slug: { in: Object.values(slugs) } }, select: { id: true, slug: true } });
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  return Object.fromEntries(
    Object.entries(slugs).map(([argument, slug]) => {
      const id = bySlug.get(slug);
      if (id === undefined) throw new NotFoundError(`No entity has the slug "${slug.slice(0, 100)}"`, { argument, slug: slug.slice(0, 100) });
      return [argument, id];
    }),
  );
}

/** An argument clamped into [1, max] for pricing a query; range errors come from the resolver. */
const within = (value: number, max: number) => Math.min(Math.max(Math.trunc(value) || 1, 1), max);

// Neighbourhoods -------------------------------------------------------------

const NEIGHBOR_ORDER: Ordering = {
  name: 'neighbors',
  keys: [
    { field: 'distance', direction: 'asc', type: 'int' },
    { field: 'id', direction: 'asc', type: 'int' },
  ],
};

interface NeighborArgs {
  depth: number;
  predicates?: Predicate[] | null;
  direction: WalkDirection;
  kinds?: EntityKind[] | null;
  first?: number | null;
  after?: string | null;
}

interface NeighborEdgeShape {
  cursor: string;
  node: Entity;
  distance: number;
  path: PathStepShape[];
}

interface NeighborConnectionShape {
  edges: NeighborEdgeShape[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  truncated: boolean;
}

const NEIGHBOR_LOADS: Loads = {
  entityPaths: [...CONNECTION_ITEMS, ['edges', 'path', 'from'], ['edges', 'path', 'to']],
  relationPaths: [['edges', 'path', 'relation']],
};

/** The pages of neighbours of every start entity that asks for the same neighbours field in one tick: one walk for all of them. */
async function neighborPages(startIds: readonly number[], args: NeighborArgs, ctx: Context, info: GraphQLResolveInfo) {
  const page = pageOf(args, NEIGHBOR_ORDER);
  const after = page.after as [number, number] | null;
  const count = selects(info, ['totalCount']) || selects(info, ['truncated']);
  const walked = await neighborhoods(
    ctx.pool,
    startIds,
    { depth: args.depth, predicates: args.predicates, direction: args.direction, kinds: args.kinds },
    { take: page.take, count, after: after ? { distance: after[0], entityId: after[1] } : null },
  );
  const hoods = startIds.map((id) => walked.get(id) ?? ({ neighbors: [], total: 0, truncated: false, entities: new Map(), relations: new Map() } satisfies Neighborhood));
  const kept = hoods.map((h) => h.neighbors.slice(0, page.size));
  const pathsAsked = selects(info, ['edges', 'path']);
  const loaded = await loadWalked(
    ctx,
    info,
    NEIGHBOR_LOADS,
    kept.flat().flatMap((n) => (pathsAsked ? n.nodeIds : [n.entityId])),
    pathsAsked ? kept.flat().flatMap((n) => n.steps.map((s) => s.relationId)) : [],
    {
      entity: new Map(hoods.flatMap((h) => [...h.entities])),
      relation: new Map(hoods.flatMap((h) => [...h.relations])),
    },
  );
  return new Map<number, NeighborConnectionShape>(
    hoods.map((hood, i) => {
      const edges = kept[i]!.map((n) => ({
        cursor: encodeCursor(NEIGHBOR_ORDER, [n.distance, n.entityId]),
        node: loaded.entity.get(n.entityId)!,
        distance: n.distance,
        path: pathsAsked ? stepShapes(n.steps, loaded) : [],
      }));
      const connection = {
        edges,
        pageInfo: pageInfoOf(edges, hood.neighbors.length > page.size, after !== null),
        totalCount: hood.total ?? 0,
        truncated: hood.truncated ?? false,
      };
      return [startIds[i]!, connection];
    }),
  );
}

function checkNeighborArgs(args: NeighborArgs) {
  checkDepth(args.depth, LIMITS.traversalDepth, 'depth');
  // Decoding checks the cursor's distance and ID are int4 values.
  pageOf(args, NEIGHBOR_ORDER);
}

const NeighborConnection = builder.connectionObject(
  {
    type: EntityInterface,
    name: 'NeighborConnection',
    description: 'Entities near another, nearest first.',
    fields: (c) => ({
      truncated: c.boolean({
        description: `More entities lie within reach than a neighbourhood holds (${limitText('neighbourhood')}); the farthest were left out.`,
        resolve: (conn) => (conn as unknown as NeighborConnectionShape).truncated,
      }),
    }),
  },
  {
    name: 'NeighborEdge',
    description: 'A neighbour: how far it is, and the relations walked to reach it.',
    fields: (e) => ({
      distance: e.int({ description: 'Steps from the entity the walk started at.', resolve: (edge) => (edge as unknown as NeighborEdgeShape).distance }),
      path: e.field({
        type: [PathStep],
        complexity: { field: 1, multiplier: LIMITS.traversalDepth },
        description: 'The relations walked from the start to this entity, in order (its length is `distance`).',
        resolve: (edge) => (edge as unknown as NeighborEdgeShape).path,
      }),
    }),
  },
);

builder.prismaInterfaceField(EntityInterface, 'neighbors', (t) =>
  t.field({
    type: NeighborConnection,
    description: `The entities within \`depth\` steps of this one (at most ${LIMITS.traversalDepth}), nearest first (then by ID), each with its distance and the path of relations that first reached it. Walked in SQL, breadth-first, each entity once; a neighbourhood holds at most ${limitText('neighbourhood')} entities (see \`truncated\`).`,
    args: {
      depth: t.arg.int({ defaultValue: 1, description: `Steps to walk, 1 to ${LIMITS.traversalDepth}.` }),
      predicates: t.arg({ type: [PredicateEnum], description: 'Walk only relations of these predicates (all when omitted).' }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Walk relations forwards (OUTGOING), backwards (INCOMING) or both.' }),
      kinds: t.arg({ type: [EntityKindEnum], description: 'Return only entities of these kinds (the walk still passes through others).' }),
      ...forwardPageArgs(t.arg),
    },
    // The walk loads on its own: nothing to add to the parent's query.
    select: () => ({}),
    // The walk may visit its whole reach under each parent (a page without a total
    // still walks every level up to the one that fills it); the page multiplies
    // what the edges select. A depth out of range is refused by the resolver, not priced.
    complexity: (args) => ({
      field: 1 + rowsCost(walkReach(within(args.depth ?? 1, LIMITS.traversalDepth), LIMITS.neighbourhood)),
      multiplier: args.first ?? LIMITS.defaultPageSize,
    }),
    resolve: (entity, rawArgs, ctx, info) => {
      const args = { ...rawArgs, depth: rawArgs.depth ?? 1, direction: rawArgs.direction ?? 'BOTH' } as NeighborArgs;
      checkNeighborArgs(args);
      return batchLoader(ctx, info, args, (ids, parents) => neighborPages(ids, args, ctx, parents[0]!.info)).load((entity as unknown as Entity).id) as never;
    },
  }),
);

// Paths and subgraphs ----------------------------------------------------------

interface SubgraphNodeShape {
  id: number;
  kind: EntityKind;
  distance: number;
  entity: Entity;
}

interface SubgraphEdgeShape {
  subject: { id: number; kind: EntityKind };
  object: { id: number; kind: EntityKind };
  predicate: Predicate;
  relation: Relation;
}

// SubgraphNode and SubgraphEdge belong to one answer (a distance holds only
// around one centre), so they have no `id`: a normalising cache (Relay,
// Apollo, urql) keeps them inside the answer, never merges two answers, and
// shares only the Entity and Relation records they point to.
const SubgraphNode = builder.objectRef<SubgraphNodeShape>('SubgraphNode').implement({
  description:
    'A node of an ego network: an entity and its distance from this network\'s centre. It has no `id` of its own (the distance belongs to this answer); key it by `entity { id }`, which edges\' `source` and `target` name.',
  fields: (t) => ({
    entity: t.field({ type: EntityInterface, description: 'The entity this node draws; its `id` is what edges\' `source` and `target` name.', resolve: (n) => n.entity }),
    distance: t.int({ description: 'Steps from the centre (0 for the centre itself).', resolve: (n) => n.distance }),
  }),
});

const SubgraphEdge = builder.objectRef<SubgraphEdgeShape>('SubgraphEdge').implement({
  description:
    'An edge of an ego network: a relation between two of its nodes, as a graph-drawing client wants it. It has no `id` of its own; key it by `relation { id }`.',
  fields: (t) => ({
    source: t.id({ description: "The global ID of the relation's subject.", resolve: (e) => encodeGlobalId(TYPE_OF_KIND[e.subject.kind], e.subject.id) }),
    target: t.id({ description: "The global ID of the relation's object.", resolve: (e) => encodeGlobalId(TYPE_OF_KIND[e.object.kind], e.object.id) }),
    predicate: t.field({ type: PredicateEnum, description: 'The relation\'s predicate, to label the edge.', resolve: (e) => e.predicate }),
    relation: t.field({ type: RelationNode, description: 'The relation, with its qualifiers and evidence; its `id` keys the edge.', resolve: (e) => e.relation }),
  }),
});

const Subgraph = builder
  .objectRef<{ center: Entity; nodes: SubgraphNodeShape[]; edges: SubgraphEdgeShape[]; truncated: boolean }>('Subgraph')
  .implement({
    description: 'The ego network around an entity: the entities within some steps, and every relation between two of them.',
    fields: (t) => ({
      center: t.field({ type: EntityInterface, description: 'The entity the network is drawn around.', resolve: (g) => g.center }),
      nodes: t.field({ type: [SubgraphNode], description: 'The centre first, then by distance and ID.', resolve: (g) => g.nodes }),
      edges: t.field({ type: [SubgraphEdge], description: 'Relations between two nodes, by ID.', resolve: (g) => g.edges }),
      truncated: t.boolean({
        description: `More entities lay within reach than \`maxNodes\` (the farthest were left out), or more than ${LIMITS.subgraphEdges} relations joined the nodes.`,
        resolve: (g) => g.truncated,
      }),
    }),
  });

builder.queryFields((t) => ({
  paths: t.field({
    type: [PathRef],
    // The search may visit its reach from both ends.
    complexity: (args) => ({
      field: 1 + rowsCost(2 * walkReach(within(args.maxDepth ?? 4, LIMITS.traversalDepth), LIMITS.pathSearchEntities)),
      multiplier: within(args.first ?? 5, LIMITS.paths),
    }),
    description: `The shortest paths between two entities (every path of the least length, up to \`first\`), each step a relation with its evidence. Found by a bidirectional breadth-first search in SQL, up to \`maxDepth\` steps (at most ${LIMITS.traversalDepth}); an empty list if none is that short.`,
    args: {
      from: t.arg.string({ required: true, description: 'Slug of the entity the paths start at.' }),
      ...asOfArg(t.arg),
      to: t.arg.string({ required: true, description: 'Slug of the entity the paths end at.' }),
      maxDepth: t.arg.int({ defaultValue: 4, description: `Longest path to look for, 1 to ${LIMITS.traversalDepth} steps.` }),
      predicates: t.arg({ type: [PredicateEnum], description: 'Walk only relations of these predicates (all when omitted).' }),
      direction: t.arg({
        type: DirectionEnum,
        defaultValue: 'BOTH',
        description: 'OUTGOING: every step follows a relation from subject to object; INCOMING: every step walks one backwards; BOTH: either.',
      }),
      first: t.arg.int({ defaultValue: 5, description: `How many paths to return, 1 to ${LIMITS.paths}.` }),
    },
    resolve: async (_root, args, ctx, info) => {
      const maxDepth = checkDepth(args.maxDepth ?? 4, LIMITS.traversalDepth, 'maxDepth');
      const count = checkCount(args.first ?? 5, LIMITS.paths, 'first');
      const ids = await slugIds(ctx, { from: args.from, to: args.to });
      const found: Path[] = await shortestPaths(ctx.pool, ids.from!, ids.to!, {
        maxDepth,
        predicates: args.predicates,
        direction: args.direction ?? 'BOTH',
        count,
      });
      const loaded = await loadWalked(
        ctx,
        info,
        { entityPaths: [['nodes'], ['steps', 'from'], ['steps', 'to']], relationPaths: [['steps', 'relation']] },
        found.flatMap((p) => p.nodeIds),
        found.flatMap((p) => p.steps.map((s) => s.relationId)),
      );
      return found.map((p) => ({ nodes: p.nodeIds.map((id) => loaded.entity.get(id)!), steps: stepShapes(p.steps, loaded) }));
    },
  }),
  subgraph: t.field({
    type: Subgraph,
    // The walk visits at most maxNodes entities and reads the relations of each (up to
    // the edges drawn). Its node and edge lists count 10 items each (cost.ts); maxNodes / 10
    // scales them to the nodes asked for.
    complexity: (args) => {
      const maxNodes = within(args.maxNodes ?? LIMITS.subgraphDefaultNodes, LIMITS.subgraphNodes);
      const reach = walkReach(within(args.depth ?? 1, LIMITS.subgraphDepth), maxNodes);
      return { field: 1 + rowsCost(reach + Math.min(LIMITS.subgraphEdges, reach * STEP_FANOUT)), multiplier: Math.ceil(maxNodes / LIST_MULTIPLIER) };
    },
    description: `The ego network around an entity: every entity within \`depth\` steps (at most ${LIMITS.subgraphDepth}), nearest first, up to \`maxNodes\`, and every relation between two of them, shaped for graph-drawing clients (edges name their ends by the entities' global IDs).`,
    args: {
      around: t.arg.string({ required: true, description: 'Slug of the centre entity.' }),
      ...asOfArg(t.arg),
      depth: t.arg.int({ defaultValue: 1, description: `Steps from the centre, 1 to ${LIMITS.subgraphDepth}.` }),
      predicates: t.arg({ type: [PredicateEnum], description: 'Walk and draw only relations of these predicates (all when omitted).' }),
      direction: t.arg({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Which way relations are walked outwards from the centre.' }),
      maxNodes: t.arg.int({ defaultValue: LIMITS.subgraphDefaultNodes, description: `Most nodes to return, centre included, 1 to ${LIMITS.subgraphNodes}.` }),
    },
    resolve: async (_root, args, ctx, info) => {
      const depth = checkDepth(args.depth ?? 1, LIMITS.subgraphDepth, 'depth');
      const maxNodes = checkCount(args.maxNodes ?? LIMITS.subgraphDefaultNodes, LIMITS.subgraphNodes, 'maxNodes');
      const { around } = await slugIds(ctx, { around: args.around });
      const graph = await egoNetwork(ctx.pool, around!, { depth, predicates: args.predicates, direction: args.direction ?? 'BOTH' }, maxNodes);
      const loaded = await loadWalked(
        ctx,
        info,
        { entityPaths: [['center'], ['nodes', 'entity']], relationPaths: [['edges', 'relation']] },
        [around!, ...(selects(info, ['nodes', 'entity']) ? graph.nodes.map((n) => n.id) : [])],
        graph.edges.map((e) => e.id),
      );
      const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
      return {
        center: loaded.entity.get(around!)!,
        nodes: graph.nodes.map((n) => ({ ...n, entity: loaded.entity.get(n.id)! })),
        edges: graph.edges.map((e) => ({
          subject: { id: e.subjectId, kind: kinds.get(e.subjectId)! },
          object: { id: e.objectId, kind: kinds.get(e.objectId)! },
          predicate: e.predicate,
          relation: loaded.relation.get(e.id)!,
        })),
        truncated: graph.truncated,
      };
    },
  }),
}));
