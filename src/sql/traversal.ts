// Graph traversal in SQL: neighbourhoods, shortest paths and ego networks,
// each in one statement (WITH RECURSIVE), never one query per hop.
//
// The walks are breadth-first over whole levels: each step of the recursion
// carries a level's frontier and the set already seen as arrays, so a node is
// visited once however many paths reach it (cycle protection), and a level is
// one index scan of relation(subject_id, object_id, predicate) and one of
// relation(object_id, predicate, subject_id) for the whole frontier. Every
// walk has a hard maximum depth and a hard maximum of entities it visits.
import type pg from 'pg';
import { heavyWork } from '../db/fair-share.ts';
import type { WalkDirection } from '../domain/predicates.ts';
import type { EntityKind, Predicate } from '../generated/prisma/enums.ts';
import { BadInputError, LimitExceededError } from '../schema/errors.ts';
import { LIMITS } from '../limits.ts';

/** A depth argument within [1, max]: below is bad input, above is a limit. */
export function checkDepth(depth: number, max: number, argument: string): number {
  if (!Number.isInteger(depth) || depth < 1) {
    throw new BadInputError(`"${argument}" is ${depth}; a walk goes at least 1 step`, { argument });
  }
  if (depth > max) {
    throw new LimitExceededError(`"${argument}" is ${depth}; walks go at most ${max} steps`, { argument, limit: max });
  }
  return depth;
}

/** A count argument within [1, max]. */
export function checkCount(value: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < 1) throw new BadInputError(`"${argument}" must be at least 1`, { argument });
  if (value > max) throw new LimitExceededError(`"${argument}" is ${value}; at most ${max} are allowed`, { argument, limit: max });
  return value;
}

/** Which way relations may be walked: forwards (subject to object), backwards, or both. */
function ways(direction: WalkDirection) {
  return { forwards: direction !== 'INCOMING', backwards: direction !== 'OUTGOING' };
}

/** Whether relation `r` has one of the predicates `$3` allows (all when `$3` is null). */
const PREDICATE_ALLOWED = '($3::predicate[] IS NULL OR r.predicate = ANY ($3::predicate[]))';

const predicatesParam = (predicates: readonly Predicate[] | null | undefined) => (predicates?.length ? [...predicates] : null);

// One level of a breadth-first walk, for the frontier `$front` (an expression):
// every entity one allowed relation away, with the smallest neighbour it was
// reached from. Shared by the neighbourhood and subgraph walks.
const levelCandidates = (front: string) => `
        SELECT r.object_id AS node, r.subject_id AS parent FROM relation r
        WHERE $4::boolean AND r.subject_id = ANY (${front}) AND ${PREDICATE_ALLOWED}
        UNION ALL
        SELECT r.subject_id, r.object_id FROM relation r
        WHERE $5::boolean AND r.object_id = ANY (${front}) AND ${PREDICATE_ALLOWED}`;

/**
 * The walk: one row per start and level, with the level's entities, the entity
 * each was first reached from, and how many entities of the walk lie beyond
 * the cursor so far. It stops at the depth, at `$6 + 1` entities (one more
 * than kept, to know that the cut hid some), and once `$7` entities lie beyond
 * the cursor ($8, $9), which is all a page needs when no total is asked for.
 */
