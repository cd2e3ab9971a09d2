-- tradegraph: documented views for SQL users and BI tools, in their own schema.
-- Each view flattens one kind of fact with everything needed to read it:
-- names and slugs instead of keys, enums as text, and the quote and source
-- that state it. The integer keys stay, so views join with each other and with
-- the tables (observation_facts.subject_id = relation_facts.object_id, ...).
-- Views only: nothing here changes a table, so schema.prisma is unaffected.

CREATE SCHEMA IF NOT EXISTS "analytics";
COMMENT ON SCHEMA "analytics" IS 'Read-only views of the tradegraph knowledge graph for SQL users and BI tools: every fact with its names, evidence and source.';

CREATE VIEW "analytics"."observation_facts" AS
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
    -- trim_scale: 73330000000 rather than 73330000000.000000 (the column keeps 6 decimal places).
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
    src."url"                AS "source_url"
FROM "observation" o
JOIN "metric" m ON m."id" = o."metric_id"
JOIN "entity" s ON s."id" = o."subject_id"
LEFT JOIN "entity" sc ON sc."id" = o."scope_id"
LEFT JOIN "entity" sb ON sb."id" = o."stated_by_id"
JOIN "evidence" ev ON ev."id" = o."evidence_id"
JOIN "source" src ON src."id" = o."source_id";

COMMENT ON VIEW "analytics"."observation_facts" IS 'One row per reported number: metric, subject (and scope, and who stated it), exact value and unit, period, the change the source reports, and the quote and source that state it.';
COMMENT ON COLUMN "analytics"."observation_facts"."value" IS 'Exact value in base units (73330000000 for 73.33 billion yuan); compare and sum only within one unit.';
COMMENT ON COLUMN "analytics"."observation_facts"."unit" IS 'CNY, USD, COUNT, PERCENT, PERCENTAGE_POINT or FOLD.';
COMMENT ON COLUMN "analytics"."observation_facts"."period_label" IS 'Human label of the closed period [period_start, period_end], e.g. 2023 Jan-Jul.';
COMMENT ON COLUMN "analytics"."observation_facts"."change_basis" IS 'What the reported change compares with: YEAR_ON_YEAR, PERIOD_ON_PERIOD or VERSUS_BENCHMARK (see change_benchmark); null if none is reported.';
COMMENT ON COLUMN "analytics"."observation_facts"."change_value" IS 'The reported change in change_unit (PERCENT, PERCENTAGE_POINT or FOLD), kept apart from the value.';
COMMENT ON COLUMN "analytics"."observation_facts"."scope_slug" IS 'Where the number was measured, when the subject is not itself a place (e.g. exports of a product from Beijing).';
COMMENT ON COLUMN "analytics"."observation_facts"."quote" IS 'The sentence of the source that states the number: substr(source.text, start_offset + 1, end_offset - start_offset).';

CREATE VIEW "analytics"."relation_facts" AS
SELECT
    r."id"                   AS "relation_id",
    s."id"                   AS "subject_id",
    s."slug"                 AS "subject_slug",
    s."name"                 AS "subject_name",
    s."kind"::TEXT           AS "subject_kind",
    r."predicate"::TEXT      AS "predicate",
    o."id"                   AS "object_id",
    o."slug"                 AS "object_slug",
    o."name"                 AS "object_name",
    o."kind"::TEXT           AS "object_kind",
    r."role",
    r."valid_from",
    r."valid_to",
    r."basis"::TEXT          AS "basis",
    r."note",
    ev."id"                  AS "evidence_id",
    ev."quote",
    ev."start_offset",
    ev."end_offset",
    src."id"                 AS "source_id",
    src."slug"               AS "source_slug",
    src."title"              AS "source_title",
    src."published_on"       AS "source_published_on"
FROM "relation" r
JOIN "entity" s ON s."id" = r."subject_id"
JOIN "entity" o ON o."id" = r."object_id"
JOIN "evidence" ev ON ev."id" = r."evidence_id"
JOIN "source" src ON src."id" = r."source_id";

