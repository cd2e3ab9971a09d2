-- { rankings(metric: "import-export-value", first: 3, filter: { subject: { kind: { equals: BONDED_ZONE } } }) { unit totalCount entries { rank value subject { name } } } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."id" IN ($1,$2)
;

WITH m AS (SELECT id FROM metric WHERE slug = $1),
ranked AS (
  SELECT o.id, o.subject_id, o.value AS v, o.unit::text AS unit,
         rank() OVER (PARTITION BY o.unit ORDER BY o.value DESC) AS rank,
         row_number() OVER (PARTITION BY o.unit ORDER BY o.value DESC, o.id) AS n,
         count(*) OVER (PARTITION BY o.unit) AS total
  FROM observation o
  WHERE o.metric_id = (SELECT id FROM m) AND o.value IS NOT NULL  AND ((EXISTS (SELECT 1 FROM entity o1 WHERE o1.id = o.subject_id AND ((o1.kind = $2)))))
)
SELECT (SELECT count(*) FROM m)::int AS "metricFound",
       r.id AS "observationId", r.subject_id AS "subjectId", trim_scale(r.v)::text AS value, r.unit,
       r.rank::int AS rank, r.total::int AS total
FROM (SELECT 1) AS one
LEFT JOIN ranked r ON r.n <= $3
ORDER BY r.unit, r.n
;