const WALK_SQL = `
walk(start_id, depth, nodes, parents, seen, beyond) AS (
  SELECT s, 0, ARRAY[s], ARRAY[NULL::int], ARRAY[s], 0::bigint FROM unnest($1::int[]) AS s
  UNION ALL
  SELECT w.start_id, w.depth + 1, nxt.nodes, nxt.parents, w.seen || nxt.nodes, w.beyond + nxt.beyond
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT array_agg(c.node ORDER BY c.node) AS nodes,
           array_agg(c.parent ORDER BY c.node) AS parents,
           count(*) FILTER (WHERE (w.depth + 1, c.node) > ($8::int, $9::int)) AS beyond
    FROM (
      SELECT c.node, min(c.parent) AS parent
      FROM (${levelCandidates('w.nodes')}
      ) AS c
      WHERE NOT EXISTS (SELECT 1 FROM unnest(w.seen) AS v(id) WHERE v.id = c.node)
      GROUP BY c.node
      ORDER BY c.node
      LIMIT $6::int + 2 - cardinality(w.seen)
    ) AS c
  ) AS nxt
  WHERE w.depth < $2::int AND cardinality(w.seen) <= $6::int + 1 AND w.beyond < $7::int AND nxt.nodes IS NOT NULL
), reached AS (
  -- Levels come in depth order, each sorted by entity: the position in the
  -- walk (from 1) is the size of the levels before plus the place in the level.
  SELECT w.start_id, w.depth, x.node, x.parent, cardinality(w.seen) - cardinality(w.nodes) - 1 + x.place AS position
  FROM walk w CROSS JOIN LATERAL unnest(w.nodes, w.parents) WITH ORDINALITY AS x(node, parent, place)
  WHERE w.depth > 0
)`;

/** The relation a step from `a` to `b` walked: the oldest allowed one. */
const STEP_RELATION = (a: string, b: string) => `
      SELECT r.id, true AS forwards FROM relation r
      WHERE $4::boolean AND r.subject_id = ${a} AND r.object_id = ${b} AND ${PREDICATE_ALLOWED}
      UNION ALL
      SELECT r.id, false FROM relation r
      WHERE $5::boolean AND r.subject_id = ${b} AND r.object_id = ${a} AND ${PREDICATE_ALLOWED}
      ORDER BY 1
      LIMIT 1`;

// The page of each start's neighbourhood, with the path to each neighbour
// (walked back through the first-reached-from links) and the relation of each
// step; plus, on every row, the start's total. Starts with an empty page still
// get one row, without a neighbour, for their total.
const NEIGHBORS_SQL = `
WITH RECURSIVE ${WALK_SQL}, kept AS MATERIALIZED (
  SELECT o.* FROM reached o
  WHERE o.position <= $6::int
    AND ($10::entity_kind[] IS NULL OR EXISTS (SELECT 1 FROM entity e WHERE e.id = o.node AND e.kind = ANY ($10::entity_kind[])))
), totals AS MATERIALIZED (
  SELECT s AS start_id, coalesce(k.total, 0) AS total, coalesce(o.reached, 0) > $6::int AS cut
  FROM unnest($1::int[]) AS s
  LEFT JOIN (SELECT start_id, count(*) AS total FROM kept GROUP BY start_id) AS k ON k.start_id = s
  LEFT JOIN (SELECT start_id, count(*) AS reached FROM reached GROUP BY start_id) AS o ON o.start_id = s
), page AS (
  SELECT k.* FROM unnest($1::int[]) AS s
  CROSS JOIN LATERAL (
    SELECT k.* FROM kept k
    WHERE k.start_id = s AND (k.depth, k.node) > ($8::int, $9::int)
    ORDER BY k.position
    LIMIT $11::int
  ) AS k
), back(start_id, node, cur, nodes) AS (
  SELECT p.start_id, p.node, p.node, ARRAY[p.node] FROM page p
  UNION ALL
  SELECT b.start_id, b.node, r.parent, r.parent || b.nodes
  FROM back b JOIN reached r ON r.start_id = b.start_id AND r.node = b.cur
)
SELECT t.start_id AS "startId", t.total::int AS total, t.cut,
       p.node AS "entityId", p.depth AS distance, b.nodes, steps.relations, steps.forwards
FROM totals t
LEFT JOIN page p ON p.start_id = t.start_id
LEFT JOIN back b ON b.start_id = p.start_id AND b.node = p.node AND b.cur = p.start_id
LEFT JOIN LATERAL (
  SELECT array_agg(st.id ORDER BY i) AS relations, array_agg(st.forwards ORDER BY i) AS forwards
  FROM generate_series(1, cardinality(b.nodes) - 1) AS i
  CROSS JOIN LATERAL (${STEP_RELATION('b.nodes[i]', 'b.nodes[i + 1]')}) AS st
) AS steps ON p.node IS NOT NULL
ORDER BY t.start_id, p.depth, p.node`;