COMMENT ON VIEW "analytics"."relation_facts" IS 'One row per edge of the graph, read as "subject predicate object" (Beijing Customs SUPERVISES Tianzhu Comprehensive Bonded Zone), with its qualifiers and the quote and source that state it.';
COMMENT ON COLUMN "analytics"."relation_facts"."predicate" IS 'SUPERVISES, LOCATED_IN, HOSTS, APPLIES_TO, IMPLEMENTED_BY, LINKS, HOLDS_ROLE_AT, PART_OF, FOCUSES_ON or CREDITS.';
COMMENT ON COLUMN "analytics"."relation_facts"."role" IS 'Qualifier: the role or capacity, e.g. deputy head (HOLDS_ROLE_AT) or lead (IMPLEMENTED_BY).';
COMMENT ON COLUMN "analytics"."relation_facts"."basis" IS 'STATED: the quote says so in so many words; INFERRED: the quote supports it (see note).';

CREATE VIEW "analytics"."entity_facts" AS
SELECT
    e."id"                   AS "entity_id",
    e."slug",
    e."name",
    e."kind"::TEXT           AS "kind",
    e."aliases",
    e."description",
    co."level"::TEXT         AS "customs_office_level",
    co."customs_code",
    po."slug"                AS "parent_office_slug",
    bz."zone_type"::TEXT     AS "zone_type",
    bz."focus"               AS "zone_focus",
    bz."established_on",
    ap."iata_code",
    ap."icao_code",
    pl."category"            AS "policy_category",
    pl."launched_on",
    pi."slug"                AS "parent_industry_slug",
    pr."hs_code",
    rg."region_type"::TEXT   AS "region_type",
    rg."iso_code",
    og."org_type",
    ev."starts_on",
    ev."ends_on",
    (SELECT count(*) FROM "relation" r WHERE r."subject_id" = e."id")::INTEGER     AS "outgoing_relations",
    (SELECT count(*) FROM "relation" r WHERE r."object_id" = e."id")::INTEGER      AS "incoming_relations",
    (SELECT count(*) FROM "observation" x WHERE x."subject_id" = e."id")::INTEGER  AS "observations",
    (SELECT count(*) FROM "entity_mention" x WHERE x."entity_id" = e."id")::INTEGER AS "mentions"
FROM "entity" e
LEFT JOIN "customs_office" co ON co."entity_id" = e."id"
LEFT JOIN "entity" po ON po."id" = co."parent_office_id"
LEFT JOIN "bonded_zone" bz ON bz."entity_id" = e."id"
LEFT JOIN "airport" ap ON ap."entity_id" = e."id"
LEFT JOIN "policy" pl ON pl."entity_id" = e."id"
LEFT JOIN "industry" ind ON ind."entity_id" = e."id"
LEFT JOIN "entity" pi ON pi."id" = ind."parent_industry_id"
LEFT JOIN "product" pr ON pr."entity_id" = e."id"
LEFT JOIN "region" rg ON rg."entity_id" = e."id"
LEFT JOIN "organization" og ON og."entity_id" = e."id"
LEFT JOIN "event" ev ON ev."entity_id" = e."id";

COMMENT ON VIEW "analytics"."entity_facts" IS 'One row per entity with the typed attributes of its kind flattened into columns (null for other kinds) and how many relations, observations and mentions it has.';
COMMENT ON COLUMN "analytics"."entity_facts"."kind" IS 'CUSTOMS_OFFICE, BONDED_ZONE, AIRPORT, POLICY, INDUSTRY, PRODUCT, REGION, PERSON, ORGANIZATION or EVENT.';
COMMENT ON COLUMN "analytics"."entity_facts"."aliases" IS 'Other names, in English and Chinese where known.';
COMMENT ON COLUMN "analytics"."entity_facts"."outgoing_relations" IS 'Relations where the entity is the subject.';
COMMENT ON COLUMN "analytics"."entity_facts"."incoming_relations" IS 'Relations where the entity is the object.';
