-- { series(metric: "import-export-value", subject: "beijing", granularity: YEAR_TO_DATE) { unit gaps points { period { label } gap value evidence { quote } } } entity(slug: "beijing") { series(granularity: HALF, metric: "import-export-value") { unit points { value } } } }
-- 6 statement(s), sorted

SELECT "t0"."id" FROM "public"."entity" AS "t0" WHERE ("t0"."slug" = $1 AND 1=1) LIMIT $2
;

SELECT "t0"."id" FROM "public"."metric" AS "t0" WHERE ("t0"."slug" = $1 AND 1=1) LIMIT $2
;

SELECT "t0"."id", "t0"."evidence_id" AS "evidenceId", "t0"."source_id" AS "sourceId", "Observation_evidence"."__prisma_data__" AS "evidence" FROM "public"."observation" AS "t0" LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t1"."id", 'sourceId', "t1"."source_id", 'quote', "t1"."quote", 'startOffset', "t1"."start_offset", 'endOffset', "t1"."end_offset") AS "__prisma_data__" FROM "public"."evidence" AS "t1" WHERE ("t0"."evidence_id" = "t1"."id" AND "t0"."source_id" = "t1"."source_id") LIMIT $1) AS "Observation_evidence" ON true WHERE "t0"."id" IN ($2)
;

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE ("t0"."slug" = $1 AND 1=1) LIMIT $2
;

WITH answers AS (
        SELECT o.id, o.metric_id, o.subject_id, o.scope_id, o.unit, o.value, o.period_start, o.period_end, o.period_label,
               analytics.series_slot($1::text, o.period_start, o.period_end) AS slot
        FROM observation o
        WHERE NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = o.id) AND o.subject_id = ANY ($2::int[]) AND analytics.period_fits($3::text, o.period_start, o.period_end) AND o.metric_id = (SELECT id FROM metric WHERE slug = $4)
      ),
      series AS (
        SELECT metric_id, subject_id, scope_id, unit, min(slot) AS first_slot, max(slot) AS last_slot,
               row_number() OVER (PARTITION BY subject_id ORDER BY metric_id, scope_id NULLS FIRST, unit) AS series_no
        FROM answers GROUP BY metric_id, subject_id, scope_id, unit
      ),
      points AS (
        SELECT se.*, slot.at::date AS slot,
               row_number() OVER (PARTITION BY se.subject_id, se.series_no ORDER BY slot.at DESC) AS from_last
        FROM series se
        CROSS JOIN LATERAL generate_series(se.first_slot, se.last_slot, make_interval(months => analytics.series_step($5::text))) AS slot(at)
        WHERE se.series_no <= $6
      ),
      framed AS (
        SELECT p.*, CASE WHEN $7::text = 'YEAR_TO_DATE' THEN date_trunc('year', p.slot)::date ELSE p.slot END AS slot_start,
               (p.slot + make_interval(months => analytics.series_step($8::text)) - interval '1 day')::date AS slot_end
        FROM points p WHERE p.from_last <= $9
      )
      SELECT f.subject_id AS "subjectId", f.metric_id AS "metricId", f.scope_id AS "scopeId", f.unit::text AS unit,
             f.series_no::int AS "seriesNo",
             coalesce(a.period_start, f.slot_start)::text AS "periodStart",
             coalesce(a.period_end, f.slot_end)::text AS "periodEnd",
             coalesce(a.period_label, analytics.period_label(f.slot_start, f.slot_end)) AS "periodLabel",
             a.id AS "observationId", trim_scale(a.value)::text AS value
      FROM framed f
      LEFT JOIN answers a ON a.metric_id = f.metric_id AND a.subject_id = f.subject_id AND a.scope_id IS NOT DISTINCT FROM f.scope_id
                         AND a.unit = f.unit AND a.slot = f.slot
      ORDER BY f.subject_id, f.series_no, f.slot
;

WITH answers AS (
        SELECT o.id, o.metric_id, o.subject_id, o.scope_id, o.unit, o.value, o.period_start, o.period_end, o.period_label,
               analytics.series_slot($1::text, o.period_start, o.period_end) AS slot
        FROM observation o
        WHERE NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = o.id) AND o.subject_id = ANY ($2::int[]) AND analytics.period_fits($3::text, o.period_start, o.period_end) AND o.metric_id = (SELECT id FROM metric WHERE slug = $4)
      ),
      series AS (
        SELECT metric_id, subject_id, scope_id, unit, min(slot) AS first_slot, max(slot) AS last_slot,
               row_number() OVER (PARTITION BY subject_id ORDER BY metric_id, scope_id NULLS FIRST, unit) AS series_no
        FROM answers GROUP BY metric_id, subject_id, scope_id, unit
      ),
      points AS (
        SELECT se.*, slot.at::date AS slot,
               row_number() OVER (PARTITION BY se.subject_id, se.series_no ORDER BY slot.at DESC) AS from_last
        FROM series se
        CROSS JOIN LATERAL generate_series(se.first_slot, se.last_slot, make_interval(months => analytics.series_step($5::text))) AS slot(at)
        WHERE se.series_no <= $6
      ),
      framed AS (
        SELECT p.*, CASE WHEN $7::text = 'YEAR_TO_DATE' THEN date_trunc('year', p.slot)::date ELSE p.slot END AS slot_start,
               (p.slot + make_interval(months => analytics.series_step($8::text)) - interval '1 day')::date AS slot_end
        FROM points p WHERE p.from_last <= $9
      )
      SELECT f.subject_id AS "subjectId", f.metric_id AS "metricId", f.scope_id AS "scopeId", f.unit::text AS unit,
             f.series_no::int AS "seriesNo",
             coalesce(a.period_start, f.slot_start)::text AS "periodStart",
             coalesce(a.period_end, f.slot_end)::text AS "periodEnd",
             coalesce(a.period_label, analytics.period_label(f.slot_start, f.slot_end)) AS "periodLabel",
             a.id AS "observationId", trim_scale(a.value)::text AS value
      FROM framed f
      LEFT JOIN answers a ON a.metric_id = f.metric_id AND a.subject_id = f.subject_id AND a.scope_id IS NOT DISTINCT FROM f.scope_id
                         AND a.unit = f.unit AND a.slot = f.slot
      ORDER BY f.subject_id, f.series_no, f.slot
;