export interface WalkOptions {
  depth: number;
  predicates?: readonly Predicate[] | null;
  direction: WalkDirection;
  kinds?: readonly EntityKind[] | null;
}

/** One step of a path: the relation, and whether it was walked forwards (subject to object). */
export interface Step {
  relationId: number;
  fromId: number;
  toId: number;
  forwards: boolean;
}

export interface Neighbor {
  entityId: number;
  distance: number;
  /** Entities on the path from the start to this one, both included. */
  nodeIds: number[];
  steps: Step[];
}

export interface Neighborhood {
  neighbors: Neighbor[];
  /** Entities within reach (of the kinds asked for), at most LIMITS.neighbourhood; null if not counted. */
  total: number | null;
  /** More entities lie within reach than LIMITS.neighbourhood; null if not counted. */
  truncated: boolean | null;
}

export interface NeighborPage {
  /** Neighbours after this (distance, entity id) position. */
  after?: { distance: number; entityId: number } | null;
  /** How many neighbours to return per start (one more than a page, to know if another follows). */
  take: number;
  /** Count the whole neighbourhood (costs a full walk); otherwise the walk stops once the page is full. */
  count: boolean;
}

interface NeighborRow {
  startId: number;
  total: number;
  cut: boolean;
  entityId: number | null;
  distance: number;
  nodes: number[];
  relations: number[];
  forwards: boolean[];
}

function stepsOf(nodeIds: number[], relationIds: number[], forwards: boolean[]): Step[] {
  return relationIds.map((relationId, i) => ({ relationId, fromId: nodeIds[i]!, toId: nodeIds[i + 1]!, forwards: forwards[i]! }));
}

/**
 * The neighbourhoods of several entities at once, in (distance, entity id)
 * order, each neighbour with the path that first reached it: one statement
 * for all starts.
 */
export async function neighborhoods(
  pool: pg.Pool,
  startIds: readonly number[],
  walk: WalkOptions,
  page: NeighborPage,
  /** Most entities a neighbourhood holds (tests lower it to see the cut). */
  maxNeighbors = LIMITS.neighbourhood,
): Promise<Map<number, Neighborhood>> {
  const { forwards, backwards } = ways(walk.direction);
  const { rows } = await heavyWork(() =>
    pool.query<NeighborRow>(NEIGHBORS_SQL, [
      [...startIds],
      walk.depth,
      predicatesParam(walk.predicates),
      forwards,
      backwards,
      maxNeighbors,
      // Without a total to count (or kinds to filter by), the walk stops once a page's worth lies beyond the cursor.
      page.count || walk.kinds?.length ? maxNeighbors + 1 : page.take,
      page.after?.distance ?? 0,
      page.after?.entityId ?? 0,
      walk.kinds?.length ? [...walk.kinds] : null,
      page.take,
    ]),
  );
  const result = new Map<number, Neighborhood>();
  for (const row of rows) {
    const hood = result.get(row.startId) ?? { neighbors: [], total: page.count ? row.total : null, truncated: page.count ? row.cut : null };
    result.set(row.startId, hood);
    if (row.entityId !== null) {
      hood.neighbors.push({ entityId: row.entityId, distance: row.distance, nodeIds: row.nodes, steps: stepsOf(row.nodes, row.relations, row.forwards) });
    }
  }
  return result;
}

