-- { entity(slug: "beijing-customs") { neighbors(depth: 2, first: 3) { edges { distance node { name } path { relation { predicate } } } totalCount truncated } } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE ("t0"."slug" = $1 AND 1=1) LIMIT $2
;

WITH RECURSIVE
walk(start_id, depth, nodes, parents, seen, beyond, counted) AS (
  SELECT s, 0, ARRAY[s], ARRAY[NULL::int], ARRAY[s], 0::bigint, 0::bigint FROM unnest($1::int[]) AS s
  UNION ALL
  SELECT w.start_id, w.depth + 1, nxt.nodes, nxt.parents, w.seen || nxt.nodes, w.beyond + nxt.beyond, nxt.counted
  FROM walk w
  CROSS JOIN LATERAL (
    SELECT array_agg(c.node ORDER BY c.node) AS nodes,
           array_agg(c.parent ORDER BY c.node) AS parents,
           count(*) FILTER (WHERE (w.depth + 1, c.node) > ($2::int, $3::int)) AS beyond,
           0::bigint AS counted
    FROM (
      SELECT c.node, min(c.parent) AS parent
      FROM (
        SELECT r.object_id AS node, r.subject_id AS parent FROM relation r
        WHERE $4::boolean AND r.subject_id = ANY (w.nodes) AND ($5::predicate[] IS NULL OR r.predicate = ANY ($6::predicate[]))
        UNION ALL
        SELECT r.subject_id, r.object_id FROM relation r
        WHERE $7::boolean AND r.object_id = ANY (w.nodes) AND ($8::predicate[] IS NULL OR r.predicate = ANY ($9::predicate[]))
      ) AS c
      WHERE NOT EXISTS (SELECT 1 FROM unnest(w.seen) AS v(id) WHERE v.id = c.node) AND NOT coalesce((w.depth + 1 = $10::int AND w.beyond >= $11::int), false)
      GROUP BY c.node
      ORDER BY c.node
      LIMIT $12::int + 2 - cardinality(w.seen)
    ) AS c
    HAVING NOT coalesce((w.depth + 1 = $13::int AND w.beyond >= $14::int), false)
    UNION ALL
    SELECT '{}'::int[], '{}'::int[], 0::bigint, (
      SELECT count(*) FROM (
        WITH RECURSIVE fresh(node) AS (
          SELECT c.node FROM (
        SELECT r.object_id AS node, r.subject_id AS parent FROM relation r
        WHERE $15::boolean AND r.subject_id = ANY (w.nodes) AND ($16::predicate[] IS NULL OR r.predicate = ANY ($17::predicate[]))
        UNION ALL
        SELECT r.subject_id, r.object_id FROM relation r
        WHERE $18::boolean AND r.object_id = ANY (w.nodes) AND ($19::predicate[] IS NULL OR r.predicate = ANY ($20::predicate[]))
          ) AS c
          WHERE NOT EXISTS (SELECT 1 FROM unnest(w.seen) AS v(id) WHERE v.id = c.node)
          UNION
          SELECT node FROM fresh WHERE false
        )
        SELECT node FROM fresh LIMIT $21::int + 2 - cardinality(w.seen)
      ) AS f)
    WHERE (w.depth + 1 = $22::int AND w.beyond >= $23::int)
  ) AS nxt
  WHERE w.depth < $24::int AND cardinality(w.seen) <= $25::int + 1 AND w.beyond < $26::int AND nxt.nodes IS NOT NULL
), reached AS (
  -- Levels come in depth order, each sorted by entity: the position in the
  -- walk (from 1) is the size of the levels before plus the place in the level.
  SELECT w.start_id, w.depth, x.node, x.parent, cardinality(w.seen) - cardinality(w.nodes) - 1 + x.place AS position
  FROM walk w CROSS JOIN LATERAL unnest(w.nodes, w.parents) WITH ORDINALITY AS x(node, parent, place)
  WHERE w.depth > 0
), kept AS MATERIALIZED (
  SELECT o.* FROM reached o
  WHERE o.position <= $27::int
    AND ($28::entity_kind[] IS NULL OR EXISTS (SELECT 1 FROM entity e WHERE e.id = o.node AND e.kind = ANY ($29::entity_kind[])))
), totals AS MATERIALIZED (
  -- A counted level follows levels that were not cut, and has no kinds to filter by:
  -- the total is what was listed and counted, up to the cut.
  SELECT s AS start_id, coalesce(k.total, 0) + least(c.counted, $30::int - coalesce(k.total, 0)) AS total,
         coalesce(o.reached, 0) + c.counted > $31::int AS cut
  FROM unnest($32::int[]) AS s
  LEFT JOIN (SELECT start_id, count(*) AS total FROM kept GROUP BY start_id) AS k ON k.start_id = s
  LEFT JOIN (SELECT start_id, count(*) AS reached FROM reached GROUP BY start_id) AS o ON o.start_id = s
  CROSS JOIN LATERAL (SELECT coalesce(sum(w.counted), 0) AS counted FROM walk w WHERE w.start_id = s) AS c
), page AS (
  SELECT k.* FROM unnest($33::int[]) AS s
  CROSS JOIN LATERAL (
    SELECT k.* FROM kept k
    WHERE k.start_id = s AND (k.depth, k.node) > ($34::int, $35::int)
    ORDER BY k.position
    LIMIT $36::int
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
         SELECT json_agg(json_build_object('id', e.id, 'kind', e.kind, 'slug', e.slug, 'name', e.name, 'aliases', e.aliases,
  'description', e.description, 'definedBySourceId', e.defined_by_source_id, 'createdAt', e.created_at, 'updatedAt', e.updated_at) ORDER BY n.place)
         FROM unnest(b.nodes) WITH ORDINALITY AS n(id, place) JOIN entity e ON e.id = n.id
       ) AS "entityRows"
FROM totals t
LEFT JOIN page p ON p.start_id = t.start_id
LEFT JOIN back b ON b.start_id = p.start_id AND b.node = p.node AND b.cur = p.start_id
LEFT JOIN LATERAL (
  SELECT array_agg(st.id ORDER BY i) AS relations, array_agg(st.forwards ORDER BY i) AS forwards,
         json_agg(json_build_object('id', r.id, 'subjectId', r.subject_id, 'predicate', r.predicate, 'objectId', r.object_id,
  'role', r.role, 'validFrom', r.valid_from, 'validTo', r.valid_to, 'basis', r.basis, 'note', r.note,
  'evidenceId', r.evidence_id, 'sourceId', r.source_id, 'createdAt', r.created_at) ORDER BY i) AS rows
  FROM generate_series(1, cardinality(b.nodes) - 1) AS i
  CROSS JOIN LATERAL (
      SELECT r.id, true AS forwards FROM relation r
      WHERE $37::boolean AND r.subject_id = b.nodes[i] AND r.object_id = b.nodes[i + 1] AND ($38::predicate[] IS NULL OR r.predicate = ANY ($39::predicate[]))
      UNION ALL
      SELECT r.id, false FROM relation r
      WHERE $40::boolean AND r.subject_id = b.nodes[i + 1] AND r.object_id = b.nodes[i] AND ($41::predicate[] IS NULL OR r.predicate = ANY ($42::predicate[]))
      ORDER BY 1
      LIMIT 1) AS st
  JOIN relation r ON r.id = st.id
) AS steps ON p.node IS NOT NULL
ORDER BY t.start_id, p.depth, p.node
;
