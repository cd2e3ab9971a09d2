// Shortest paths between two entities in one statement: a bidirectional
// breadth-first search (WITH RECURSIVE) that grows the smaller frontier one
// level at a time, then the network of all shortest paths, from which the
// paths themselves are assembled in order.
import type pg from 'pg';
import type { WalkDirection } from '../domain/predicates.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { Predicate } from '../generated/prisma/enums.ts';
import { heavyRows } from './statement.ts';
import { LIMITS } from '../limits.ts';
import { int, predicateAllowed, type Step, type WayParams, wayParams } from './traversal.ts';

const { sql, raw } = Prisma;

// From the entities where the two searches met, back along one search's
// levels to where it started (\`seen\`: fwd or bwd, with each entity's
// distance from its start): a step is a relation walked the way that search
// walked it, ending on the level before. Shared by both ends of \`paths\`.
const walkBack = (p: WayParams, name: string, distance: 'fdist' | 'bdist', seen: 'fwd' | 'bwd') => {
  // The search from the start walked relations forwards: going back, an entity's predecessor is its subject.
  const [near, far] = seen === 'fwd' ? ['object_id', 'subject_id'] : ['subject_id', 'object_id'];
  const s = seen === 'fwd' ? 'f' : 'b';
  const [n, d, sa, r1, r2, se] = [raw(name), raw(distance), raw(s), raw(`r.${far}`), raw(`r.${near}`), raw(seen)];
  return sql`${n}(node, dist) AS (
  SELECT node, ${d} FROM middle
  UNION
  SELECT ${sa}.node, ${sa}.dist FROM ${n} t
  CROSS JOIN LATERAL (
    SELECT ${r1} AS other FROM relation r
    WHERE ${p.forwards} AND ${r2} = t.node AND ${predicateAllowed(p)}
    UNION ALL
    SELECT ${r2} FROM relation r
    WHERE ${p.backwards} AND ${r1} = t.node AND ${predicateAllowed(p)}
  ) AS e
  JOIN ${se} ${sa} ON ${sa}.node = e.other AND ${sa}.dist = t.dist - 1
  WHERE t.dist > 0`;
};

// Shortest paths by bidirectional breadth-first search: the recursion grows
// whichever side (from `p.from` or back from `p.to`) has the smaller frontier, one
// level at a time, and stops as soon as the two sides meet or their depths add
// up to the maximum. The entities where they meet at the least total distance
// lie on every shortest path; walking back from them, level by level, to both
// ends gives the network of all shortest paths, returned as its relations.
const pathsSql = (p: WayParams & { from: Prisma.Sql; to: Prisma.Sql; maxDepth: Prisma.Sql }) => sql`
WITH RECURSIVE search(fd, bd, ffront, bfront, fseen, fdist, bseen, bdist, met) AS (
  SELECT 0, 0, ARRAY[${p.from}], ARRAY[${p.to}], ARRAY[${p.from}], ARRAY[0], ARRAY[${p.to}], ARRAY[0], ${p.from} = ${p.to}
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
        WHERE (CASE WHEN grow.forward THEN ${p.forwards} ELSE ${p.backwards} END)
          AND r.subject_id = ANY (CASE WHEN grow.forward THEN s.ffront ELSE s.bfront END)
          AND ${predicateAllowed(p)}
        UNION ALL
        SELECT r.subject_id FROM relation r
        WHERE (CASE WHEN grow.forward THEN ${p.backwards} ELSE ${p.forwards} END)
          AND r.object_id = ANY (CASE WHEN grow.forward THEN s.ffront ELSE s.bfront END)
          AND ${predicateAllowed(p)}
      ) AS c
      WHERE NOT EXISTS (SELECT 1 FROM unnest(CASE WHEN grow.forward THEN s.fseen ELSE s.bseen END) AS v(id) WHERE v.id = c.node)
      LIMIT ${LIMITS.pathSearchEntities}
    ) AS c
  ) AS nxt
  WHERE NOT s.met AND s.fd + s.bd < ${p.maxDepth} AND cardinality(s.ffront) > 0 AND cardinality(s.bfront) > 0
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
), ${walkBack(p, 'towards_start', 'fdist', 'fwd')}
), ${walkBack(p, 'towards_end', 'bdist', 'bwd')}
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
  WHERE ${p.forwards} AND r.subject_id = a.node AND ${predicateAllowed(p)}
  UNION
  SELECT r.subject_id, false FROM relation r
  WHERE ${p.backwards} AND r.object_id = a.node AND ${predicateAllowed(p)}
) AS e
JOIN on_path b ON b.node = e.other AND b.pos = a.pos + 1
CROSS JOIN LATERAL (
  SELECT r.id FROM relation r
  WHERE e.forwards AND r.subject_id = a.node AND r.object_id = e.other AND ${predicateAllowed(p)}
  UNION ALL
  SELECT r.id FROM relation r
  WHERE NOT e.forwards AND r.subject_id = e.other AND r.object_id = a.node AND ${predicateAllowed(p)}
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

function pathParams(fromId: number, toId: number, options: PathOptions) {
  return { ...wayParams(options.predicates, options.direction), from: int(fromId), to: int(toId), maxDepth: int(options.maxDepth) };
}

/** The shortest paths from one entity to another, in one statement. */
export async function shortestPaths(pool: pg.Pool, fromId: number, toId: number, options: PathOptions): Promise<Path[]> {
  if (fromId === toId) return pathsThrough([], fromId, toId, options.count);
  const rows = await heavyRows<PathNetworkEdge>(pool, pathsSql(pathParams(fromId, toId, options)));
  return pathsThrough(rows, fromId, toId, options.count);
}
