-- { observationStats(groupBy: [METRIC, UNIT], orderBy: { field: COUNT, direction: DESC }, first: 3) { count sum unit metric { slug } } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."slug", "t0"."name", "t0"."description", "t0"."unit_kind"::text AS "unitKind", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt" FROM "public"."metric" AS "t0" WHERE "t0"."id" IN ($1,$2,$3)
;

SELECT o.metric_id AS "metricId", o.unit::text AS "unit", count(*)::int AS count,
       trim_scale(sum(o.value))::text AS sum,
       trim_scale(min(o.value))::text AS min,
       trim_scale(max(o.value))::text AS max,
       trim_scale(round(avg(o.value), 6))::text AS average,
       ARRAY[o.unit::text] AS units
FROM observation o

WHERE TRUE
GROUP BY o.metric_id, o.unit::text
ORDER BY count(*) DESC NULLS LAST, o.metric_id NULLS LAST, o.unit::text NULLS LAST
LIMIT $1
;
