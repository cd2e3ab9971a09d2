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
import { type Entity, Prisma, type Relation } from '../generated/prisma/client.ts';
import { heavyRows, run } from './statement.ts';
import { LIMITS } from '../limits.ts';

const { sql, raw } = Prisma;

/** Which way relations may be walked: forwards (subject to object), backwards, or both. */
function ways(direction: WalkDirection) {
  return { forwards: direction !== 'INCOMING', backwards: direction !== 'OUTGOING' };
}

/** The parameters every walk takes: which relations it may follow, and which way. */
export interface WayParams {
  predicates: Prisma.Sql;
  forwards: Prisma.Sql;
  backwards: Prisma.Sql;
}

export function wayParams(predicates: readonly Predicate[] | null | undefined, direction: WalkDirection): WayParams {
  const { forwards, backwards } = ways(direction);
  return {
    predicates: sql`${predicates?.length ? [...predicates] : null}::predicate[]`,
    forwards: sql`${forwards}::boolean`,
    backwards: sql`${backwards}::boolean`,
  };
}

/** Whether relation `r` has one of the predicates the walk allows (all when none are given). */
export const predicateAllowed = (p: WayParams) => sql`(${p.predicates} IS NULL OR r.predicate = ANY (${p.predicates}))`;

/** The parameters of the breadth-first walk (WALK). */
interface WalkParams extends WayParams {
  starts: Prisma.Sql;
  depth: Prisma.Sql;
  /** Most entities kept. */
  keep: Prisma.Sql;
  /** Stop once this many entities lie beyond the cursor. */
  stopAfter: Prisma.Sql;
  afterDistance: Prisma.Sql;
  afterEntity: Prisma.Sql;
  /**
   * Entities a page takes beyond the cursor, when only the page and the total
   * matter (no kinds to filter by); NULL when the walk must list every level.
   */
  pageTake: Prisma.Sql;
}

// One level of a breadth-first walk, for the frontier `$front` (an expression):
// every entity one allowed relation away, with the smallest neighbour it was
// reached from. Shared by the neighbourhood and subgraph walks.
const levelCandidates = (p: WayParams, front: string) => sql`
        SELECT r.object_id AS node, r.subject_id AS parent FROM relation r
        WHERE ${p.forwards} AND r.subject_id = ANY (${raw(front)}) AND ${predicateAllowed(p)}
        UNION ALL
        SELECT r.subject_id, r.object_id FROM relation r
        WHERE ${p.backwards} AND r.object_id = ANY (${raw(front)}) AND ${predicateAllowed(p)}`;

/**
 * The walk: one row per start and level, with the level's entities, the entity
 * each was first reached from, and how many entities of the walk lie beyond
 * the cursor so far. It stops at the depth, at `keep + 1` entities (one more
 * than kept, to know that the cut hid some), and once `stopAfter` entities lie beyond
 * the cursor (afterDistance, afterEntity), which is all a page needs when no total is asked for.
 *
 * The last level is often the largest (a hub's second level reads hundreds of
 * thousands of relations) and, once the levels before it fill the page
 * (`pageTake`), only its size matters, up to the cut: then it is counted, not
 * listed (`counted`), by a distinct that streams (a recursive union's
 * non-recursive term drops duplicates as rows arrive, where DISTINCT or GROUP BY
 * would read every candidate first), so the count stops at the cut.
 */
