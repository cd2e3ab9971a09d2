-- Many sources, one answer per question (issue 16).
--
-- A claim is one source's value for a question: a metric of a subject (and
-- scope) over a period. When sources disagree, every claim is kept with its
-- evidence; a rank (PREFERRED, NORMAL, DEPRECATED, as in Wikidata) says which
-- one answers. Curators store ranks; until one prefers a claim, the most
-- recent publication answers. The rule lives here once, in the view
-- analytics.observation_claims, which the API reads too.
--
-- Periods get calendar granularities (month, quarter, half, year, year to
-- date) from the functions below, used by the series view, the API's series
-- and rankings, so "2023 Q2" means the same thing everywhere.

-- CreateEnum
CREATE TYPE "claim_rank" AS ENUM ('PREFERRED', 'NORMAL', 'DEPRECATED');

-- AlterTable
ALTER TABLE "observation" ADD COLUMN "rank" "claim_rank" NOT NULL DEFAULT 'NORMAL';
ALTER TABLE "observation" ADD COLUMN "rank_reason" TEXT;

-- Periods ---------------------------------------------------------------

-- The number of whole calendar months [period_start, period_end] covers, or
-- NULL if it does not start on a first or end on a last day of a month.
CREATE FUNCTION "analytics"."period_months"(period_start DATE, period_end DATE) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN extract(day FROM period_start) = 1
     AND period_end = (date_trunc('month', period_end) + interval '1 month' - interval '1 day')::date
     AND period_end >= period_start
    THEN ((extract(year FROM period_end) - extract(year FROM period_start)) * 12
          + extract(month FROM period_end) - extract(month FROM period_start) + 1)::int
END;

-- Whether a period is one of a granularity's calendar periods: MONTH, QUARTER
-- (Jan-Mar, Apr-Jun, ...), HALF (Jan-Jun, Jul-Dec), YEAR, or YEAR_TO_DATE
-- (from 1 January to the end of a month of the same year: Jan, Jan-Feb, ...,
-- the year). A period can fit several: 2023 H1 is a HALF and a YEAR_TO_DATE.
CREATE FUNCTION "analytics"."period_fits"(granularity TEXT, period_start DATE, period_end DATE) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(CASE granularity
    WHEN 'MONTH' THEN "analytics"."period_months"(period_start, period_end) = 1
    WHEN 'QUARTER' THEN "analytics"."period_months"(period_start, period_end) = 3 AND extract(month FROM period_start) IN (1, 4, 7, 10)
    WHEN 'HALF' THEN "analytics"."period_months"(period_start, period_end) = 6 AND extract(month FROM period_start) IN (1, 7)
    WHEN 'YEAR' THEN "analytics"."period_months"(period_start, period_end) = 12 AND extract(month FROM period_start) = 1
    WHEN 'YEAR_TO_DATE' THEN extract(month FROM period_start) = 1
                             AND extract(year FROM period_end) = extract(year FROM period_start)
                             AND "analytics"."period_months"(period_start, period_end) IS NOT NULL
END, false);

-- The one granularity a period is compared within (rankings by granularity):
-- the calendar one if any, YEAR_TO_DATE for Jan-Jul and its like, else NULL.
CREATE FUNCTION "analytics"."period_granularity"(period_start DATE, period_end DATE) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN "analytics"."period_fits"('MONTH', period_start, period_end) THEN 'MONTH'
    WHEN "analytics"."period_fits"('QUARTER', period_start, period_end) THEN 'QUARTER'
    WHEN "analytics"."period_fits"('HALF', period_start, period_end) THEN 'HALF'
    WHEN "analytics"."period_fits"('YEAR', period_start, period_end) THEN 'YEAR'
    WHEN "analytics"."period_fits"('YEAR_TO_DATE', period_start, period_end) THEN 'YEAR_TO_DATE'
END;

