-- { claims(first: 3, metrics: ["import-export-value"]) { totalCount edges { cursor node { count disputed answer { value source { slug } } claims { value rank evidence { quote } } } } } observations(first: 2, disputed: false) { nodes { value rank disputed } } }
-- 8 statement(s), sorted

SELECT "t0"."id", "t0"."metric_id" AS "metricId", "t0"."subject_id" AS "subjectId", "t0"."scope_id" AS "scopeId", "t0"."stated_by_id" AS "statedById", "t0"."value", "t0"."unit"::text, "t0"."period_start" AS "periodStart", "t0"."period_end" AS "periodEnd", "t0"."period_label" AS "periodLabel", "t0"."change_basis"::text AS "changeBasis", "t0"."change_value" AS "changeValue", "t0"."change_unit"::text AS "changeUnit", "t0"."change_benchmark" AS "changeBenchmark", "t0"."note", "t0"."evidence_id" AS "evidenceId", "t0"."source_id" AS "sourceId", "t0"."rank"::text, "t0"."rank_reason" AS "rankReason", "t0"."created_at" AS "createdAt" FROM "public"."observation" AS "t0" WHERE 1=1 ORDER BY "t0"."period_start" DESC, "t0"."id" DESC LIMIT $1
;

SELECT "t0"."id", "t0"."metric_id" AS "metricId", "t0"."subject_id" AS "subjectId", "t0"."scope_id" AS "scopeId", "t0"."stated_by_id" AS "statedById", "t0"."value", "t0"."unit"::text, "t0"."period_start" AS "periodStart", "t0"."period_end" AS "periodEnd", "t0"."period_label" AS "periodLabel", "t0"."change_basis"::text AS "changeBasis", "t0"."change_value" AS "changeValue", "t0"."change_unit"::text AS "changeUnit", "t0"."change_benchmark" AS "changeBenchmark", "t0"."note", "t0"."evidence_id" AS "evidenceId", "t0"."source_id" AS "sourceId", "t0"."rank"::text, "t0"."rank_reason" AS "rankReason", "t0"."created_at" AS "createdAt", "Observation_evidence"."__prisma_data__" AS "evidence", "Observation_source"."__prisma_data__" AS "source" FROM "public"."observation" AS "t0" LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t1"."id", 'sourceId', "t1"."source_id", 'quote', "t1"."quote", 'startOffset', "t1"."start_offset", 'endOffset', "t1"."end_offset") AS "__prisma_data__" FROM "public"."evidence" AS "t1" WHERE ("t0"."evidence_id" = "t1"."id" AND "t0"."source_id" = "t1"."source_id") LIMIT $1) AS "Observation_evidence" ON true LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t2"."id", 'slug', "t2"."slug") AS "__prisma_data__" FROM "public"."source" AS "t2" WHERE "t0"."source_id" = "t2"."id" LIMIT $2) AS "Observation_source" ON true WHERE "t0"."id" IN ($3,$4,$5)
;

SELECT count(*)::int AS n FROM (SELECT min(c.observation_id) AS id FROM analytics.observation_claims c
    WHERE c.metric_id IN (SELECT id FROM metric WHERE slug = ANY ($1::text[]))
    GROUP BY c.metric_id, c.subject_id, c.scope_id, c.period_start, c.period_end ) AS q
;

SELECT observation_id AS id FROM analytics.observation_claims WHERE disputed ORDER BY observation_id
;

SELECT q.id FROM (SELECT min(c.observation_id) AS id FROM analytics.observation_claims c
    WHERE c.metric_id IN (SELECT id FROM metric WHERE slug = ANY ($1::text[]))
    GROUP BY c.metric_id, c.subject_id, c.scope_id, c.period_start, c.period_end ) AS q
      ORDER BY q.id ASC LIMIT $2
;

SELECT t.id AS "askedId", c.observation_id AS "observationId", c.rank::text AS rank, c.rank_reason AS "rankReason",
             c.answers, c.disputed, c.claim_count AS "claimCount", trim_scale(o.value)::text AS value, o.unit::text AS unit,
             c.source_published_on::text AS "publishedOn"
      FROM unnest($1::int[]) AS asked(id)
      JOIN observation t ON t.id = asked.id
      CROSS JOIN LATERAL (
        SELECT q.* FROM analytics.observation_claims q
        WHERE q.metric_id = t.metric_id AND q.subject_id = t.subject_id AND q.scope_id IS NOT DISTINCT FROM t.scope_id
          AND q.period_start = t.period_start AND q.period_end = t.period_end
        OFFSET 0) AS c
      JOIN observation o ON o.id = c.observation_id
      ORDER BY t.id, c.answers DESC, c.source_published_on DESC, c.observation_id DESC
;

SELECT t.id AS "askedId", c.observation_id AS "observationId", c.rank::text AS rank, c.rank_reason AS "rankReason",
             c.answers, c.disputed, c.claim_count AS "claimCount", trim_scale(o.value)::text AS value, o.unit::text AS unit,
             c.source_published_on::text AS "publishedOn"
      FROM unnest($1::int[]) AS asked(id)
      JOIN observation t ON t.id = asked.id
      CROSS JOIN LATERAL (
        SELECT q.* FROM analytics.observation_claims q
        WHERE q.metric_id = t.metric_id AND q.subject_id = t.subject_id AND q.scope_id IS NOT DISTINCT FROM t.scope_id
          AND q.period_start = t.period_start AND q.period_end = t.period_end
        OFFSET 0) AS c
      JOIN observation o ON o.id = c.observation_id
      ORDER BY t.id, c.answers DESC, c.source_published_on DESC, c.observation_id DESC
;

SELECT t.id AS "askedId", c.observation_id AS "observationId", c.rank::text AS rank, c.rank_reason AS "rankReason",
             c.answers, c.disputed, c.claim_count AS "claimCount", trim_scale(o.value)::text AS value, o.unit::text AS unit,
             c.source_published_on::text AS "publishedOn"
      FROM unnest($1::int[]) AS asked(id)
      JOIN observation t ON t.id = asked.id
      CROSS JOIN LATERAL (
        SELECT q.* FROM analytics.observation_claims q
        WHERE q.metric_id = t.metric_id AND q.subject_id = t.subject_id AND q.scope_id IS NOT DISTINCT FROM t.scope_id
          AND q.period_start = t.period_start AND q.period_end = t.period_end
        OFFSET 0) AS c
      JOIN observation o ON o.id = c.observation_id
      ORDER BY t.id, c.answers DESC, c.source_published_on DESC, c.observation_id DESC
;
