-- { entities(first: 3, orderBy: { field: METRIC_VALUE, direction: DESC, metricValue: { metric: "import-export-value" } }) { totalCount edges { cursor orderValue node { slug } } } bondedZones(first: 2, orderBy: { field: RELATION_COUNT, direction: DESC }, having: { relationCount: [{ predicates: [SUPERVISES], direction: INCOMING, gte: 1 }] }) { edges { orderValue node { slug } } } }
-- 5 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."id" IN ($1,$2,$3)
;

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."id" IN ($1,$2,$3,$4)
;

SELECT count(*)::int AS n FROM (SELECT e.*,NULL::numeric AS aggregate, NULL::unit AS aggregate_unit FROM entity e  WHERE TRUE) AS x
    WHERE TRUE
;

WITH x AS (SELECT x.* FROM (SELECT e.*,((SELECT count(*) FROM relation r WHERE r.subject_id = e.id ) + (SELECT count(*) FROM relation r WHERE r.object_id = e.id ))::int AS aggregate, NULL::unit AS aggregate_unit,((SELECT count(*) FROM relation r WHERE r.object_id = e.id AND r.predicate = ANY ($1::predicate[])))::int AS t0 FROM entity e  WHERE (e.kind = $2)) AS x
    WHERE x.t0 >= $3::numeric)
      SELECT x.id, x.aggregate AS aggregate,
        NULL::text[] AS units
      FROM x
      ORDER BY x.aggregate DESC NULLS LAST, x.id DESC LIMIT $4
;

WITH x AS (SELECT x.* FROM (SELECT e.*,m.value AS aggregate, m.unit AS aggregate_unit FROM entity e LEFT JOIN LATERAL (SELECT o.value, o.unit FROM observation o
    WHERE o.subject_id = e.id AND o.metric_id = (SELECT id FROM metric WHERE slug = $1) AND NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = o.id)



    ORDER BY o.period_end DESC, o.period_start ASC, o.id DESC LIMIT 1) AS m ON TRUE WHERE TRUE) AS x
    WHERE TRUE)
      SELECT x.id, trim_scale(x.aggregate)::text AS aggregate,
        (SELECT array_agg(DISTINCT u.aggregate_unit::text ORDER BY u.aggregate_unit::text) FROM x u WHERE u.aggregate_unit IS NOT NULL) AS units
      FROM x
      ORDER BY x.aggregate DESC NULLS LAST, x.id DESC LIMIT $2
;