// From the entities where the two searches met, back along one search's
// levels to where it started (\`seen\`: fwd or bwd, with each entity's
// distance from its start): a step is a relation walked the way that search
// walked it, ending on the level before. Shared by both ends of \`paths\`.
const walkBack = (name: string, distance: 'fdist' | 'bdist', seen: 'fwd' | 'bwd') => {
  // The search from the start walked relations forwards: going back, an entity's predecessor is its subject.
  const [near, far] = seen === 'fwd' ? ['object_id', 'subject_id'] : ['subject_id', 'object_id'];
  const s = seen === 'fwd' ? 'f' : 'b';
  return `${name}(node, dist) AS (
  SELECT node, ${distance} FROM middle
  UNION
  SELECT ${s}.node, ${s}.dist FROM ${name} t
  CROSS JOIN LATERAL (
    SELECT r.${far} AS other FROM relation r
    WHERE $4::boolean AND r.${near} = t.node AND ${PREDICATE_ALLOWED}
    UNION ALL
    SELECT r.${near} FROM relation r
    WHERE $5::boolean AND r.${far} = t.node AND ${PREDICATE_ALLOWED}
  ) AS e
  JOIN ${seen} ${s} ON ${s}.node = e.other AND ${s}.dist = t.dist - 1
  WHERE t.dist > 0`;
};

// Shortest paths by bidirectional breadth-first search: the recursion grows
// whichever side (from `$1` or back from `$2`) has the smaller frontier, one
// level at a time, and stops as soon as the two sides meet or their depths add
// up to the maximum. The entities where they meet at the least total distance
// lie on every shortest path; walking back from them, level by level, to both
// ends gives the network of all shortest paths, returned as its relations.
const PATHS_SQL = `
WITH RECURSIVE search(fd, bd, ffront, bfront, fseen, fdist, bseen, bdist, met) AS (
  SELECT 0, 0, ARRAY[$1::int], ARRAY[$2::int], ARRAY[$1::int], ARRAY[0], ARRAY[$2::int], ARRAY[0], $1::int = $2::int
  UNION ALL
  SELECT s.fd + grow.f, s.bd + 1 - grow.f,
         CASE WHEN grow.forward THEN nxt.nodes ELSE s.ffront END,
         CASE WHEN grow.forward THEN s.bfront ELSE nxt.nodes END,
         CASE WHEN grow.forward THEN s.fseen || nxt.nodes ELSE s.fseen END,
         CASE WHEN grow.forward THEN s.fdist || array_fill(s.fd + 1, ARRAY[cardinality(nxt.nodes)]) ELSE s.fdist END,
         CASE WHEN grow.forward THEN s.bseen ELSE s.bseen || nxt.nodes END,
         CASE WHEN grow.forward THEN s.bdist ELSE s.bdist || array_fill(s.bd + 1, ARRAY[cardinality(nxt.nodes)]) END,
         -- INTERSECT hashes or sorts both sides; a join of two unnest() calls would be planned as a nested loop.
         EXISTS (SELECT unnest(nxt.nodes) INTERSECT SELECT unnest(CASE WHEN grow.forward THEN s.bseen ELSE s.fseen END))
  FROM search s
  CROSS JOIN LATERAL (
    SELECT cardinality(s.ffront) <= cardinality(s.bfront) AS forward,
           CASE WHEN cardinality(s.ffront) <= cardinality(s.bfront) THEN 1 ELSE 0 END AS f
  ) AS grow
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(c.node ORDER BY c.node), '{}') AS nodes
    FROM (
      SELECT DISTINCT c.node FROM (
        SELECT r.object_id AS node FROM relation r
        WHERE (CASE WHEN grow.forward THEN $4::boolean ELSE $5::boolean END)
          AND r.subject_id = ANY (CASE WHEN grow.forward THEN s.ffront ELSE s.bfront END)
          AND ${PREDICATE_ALLOWED}
        UNION ALL
        SELECT r.subject_id FROM relation r
        WHERE (CASE WHEN grow.forward THEN $5::boolean ELSE $4::boolean END)
          AND r.object_id = ANY (CASE WHEN grow.forward THEN s.ffront ELSE s.bfront END)
          AND ${PREDICATE_ALLOWED}
      ) AS c
      WHERE NOT EXISTS (SELECT 1 FROM unnest(CASE WHEN grow.forward THEN s.fseen ELSE s.bseen END) AS v(id) WHERE v.id = c.node)
      LIMIT ${LIMITS.pathSearchEntities}
    ) AS c
  ) AS nxt
  WHERE NOT s.met AND s.fd + s.bd < $6::int AND cardinality(s.ffront) > 0 AND cardinality(s.bfront) > 0
    AND cardinality(s.fseen) + cardinality(s.bseen) < ${2 * LIMITS.pathSearchEntities}
), final AS (
  SELECT * FROM search ORDER BY fd + bd DESC LIMIT 1
), fwd AS (
  SELECT x.node, x.dist FROM final CROSS JOIN LATERAL unnest(final.fseen, final.fdist) AS x(node, dist)
), bwd AS (
  SELECT x.node, x.dist FROM final CROSS JOIN LATERAL unnest(final.bseen, final.bdist) AS x(node, dist)
), meet AS (
  SELECT f.node, f.dist AS fdist, b.dist AS bdist, f.dist + b.dist AS len FROM fwd f JOIN bwd b ON b.node = f.node
), middle AS (
  SELECT * FROM meet WHERE len = (SELECT min(len) FROM meet)
), ${walkBack('towards_start', 'fdist', 'fwd')}
), ${walkBack('towards_end', 'bdist', 'bwd')}
), on_path AS (
  SELECT node, dist AS pos FROM towards_start
  UNION
  SELECT node, (SELECT min(len) FROM meet) - dist FROM towards_end
)
-- The neighbours on the next level come from the index alone; only the few
-- relations between path entities are then looked up by both ends.
SELECT rel.id AS "relationId", a.node AS "fromId", e.other AS "toId", a.pos AS position, e.forwards
FROM on_path a
CROSS JOIN LATERAL (
  SELECT r.object_id AS other, true AS forwards FROM relation r
  WHERE $4::boolean AND r.subject_id = a.node AND ${PREDICATE_ALLOWED}
  UNION
  SELECT r.subject_id, false FROM relation r
  WHERE $5::boolean AND r.object_id = a.node AND ${PREDICATE_ALLOWED}
) AS e
JOIN on_path b ON b.node = e.other AND b.pos = a.pos + 1
CROSS JOIN LATERAL (
  SELECT r.id FROM relation r
  WHERE e.forwards AND r.subject_id = a.node AND r.object_id = e.other AND ${PREDICATE_ALLOWED}
  UNION ALL
  SELECT r.id FROM relation r
  WHERE NOT e.forwards AND r.subject_id = e.other AND r.object_id = a.node AND ${PREDICATE_ALLOWED}
) AS rel
ORDER BY a.pos, rel.id
LIMIT ${LIMITS.pathNetworkRelations}`;