-- A series has one slot per step of its granularity: the period's first day,
-- or for YEAR_TO_DATE the first day of its last month (Jan-Jul: 1 July).
CREATE FUNCTION "analytics"."series_slot"(granularity TEXT, period_start DATE, period_end DATE) RETURNS DATE
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN granularity = 'YEAR_TO_DATE' THEN date_trunc('month', period_end)::date ELSE period_start END;

-- Months from one slot to the next.
CREATE FUNCTION "analytics"."series_step"(granularity TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE granularity WHEN 'QUARTER' THEN 3 WHEN 'HALF' THEN 6 WHEN 'YEAR' THEN 12 ELSE 1 END;

-- The label of a calendar period, as the ingest writes it (src/domain/period.ts):
-- 2023, 2023 H1, 2023 Q3, 2023 Aug, 2023 Jan-Jul.
CREATE FUNCTION "analytics"."period_label"(period_start DATE, period_end DATE) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN "analytics"."period_fits"('YEAR', period_start, period_end) THEN to_char(period_start, 'YYYY')
    WHEN "analytics"."period_fits"('HALF', period_start, period_end)
        THEN to_char(period_start, 'YYYY') || CASE WHEN extract(month FROM period_start) = 1 THEN ' H1' ELSE ' H2' END
    WHEN "analytics"."period_fits"('QUARTER', period_start, period_end) THEN to_char(period_start, 'YYYY "Q"Q')
    WHEN "analytics"."period_fits"('MONTH', period_start, period_end) THEN to_char(period_start, 'YYYY Mon')
    WHEN "analytics"."period_months"(period_start, period_end) IS NOT NULL
     AND extract(year FROM period_start) = extract(year FROM period_end)
        THEN to_char(period_start, 'YYYY Mon') || '-' || to_char(period_end, 'Mon')
    WHEN period_start = period_end THEN to_char(period_start, 'YYYY-MM-DD')
    ELSE to_char(period_start, 'YYYY-MM-DD') || ' to ' || to_char(period_end, 'YYYY-MM-DD')
END;

-- Claims ----------------------------------------------------------------

CREATE VIEW "analytics"."observation_claims" AS
WITH ranked AS (
    SELECT
        o."id", o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end",
        o."value", o."unit", o."rank" AS "curated_rank", o."rank_reason" AS "curated_reason",
        o."source_id", src."slug" AS "source_slug", src."published_on",
        count(*) OVER question AS "claim_count",
        count(*) OVER (PARTITION BY o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end", o."value", o."unit") AS "agreeing",
        bool_or(o."rank" = 'PREFERRED') OVER question AS "curated",
        -- The claim that answers: a curator's PREFERRED first, DEPRECATED never, then the most recent publication.
        row_number() OVER (
            PARTITION BY o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end"
            ORDER BY o."rank" = 'DEPRECATED', o."rank" <> 'PREFERRED', src."published_on" DESC, o."id" DESC
        ) AS "place",
        first_value(src."slug") OVER (
            PARTITION BY o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end"
            ORDER BY o."rank" = 'DEPRECATED', o."rank" <> 'PREFERRED', src."published_on" DESC, o."id" DESC
        ) AS "answer_source_slug"
    FROM "observation" o
    JOIN "source" src ON src."id" = o."source_id"
    WINDOW question AS (PARTITION BY o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end")
)
SELECT
    r."id" AS "observation_id",
    r."metric_id", r."subject_id", r."scope_id", r."period_start", r."period_end",
    r."source_id", r."source_slug", r."published_on" AS "source_published_on",
    r."claim_count"::int AS "claim_count",
    r."agreeing" < r."claim_count" AS "disputed",
    (CASE
        WHEN r."curated_rank" = 'DEPRECATED' THEN 'DEPRECATED'
        WHEN r."curated" THEN r."curated_rank"::text
        WHEN r."place" = 1 THEN 'PREFERRED'
        ELSE 'NORMAL'
    END)::"claim_rank" AS "rank",
    CASE
        WHEN r."curated_rank" = 'DEPRECATED' THEN coalesce(r."curated_reason", 'deprecated by a curator')
        WHEN r."curated_rank" = 'PREFERRED' THEN coalesce(r."curated_reason", 'preferred by a curator')
        WHEN r."curated" THEN 'a curator preferred another claim (' || r."answer_source_slug" || ')'
        WHEN r."claim_count" = 1 THEN 'the only claim'
        WHEN r."place" = 1 THEN 'the most recent publication (' || r."source_slug" || ', ' || to_char(r."published_on", 'YYYY-MM-DD') || ')'
        ELSE 'superseded by a more recent publication (' || r."answer_source_slug" || ')'
    END AS "rank_reason",
    r."place" = 1 AND r."curated_rank" <> 'DEPRECATED' AS "answers"
FROM ranked r;

COMMENT ON VIEW "analytics"."observation_claims" IS 'One row per observation, read as a claim: one source''s value for a question (metric, subject, scope, period). Says how many sources answer the question, whether they disagree, and the claim''s rank: a curator''s, or by default PREFERRED for the most recent publication.';
COMMENT ON COLUMN "analytics"."observation_claims"."disputed" IS 'Another claim for the same question has a different value or unit.';
COMMENT ON COLUMN "analytics"."observation_claims"."rank" IS 'PREFERRED, NORMAL or DEPRECATED: the rank a curator stored, or by default PREFERRED for the most recent publication and NORMAL for the others.';
COMMENT ON COLUMN "analytics"."observation_claims"."answers" IS 'This claim answers when one value is asked for the question (series, rankings, sums): the first PREFERRED claim, never a DEPRECATED one.';

-- The facts gain their claim's rank (new columns go last: the view keeps its columns).
CREATE OR REPLACE VIEW "analytics"."observation_facts" AS
SELECT
    o."id"                   AS "observation_id",
    m."id"                   AS "metric_id",
    m."slug"                 AS "metric_slug",
    m."name"                 AS "metric_name",
    m."unit_kind"::TEXT      AS "metric_unit_kind",
    s."id"                   AS "subject_id",
    s."slug"                 AS "subject_slug",
    s."name"                 AS "subject_name",
    s."kind"::TEXT           AS "subject_kind",
    sc."id"                  AS "scope_id",
    sc."slug"                AS "scope_slug",
    sc."name"                AS "scope_name",
    sb."slug"                AS "stated_by_slug",
    sb."name"                AS "stated_by_name",
    trim_scale(o."value")    AS "value",
    o."unit"::TEXT           AS "unit",
    o."period_start",
    o."period_end",
    o."period_label",
    o."change_basis"::TEXT   AS "change_basis",
    trim_scale(o."change_value") AS "change_value",
    o."change_unit"::TEXT    AS "change_unit",
    o."change_benchmark",
    o."note",
    ev."id"                  AS "evidence_id",
    ev."quote",
    ev."start_offset",
    ev."end_offset",
    src."id"                 AS "source_id",
    src."slug"               AS "source_slug",
    src."title"              AS "source_title",
    src."published_on"       AS "source_published_on",
    src."url"                AS "source_url",
    c."rank"::TEXT           AS "claim_rank",
    c."rank_reason"          AS "claim_rank_reason",
    c."claim_count",
    c."disputed"             AS "claim_disputed",
    c."answers"              AS "claim_answers"
FROM "observation" o
JOIN "metric" m ON m."id" = o."metric_id"
JOIN "entity" s ON s."id" = o."subject_id"
LEFT JOIN "entity" sc ON sc."id" = o."scope_id"
LEFT JOIN "entity" sb ON sb."id" = o."stated_by_id"
JOIN "evidence" ev ON ev."id" = o."evidence_id"
JOIN "source" src ON src."id" = o."source_id"
JOIN "analytics"."observation_claims" c ON c."observation_id" = o."id";

COMMENT ON COLUMN "analytics"."observation_facts"."claim_rank" IS 'PREFERRED, NORMAL or DEPRECATED among the sources'' values for the same metric, subject, scope and period (see analytics.observation_claims).';
COMMENT ON COLUMN "analytics"."observation_facts"."claim_answers" IS 'This is the value that answers for its metric, subject, scope and period; filter on it to sum or rank one value per question.';

-- Series ----------------------------------------------------------------

CREATE VIEW "analytics"."series_points" AS
WITH granularity(g) AS (VALUES ('MONTH'), ('QUARTER'), ('HALF'), ('YEAR'), ('YEAR_TO_DATE')),
answers AS (
    SELECT g.g AS "granularity", o.*, "analytics"."series_slot"(g.g, o."period_start", o."period_end") AS "slot"
    FROM "observation" o
    JOIN "analytics"."observation_claims" c ON c."observation_id" = o."id" AND c."answers"
    JOIN granularity g ON "analytics"."period_fits"(g.g, o."period_start", o."period_end")
),
series AS (
    SELECT "granularity", "metric_id", "subject_id", "scope_id", "unit", min("slot") AS "first_slot", max("slot") AS "last_slot"
    FROM answers GROUP BY "granularity", "metric_id", "subject_id", "scope_id", "unit"
)
SELECT
    m."slug" AS "metric_slug",
    s."slug" AS "subject_slug",
    sc."slug" AS "scope_slug",
    se."unit"::TEXT AS "unit",
    se."granularity",
    slot."at"::date AS "slot",
    coalesce(a."period_start", CASE WHEN se."granularity" = 'YEAR_TO_DATE' THEN date_trunc('year', slot."at")::date ELSE slot."at"::date END) AS "period_start",
    coalesce(a."period_end", (slot."at" + make_interval(months => "analytics"."series_step"(se."granularity")) - interval '1 day')::date) AS "period_end",
    coalesce(a."period_label", "analytics"."period_label"(
        CASE WHEN se."granularity" = 'YEAR_TO_DATE' THEN date_trunc('year', slot."at")::date ELSE slot."at"::date END,
        (slot."at" + make_interval(months => "analytics"."series_step"(se."granularity")) - interval '1 day')::date)) AS "period_label",
    trim_scale(a."value") AS "value",
    a."id" AS "observation_id",
    a."source_id",
    a."evidence_id",
    se."metric_id", se."subject_id", se."scope_id"
FROM series se
JOIN "metric" m ON m."id" = se."metric_id"
JOIN "entity" s ON s."id" = se."subject_id"
LEFT JOIN "entity" sc ON sc."id" = se."scope_id"
CROSS JOIN LATERAL generate_series(se."first_slot", se."last_slot", make_interval(months => "analytics"."series_step"(se."granularity"))) AS slot("at")
LEFT JOIN answers a
       ON a."granularity" = se."granularity" AND a."metric_id" = se."metric_id" AND a."subject_id" = se."subject_id"
      AND a."scope_id" IS NOT DISTINCT FROM se."scope_id" AND a."unit" = se."unit" AND a."slot" = slot."at"::date;

COMMENT ON VIEW "analytics"."series_points" IS 'One row per slot of each series: a metric of a subject (and scope) in one unit at one granularity (MONTH, QUARTER, HALF, YEAR, YEAR_TO_DATE), from its first to its last reported period, with the answering claim''s value or NULL where no source reports the period (a gap).';
COMMENT ON COLUMN "analytics"."series_points"."value" IS 'The value of the claim that answers for the period (see analytics.observation_claims), or NULL: a gap, never filled in.';
COMMENT ON COLUMN "analytics"."series_points"."slot" IS 'The slot''s place in the series: the period''s first day, or for YEAR_TO_DATE the first day of its last month.';
