-- { rankings(metric: "import-export-value", first: 3, filter: { subject: { kind: { equals: BONDED_ZONE } } }) { unit totalCount entries { rank value subject { name } } } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."id" IN ($1,$2)
;

WITH m AS (SELECT id FROM metric WHERE slug = $1),
    candidates AS (
      SELECT o.id, o.subject_id, o.value AS v, o.unit::text AS unit, o.period_start, o.period_end, o.period_label,
             ROW(o.period_start, o.period_end, NULL::int)::text AS period_key, analytics.period_granularity(o.period_start, o.period_end) AS granularity
      FROM observation o
      WHERE o.metric_id = (SELECT id FROM m) AND o.value IS NOT NULL

        AND ((EXISTS (SELECT 1 FROM entity o1 WHERE o1.id = o.subject_id AND ((o1.kind = $2))))) AND NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = o.id)

    ),
    rankings AS (
      SELECT unit, period_key, count(*)::int AS total,
             array_agg(DISTINCT period_start::text || '|' || period_end::text || '|' || period_label
                       ORDER BY period_start::text || '|' || period_end::text || '|' || period_label) AS periods,
             NULL::text AS granularity,
             row_number() OVER (ORDER BY max(period_end) DESC, min(period_start) DESC, unit) AS ranking_no
      FROM candidates GROUP BY unit, period_key
    ),
    ranked AS (
      SELECT c.*, r.ranking_no, r.total, r.periods, r.granularity AS ranking_granularity,
             rank() OVER (PARTITION BY r.ranking_no ORDER BY c.v DESC) AS rank,
             row_number() OVER (PARTITION BY r.ranking_no ORDER BY c.v DESC, c.id) AS n
      FROM candidates c JOIN rankings r ON r.unit = c.unit AND r.period_key = c.period_key
      WHERE r.ranking_no <= $3
    )
    SELECT (SELECT count(*) FROM m)::int AS "metricFound", r.ranking_no::int AS "rankingNo",
           r.id AS "observationId", r.subject_id AS "subjectId", trim_scale(r.v)::text AS value, r.unit,
           r.rank::int AS rank, r.total, r.periods, r.ranking_granularity AS granularity
    FROM (SELECT 1) AS one
    LEFT JOIN ranked r ON r.n <= $4
    ORDER BY r.ranking_no, r.n
;
