-- { observationStats(groupBy: [METRIC, UNIT], orderBy: { field: COUNT, direction: DESC }, first: 3) { count sum unit metric { slug } } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."slug", "t0"."name", "t0"."description", "t0"."unit_kind"::text AS "unitKind", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt" FROM "public"."metric" AS "t0" WHERE "t0"."id" IN ($1,$2,$3)
;

WITH chosen AS (
      SELECT o.id, o.metric_id, o.subject_id, o.scope_id, o.source_id, o.unit, o.value, o.period_start, o.period_end, o.period_label,
             NULL::text AS subject_kind
      FROM observation o
      WHERE (TRUE) AND NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = o.id)

    ),
    f AS (
      SELECT f.*, lag(f.period_end) OVER w AS previous_end, lag(f.period_label) OVER w AS previous_label
      FROM chosen f
      WINDOW w AS (PARTITION BY f.metric_id,f.unit::text,f.metric_id, f.subject_id, f.scope_id ORDER BY f.period_start, f.period_end, f.id)
    )
    SELECT f.metric_id AS "metricId", f.unit::text AS "unit",
           count(*)::int AS count,
           trim_scale(sum(f.value))::text AS sum,
           trim_scale(min(f.value))::text AS min,
           trim_scale(max(f.value))::text AS max,
           trim_scale(round(avg(f.value), 6))::text AS average,
           ARRAY[f.unit::text] AS units,
           min(CASE WHEN f.period_start <= f.previous_end THEN
                 (SELECT m.slug FROM metric m WHERE m.id = f.metric_id) || ' of ' || (SELECT e.slug FROM entity e WHERE e.id = f.subject_id)
                 || ': ' || f.previous_label || ' and ' || f.period_label END) AS overlap
    FROM f
    GROUP BY f.metric_id,f.unit::text
    ORDER BY count(*) DESC NULLS LAST,f.metric_id NULLS LAST,f.unit::text NULLS LAST
    LIMIT $1
;