const walkSql = (p: WalkParams) => {
  const countOnly = sql`(w.depth + 1 = ${p.depth} AND w.beyond >= ${p.pageTake})`;
  const unseen = sql`NOT EXISTS (SELECT 1 FROM unnest(w.seen) AS v(id) WHERE v.id = c.node)`;
  const room = sql`${p.keep} + 2 - cardinality(w.seen)`;
  return sql`
walk(start_id, depth, nodes, parents, seen, beyond, counted) AS (
  SELECT s, 0, ARRAY[s], ARRAY[NULL::int], ARRAY[s], 0::bigint, 0::bigint FROM unnest(${p.starts}) AS s
  UNION ALL
  SELECT w.start_id, w.depth + 1, nxt.nodes, nxt.parents, w.seen || nxt.nodes, w.beyond + nxt.beyond, nxt.counted
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT array_agg(c.node ORDER BY c.node) AS nodes,
           array_agg(c.parent ORDER BY c.node) AS parents,
           count(*) FILTER (WHERE (w.depth + 1, c.node) > (${p.afterDistance}, ${p.afterEntity})) AS beyond,
           0::bigint AS counted
    FROM (
      SELECT c.node, min(c.parent) AS parent
      FROM (${levelCandidates(p, 'w.nodes')}
      ) AS c
      WHERE ${unseen} AND NOT coalesce(${countOnly}, false)
      GROUP BY c.node
      ORDER BY c.node
      LIMIT ${room}
    ) AS c
    HAVING NOT coalesce(${countOnly}, false)
    UNION ALL
    SELECT '{}'::int[], '{}'::int[], 0::bigint, (
      SELECT count(*) FROM (
        WITH RECURSIVE fresh(node) AS (
          SELECT c.node FROM (${levelCandidates(p, 'w.nodes')}
          ) AS c
          WHERE ${unseen}
          UNION
          SELECT node FROM fresh WHERE false
        )
        SELECT node FROM fresh LIMIT ${room}
      ) AS f)
    WHERE ${countOnly}
  ) AS nxt
  WHERE w.depth < ${p.depth} AND cardinality(w.seen) <= ${p.keep} + 1 AND w.beyond < ${p.stopAfter} AND nxt.nodes IS NOT NULL
), reached AS (
  -- Levels come in depth order, each sorted by entity: the position in the
  -- walk (from 1) is the size of the levels before plus the place in the level.
  SELECT w.start_id, w.depth, x.node, x.parent, cardinality(w.seen) - cardinality(w.nodes) - 1 + x.place AS position
  FROM walk w CROSS JOIN LATERAL unnest(w.nodes, w.parents) WITH ORDINALITY AS x(node, parent, place)
  WHERE w.depth > 0
)`;
};

/** The relation a step from `a` to `b` walked: the oldest allowed one. */
const stepRelation = (p: WayParams, a: string, b: string) => sql`
      SELECT r.id, true AS forwards FROM relation r
      WHERE ${p.forwards} AND r.subject_id = ${raw(a)} AND r.object_id = ${raw(b)} AND ${predicateAllowed(p)}
      UNION ALL
      SELECT r.id, false FROM relation r
      WHERE ${p.backwards} AND r.subject_id = ${raw(b)} AND r.object_id = ${raw(a)} AND ${predicateAllowed(p)}
      ORDER BY 1
      LIMIT 1`;

// The rows of the entities and relations on a page's paths, as Prisma reads
// them (camelCase keys; dates as JSON text, turned into Date by rowOf): when
// the query asks nothing of them beyond their own columns, they need no
// statement of their own.
const ENTITY_ROW = sql`json_build_object('id', e.id, 'kind', e.kind, 'slug', e.slug, 'name', e.name, 'aliases', e.aliases,
  'description', e.description, 'definedBySourceId', e.defined_by_source_id, 'createdAt', e.created_at, 'updatedAt', e.updated_at)`;
const RELATION_ROW = sql`json_build_object('id', r.id, 'subjectId', r.subject_id, 'predicate', r.predicate, 'objectId', r.object_id,
  'role', r.role, 'validFrom', r.valid_from, 'validTo', r.valid_to, 'basis', r.basis, 'note', r.note,
  'evidenceId', r.evidence_id, 'sourceId', r.source_id, 'createdAt', r.created_at)`;

const DATE_KEYS = ['createdAt', 'updatedAt', 'validFrom', 'validTo'] as const;

/** A row read as JSON, with its dates as Date (as Prisma gives them). */
function rowOf<T>(json: Record<string, unknown>): T {
  const row: Record<string, unknown> = { ...json };
  for (const key of DATE_KEYS) if (typeof row[key] === 'string') row[key] = new Date(row[key] as string);
  return row as T;
}