export interface PathNetworkEdge extends Step {
  /** Steps from the start at which the relation is walked (0 for the first step). */
  position: number;
}

export interface Path {
  nodeIds: number[];
  steps: Step[];
}

/**
 * Up to `count` shortest paths through a network of shortest-path relations,
 * in a stable order (by the relation IDs along them). Every relation of the
 * network leads on to the end, so the walk never backtracks out of a dead end.
 */
export function pathsThrough(network: readonly PathNetworkEdge[], fromId: number, toId: number, count: number): Path[] {
  if (fromId === toId) return [{ nodeIds: [fromId], steps: [] }];
  const out = new Map<string, PathNetworkEdge[]>();
  let length = 0;
  for (const edge of network) {
    const key = `${edge.position}:${edge.fromId}`;
    out.set(key, [...(out.get(key) ?? []), edge]);
    length = Math.max(length, edge.position + 1);
  }
  for (const edges of out.values()) edges.sort((a, b) => a.relationId - b.relationId);
  const paths: Path[] = [];
  const walk = (node: number, steps: Step[]) => {
    if (paths.length >= count) return;
    if (steps.length === length) {
      if (node === toId) paths.push({ nodeIds: [fromId, ...steps.map((s) => s.toId)], steps });
      return;
    }
    for (const edge of out.get(`${steps.length}:${node}`) ?? []) {
      walk(edge.toId, [...steps, { relationId: edge.relationId, fromId: edge.fromId, toId: edge.toId, forwards: edge.forwards }]);
    }
  };
  walk(fromId, []);
  return paths;
}

export interface PathOptions {
  maxDepth: number;
  predicates?: readonly Predicate[] | null;
  direction: WalkDirection;
  count: number;
}

/** The shortest paths from one entity to another, in one statement. */
export async function shortestPaths(pool: pg.Pool, fromId: number, toId: number, options: PathOptions): Promise<Path[]> {
  if (fromId === toId) return pathsThrough([], fromId, toId, options.count);
  const { forwards, backwards } = ways(options.direction);
  const { rows } = await heavyWork(() =>
    pool.query<PathNetworkEdge>(PATHS_SQL, [
      fromId,
      toId,
      predicatesParam(options.predicates),
      forwards,
      backwards,
      options.maxDepth,
    ]),
  );
  return pathsThrough(rows, fromId, toId, options.count);
}

// An ego network: the entities within `$2` steps (the centre at distance 0),
// and every allowed relation between two of them.
const SUBGRAPH_SQL = `
WITH RECURSIVE ${WALK_SQL}, members AS (
  SELECT s AS node, 0 AS depth FROM unnest($1::int[]) AS s
  UNION ALL
  SELECT r.node, r.depth FROM (SELECT r.* FROM reached r ORDER BY r.depth, r.node LIMIT $6::int) AS r
), edges AS (
  SELECT r.id, r.subject_id, r.object_id, r.predicate
  FROM members m
  JOIN relation r ON r.subject_id = m.node AND ${PREDICATE_ALLOWED}
  JOIN members o ON o.node = r.object_id
  ORDER BY r.id
  LIMIT ${LIMITS.subgraphEdges + 1}
)
SELECT json_build_object(
  'nodes', (SELECT coalesce(json_agg(json_build_object('id', m.node, 'distance', m.depth, 'kind', e.kind) ORDER BY m.depth, m.node), '[]')
            FROM members m JOIN entity e ON e.id = m.node),
  'edges', (SELECT coalesce(json_agg(json_build_object('id', x.id, 'subjectId', x.subject_id, 'objectId', x.object_id, 'predicate', x.predicate) ORDER BY x.id), '[]')
            FROM (SELECT * FROM edges ORDER BY id LIMIT ${LIMITS.subgraphEdges}) AS x),
  'reached', (SELECT count(*) FROM reached),
  'edgeCount', (SELECT count(*) FROM edges)
) AS graph`;

export interface SubgraphResult {
  nodes: Array<{ id: number; distance: number; kind: EntityKind }>;
  edges: Array<{ id: number; subjectId: number; objectId: number; predicate: Predicate }>;
  truncated: boolean;
}

export async function egoNetwork(
  pool: pg.Pool,
  centerId: number,
  walk: Omit<WalkOptions, 'kinds'>,
  maxNodes: number,
): Promise<SubgraphResult> {
  const { forwards, backwards } = ways(walk.direction);
  // The centre is one of the nodes; the walk may keep maxNodes - 1 more.
  const { rows } = await heavyWork(() =>
    pool.query<{
      graph: { nodes: SubgraphResult['nodes']; edges: SubgraphResult['edges']; reached: number; edgeCount: number };
    }>(SUBGRAPH_SQL, [[centerId], walk.depth, predicatesParam(walk.predicates), forwards, backwards, maxNodes - 1, LIMITS.neighbourhood + 1, 0, 0]),
  );
  const graph = rows[0]!.graph;
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    truncated: graph.reached > maxNodes - 1 || graph.edgeCount > LIMITS.subgraphEdges,
  };
}