// The page of each start's neighbourhood, with the path to each neighbour
// (walked back through the first-reached-from links) and the relation of each
// step; plus, on every row, the start's total. Starts with an empty page still
// get one row, without a neighbour, for their total.
const neighborsSql = (p: WalkParams & { kinds: Prisma.Sql; take: Prisma.Sql }) => sql`
WITH RECURSIVE ${walkSql(p)}, kept AS MATERIALIZED (
  SELECT o.* FROM reached o
  WHERE o.position <= ${p.keep}
    AND (${p.kinds} IS NULL OR EXISTS (SELECT 1 FROM entity e WHERE e.id = o.node AND e.kind = ANY (${p.kinds})))
), totals AS MATERIALIZED (
  -- A counted level follows levels that were not cut, and has no kinds to filter by:
  -- the total is what was listed and counted, up to the cut.
  SELECT s AS start_id, coalesce(k.total, 0) + least(c.counted, ${p.keep} - coalesce(k.total, 0)) AS total,
         coalesce(o.reached, 0) + c.counted > ${p.keep} AS cut
  FROM unnest(${p.starts}) AS s
  LEFT JOIN (SELECT start_id, count(*) AS total FROM kept GROUP BY start_id) AS k ON k.start_id = s
  LEFT JOIN (SELECT start_id, count(*) AS reached FROM reached GROUP BY start_id) AS o ON o.start_id = s
  CROSS JOIN LATERAL (SELECT coalesce(sum(w.counted), 0) AS counted FROM walk w WHERE w.start_id = s) AS c
), page AS (
  SELECT k.* FROM unnest(${p.starts}) AS s
  CROSS JOIN LATERAL (
    SELECT k.* FROM kept k
    WHERE k.start_id = s AND (k.depth, k.node) > (${p.afterDistance}, ${p.afterEntity})
    ORDER BY k.position
    LIMIT ${p.take}
  ) AS k
), back(start_id, node, cur, nodes) AS (
  SELECT p.start_id, p.node, p.node, ARRAY[p.node] FROM page p
  UNION ALL
  SELECT b.start_id, b.node, r.parent, r.parent || b.nodes
  FROM back b JOIN reached r ON r.start_id = b.start_id AND r.node = b.cur
)
SELECT t.start_id AS "startId", t.total::int AS total, t.cut,
       p.node AS "entityId", p.depth AS distance, b.nodes, steps.relations, steps.forwards,
       steps.rows AS "relationRows", (
         SELECT json_agg(${ENTITY_ROW} ORDER BY n.place)
         FROM unnest(b.nodes) WITH ORDINALITY AS n(id, place) JOIN entity e ON e.id = n.id
       ) AS "entityRows"
FROM totals t
LEFT JOIN page p ON p.start_id = t.start_id
LEFT JOIN back b ON b.start_id = p.start_id AND b.node = p.node AND b.cur = p.start_id
LEFT JOIN LATERAL (
  SELECT array_agg(st.id ORDER BY i) AS relations, array_agg(st.forwards ORDER BY i) AS forwards,
         json_agg(${RELATION_ROW} ORDER BY i) AS rows
  FROM generate_series(1, cardinality(b.nodes) - 1) AS i
  CROSS JOIN LATERAL (${stepRelation(p, 'b.nodes[i]', 'b.nodes[i + 1]')}) AS st
  JOIN relation r ON r.id = st.id
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
  /** The rows of every entity and relation on the neighbours' paths, by ID. */
  entities: Map<number, Entity>;
  relations: Map<number, Relation>;
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
  entityRows: Array<Record<string, unknown>> | null;
  relationRows: Array<Record<string, unknown>> | null;
}

function stepsOf(nodeIds: number[], relationIds: number[], forwards: boolean[]): Step[] {
  return relationIds.map((relationId, i) => ({ relationId, fromId: nodeIds[i]!, toId: nodeIds[i + 1]!, forwards: forwards[i]! }));
}

export const int = (value: number) => sql`${value}::int`;

/** The neighbourhood walk's parameters. */
function neighborParams(startIds: readonly number[], walk: WalkOptions, page: NeighborPage, maxNeighbors: number) {
  return {
    ...wayParams(walk.predicates, walk.direction),
    starts: sql`${[...startIds]}::int[]`,
    depth: int(walk.depth),
    keep: int(maxNeighbors),
    // Without a total to count (or kinds to filter by), the walk stops once a page's worth lies beyond the cursor.
    stopAfter: int(page.count || walk.kinds?.length ? maxNeighbors + 1 : page.take),
    afterDistance: int(page.after?.distance ?? 0),
    afterEntity: int(page.after?.entityId ?? 0),
    // A level filtered by kinds must be listed to count what it keeps.
    pageTake: sql`${walk.kinds?.length ? null : page.take}::int`,
    kinds: sql`${walk.kinds?.length ? [...walk.kinds] : null}::entity_kind[]`,
    take: int(page.take),
  };
}

/** The statement of a neighbourhood walk (for golden SQL tests). */
export function neighborsStatement(startIds: readonly number[], walk: WalkOptions, page: NeighborPage, maxNeighbors = LIMITS.neighbourhood): Prisma.Sql {
  return neighborsSql(neighborParams(startIds, walk, page, maxNeighbors));
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
  const rows = await heavyRows<NeighborRow>(pool, neighborsSql(neighborParams(startIds, walk, page, maxNeighbors)));
  const result = new Map<number, Neighborhood>();
  for (const row of rows) {
    const hood: Neighborhood = result.get(row.startId) ?? {
      neighbors: [],
      total: page.count ? row.total : null,
      truncated: page.count ? row.cut : null,
      entities: new Map(),
      relations: new Map(),
    };
    result.set(row.startId, hood);
    for (const e of row.entityRows ?? []) hood.entities.set(e.id as number, rowOf<Entity>(e));
    for (const r of row.relationRows ?? []) hood.relations.set(r.id as number, rowOf<Relation>(r));
    if (row.entityId !== null) {
      hood.neighbors.push({ entityId: row.entityId, distance: row.distance, nodeIds: row.nodes, steps: stepsOf(row.nodes, row.relations, row.forwards) });
    }
  }
  return result;
}

// An ego network: the entities within `depth` steps (the centre at distance 0),
// and every allowed relation between two of them.
const subgraphSql = (p: WalkParams) => sql`
WITH RECURSIVE ${walkSql(p)}, members AS (
  SELECT s AS node, 0 AS depth FROM unnest(${p.starts}) AS s
  UNION ALL
  SELECT r.node, r.depth FROM (SELECT r.* FROM reached r ORDER BY r.depth, r.node LIMIT ${p.keep}) AS r
), edges AS (
  SELECT r.id, r.subject_id, r.object_id, r.predicate
  FROM members m
  JOIN relation r ON r.subject_id = m.node AND ${predicateAllowed(p)}
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

// The centre is one of the nodes; the walk may keep maxNodes - 1 more, and has no cursor.
function subgraphParams(centerId: number, walk: Omit<WalkOptions, 'kinds'>, maxNodes: number): WalkParams {
  return {
    ...wayParams(walk.predicates, walk.direction),
    starts: sql`${[centerId]}::int[]`,
    depth: int(walk.depth),
    keep: int(maxNodes - 1),
    stopAfter: int(LIMITS.neighbourhood + 1),
    afterDistance: int(0),
    afterEntity: int(0),
    // Every member is listed.
    pageTake: sql`NULL::int`,
  };
}

export async function egoNetwork(
  pool: pg.Pool,
  centerId: number,
  walk: Omit<WalkOptions, 'kinds'>,
  maxNodes: number,
): Promise<SubgraphResult> {
  const { rows } = await heavyWork(() =>
    run<{ graph: { nodes: SubgraphResult['nodes']; edges: SubgraphResult['edges']; reached: number; edgeCount: number } }>(
      pool,
      subgraphSql(subgraphParams(centerId, walk, maxNodes)),
    ),
  );
  const graph = rows[0]!.graph;
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    truncated: graph.reached > maxNodes - 1 || graph.edgeCount > LIMITS.subgraphEdges,
  };
}
