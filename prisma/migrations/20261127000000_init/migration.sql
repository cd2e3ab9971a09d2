-- tradegraph: initial knowledge-graph schema.
-- Written by hand in the shape `prisma migrate diff` produces for prisma/schema.prisma
-- (test/db/drift.test.ts keeps the two in step), plus the integrity rules Prisma
-- cannot express: CHECK constraints and the evidence-quote trigger.

-- CreateEnum
CREATE TYPE "entity_kind" AS ENUM ('CUSTOMS_OFFICE', 'BONDED_ZONE', 'AIRPORT', 'POLICY', 'INDUSTRY', 'PRODUCT', 'REGION', 'PERSON', 'ORGANIZATION', 'EVENT');
CREATE TYPE "predicate" AS ENUM ('SUPERVISES', 'LOCATED_IN', 'HOSTS', 'APPLIES_TO', 'IMPLEMENTED_BY', 'LINKS', 'HOLDS_ROLE_AT', 'PART_OF', 'FOCUSES_ON', 'CREDITS');
CREATE TYPE "fact_basis" AS ENUM ('STATED', 'INFERRED');
CREATE TYPE "unit_kind" AS ENUM ('CURRENCY', 'COUNT', 'PERCENTAGE', 'MULTIPLE');
CREATE TYPE "unit" AS ENUM ('CNY', 'USD', 'COUNT', 'PERCENT', 'PERCENTAGE_POINT', 'FOLD');
CREATE TYPE "change_basis" AS ENUM ('YEAR_ON_YEAR', 'PERIOD_ON_PERIOD', 'VERSUS_BENCHMARK');
CREATE TYPE "customs_office_level" AS ENUM ('GENERAL_ADMINISTRATION', 'DIRECT_CUSTOMS', 'SUBORDINATE_CUSTOMS');
CREATE TYPE "bonded_zone_type" AS ENUM ('COMPREHENSIVE_BONDED_ZONE', 'BONDED_PORT_AREA', 'BONDED_LOGISTICS_CENTER', 'EXPORT_PROCESSING_ZONE', 'FREE_TRADE_ZONE', 'OTHER');
CREATE TYPE "region_type" AS ENUM ('COUNTRY', 'PROVINCE', 'MUNICIPALITY', 'CITY', 'DISTRICT', 'ECONOMIC_REGION');

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "published_on" DATE NOT NULL,
    "editors" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "language" TEXT NOT NULL DEFAULT 'en',
    "url" TEXT,
    "text" TEXT NOT NULL,
    "text_sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "source_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT "source_text_sha256_format" CHECK ("text_sha256" ~ '^[0-9a-f]{64}$')
);

CREATE TABLE "evidence" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "start_offset" INTEGER NOT NULL,
    "end_offset" INTEGER NOT NULL,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "evidence_offsets" CHECK ("start_offset" >= 0 AND "end_offset" > "start_offset"),
    CONSTRAINT "evidence_quote_length" CHECK (char_length("quote") = "end_offset" - "start_offset")
);

CREATE TABLE "entity" (
    "id" SERIAL NOT NULL,
    "kind" "entity_kind" NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "entity_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT "entity_name_not_blank" CHECK (btrim("name") <> '')
);

CREATE TABLE "entity_mention" (
    "entity_id" INTEGER NOT NULL,
    "evidence_id" INTEGER NOT NULL,

    CONSTRAINT "entity_mention_pkey" PRIMARY KEY ("entity_id","evidence_id")
);

CREATE TABLE "customs_office" (
    "entity_id" INTEGER NOT NULL,
    "level" "customs_office_level",
    "customs_code" TEXT,
    "parent_office_id" INTEGER,

    CONSTRAINT "customs_office_pkey" PRIMARY KEY ("entity_id"),
    CONSTRAINT "customs_office_not_own_parent" CHECK ("parent_office_id" <> "entity_id")
);

CREATE TABLE "bonded_zone" (
    "entity_id" INTEGER NOT NULL,
    "zone_type" "bonded_zone_type",
    "focus" TEXT,
    "established_on" DATE,

    CONSTRAINT "bonded_zone_pkey" PRIMARY KEY ("entity_id")
);

CREATE TABLE "airport" (
    "entity_id" INTEGER NOT NULL,
    "iata_code" TEXT,
    "icao_code" TEXT,

    CONSTRAINT "airport_pkey" PRIMARY KEY ("entity_id"),
    CONSTRAINT "airport_iata_format" CHECK ("iata_code" ~ '^[A-Z]{3}$'),
    CONSTRAINT "airport_icao_format" CHECK ("icao_code" ~ '^[A-Z]{4}$')
);

CREATE TABLE "policy" (
    "entity_id" INTEGER NOT NULL,
    "category" TEXT,
    "launched_on" DATE,

    CONSTRAINT "policy_pkey" PRIMARY KEY ("entity_id")
);

CREATE TABLE "industry" (
    "entity_id" INTEGER NOT NULL,
    "parent_industry_id" INTEGER,

    CONSTRAINT "industry_pkey" PRIMARY KEY ("entity_id"),
    CONSTRAINT "industry_not_own_parent" CHECK ("parent_industry_id" <> "entity_id")
);

CREATE TABLE "product" (
    "entity_id" INTEGER NOT NULL,
    "hs_code" TEXT,

    CONSTRAINT "product_pkey" PRIMARY KEY ("entity_id")
);

CREATE TABLE "region" (
    "entity_id" INTEGER NOT NULL,
    "region_type" "region_type",
    "iso_code" TEXT,

    CONSTRAINT "region_pkey" PRIMARY KEY ("entity_id")
);

CREATE TABLE "organization" (
    "entity_id" INTEGER NOT NULL,
    "org_type" TEXT,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("entity_id")
);

CREATE TABLE "event" (
    "entity_id" INTEGER NOT NULL,
    "starts_on" DATE,
    "ends_on" DATE,

    CONSTRAINT "event_pkey" PRIMARY KEY ("entity_id"),
    CONSTRAINT "event_dates_ordered" CHECK ("ends_on" >= "starts_on")
);

CREATE TABLE "relation" (
    "id" SERIAL NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "predicate" "predicate" NOT NULL,
    "object_id" INTEGER NOT NULL,
    "role" TEXT,
    "valid_from" DATE,
    "valid_to" DATE,
    "basis" "fact_basis" NOT NULL DEFAULT 'STATED',
    "note" TEXT,
    "evidence_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "relation_pkey" PRIMARY KEY ("id"),
    -- No predicate of the closed list relates an entity to itself.
    CONSTRAINT "relation_not_reflexive" CHECK ("subject_id" <> "object_id"),
    CONSTRAINT "relation_validity_ordered" CHECK ("valid_to" >= "valid_from")
);

CREATE TABLE "metric" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "unit_kind" "unit_kind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "metric_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);

CREATE TABLE "observation" (
    "id" SERIAL NOT NULL,
    "metric_id" INTEGER NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "scope_id" INTEGER,
    "stated_by_id" INTEGER,
    "value" DECIMAL(30,6) NOT NULL,
    "unit" "unit" NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "period_label" TEXT NOT NULL,
    "change_basis" "change_basis",
    "change_value" DECIMAL(30,6),
    "change_unit" "unit",
    "change_benchmark" TEXT,
    "note" TEXT,
    "evidence_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "observation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "observation_period_ordered" CHECK ("period_end" >= "period_start"),
    -- A reported change is a basis, a value and a unit together, or nothing.
    CONSTRAINT "observation_change_complete" CHECK (
        ("change_basis" IS NULL) = ("change_value" IS NULL)
        AND ("change_basis" IS NULL) = ("change_unit" IS NULL)
    ),
    CONSTRAINT "observation_change_unit_relative" CHECK ("change_unit" IN ('PERCENT', 'PERCENTAGE_POINT', 'FOLD')),
    CONSTRAINT "observation_benchmark_named" CHECK (
        ("change_basis" = 'VERSUS_BENCHMARK') = ("change_benchmark" IS NOT NULL)
    ),
    CONSTRAINT "observation_count_not_negative" CHECK ("unit" <> 'COUNT' OR "value" >= 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "source_slug_key" ON "source"("slug");
CREATE UNIQUE INDEX "evidence_source_id_start_offset_end_offset_key" ON "evidence"("source_id", "start_offset", "end_offset");
CREATE UNIQUE INDEX "evidence_id_source_id_key" ON "evidence"("id", "source_id");
CREATE UNIQUE INDEX "entity_slug_key" ON "entity"("slug");
CREATE INDEX "entity_kind_name_id_idx" ON "entity"("kind", "name", "id");
CREATE INDEX "entity_name_id_idx" ON "entity"("name", "id");
CREATE INDEX "entity_mention_evidence_id_idx" ON "entity_mention"("evidence_id");
CREATE INDEX "customs_office_parent_office_id_idx" ON "customs_office"("parent_office_id");
CREATE UNIQUE INDEX "airport_iata_code_key" ON "airport"("iata_code");
CREATE UNIQUE INDEX "airport_icao_code_key" ON "airport"("icao_code");
CREATE INDEX "policy_category_idx" ON "policy"("category");
CREATE INDEX "industry_parent_industry_id_idx" ON "industry"("parent_industry_id");
CREATE INDEX "relation_subject_id_predicate_object_id_idx" ON "relation"("subject_id", "predicate", "object_id");
CREATE INDEX "relation_object_id_predicate_subject_id_idx" ON "relation"("object_id", "predicate", "subject_id");
CREATE INDEX "relation_evidence_id_idx" ON "relation"("evidence_id");
CREATE INDEX "relation_source_id_idx" ON "relation"("source_id");
CREATE UNIQUE INDEX "metric_slug_key" ON "metric"("slug");
CREATE INDEX "observation_subject_id_metric_id_period_start_idx" ON "observation"("subject_id", "metric_id", "period_start");
CREATE INDEX "observation_metric_id_period_start_period_end_idx" ON "observation"("metric_id", "period_start", "period_end");
CREATE INDEX "observation_scope_id_idx" ON "observation"("scope_id");
CREATE INDEX "observation_stated_by_id_idx" ON "observation"("stated_by_id");
CREATE INDEX "observation_evidence_id_idx" ON "observation"("evidence_id");
CREATE INDEX "observation_source_id_idx" ON "observation"("source_id");

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "entity_mention" ADD CONSTRAINT "entity_mention_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "entity_mention" ADD CONSTRAINT "entity_mention_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customs_office" ADD CONSTRAINT "customs_office_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customs_office" ADD CONSTRAINT "customs_office_parent_office_id_fkey" FOREIGN KEY ("parent_office_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "bonded_zone" ADD CONSTRAINT "bonded_zone_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "airport" ADD CONSTRAINT "airport_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "policy" ADD CONSTRAINT "policy_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "industry" ADD CONSTRAINT "industry_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "industry" ADD CONSTRAINT "industry_parent_industry_id_fkey" FOREIGN KEY ("parent_industry_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "product" ADD CONSTRAINT "product_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "region" ADD CONSTRAINT "region_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organization" ADD CONSTRAINT "organization_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event" ADD CONSTRAINT "event_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "relation" ADD CONSTRAINT "relation_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "relation" ADD CONSTRAINT "relation_object_id_fkey" FOREIGN KEY ("object_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "relation" ADD CONSTRAINT "relation_evidence_id_source_id_fkey" FOREIGN KEY ("evidence_id", "source_id") REFERENCES "evidence"("id", "source_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "relation" ADD CONSTRAINT "relation_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_metric_id_fkey" FOREIGN KEY ("metric_id") REFERENCES "metric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_scope_id_fkey" FOREIGN KEY ("scope_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_stated_by_id_fkey" FOREIGN KEY ("stated_by_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_evidence_id_source_id_fkey" FOREIGN KEY ("evidence_id", "source_id") REFERENCES "evidence"("id", "source_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "observation" ADD CONSTRAINT "observation_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Evidence must quote its source exactly. Checked at commit time (deferred) so a
-- transaction may replace a source's text and re-point its evidence in any order.
CREATE FUNCTION "evidence_quote_matches_source"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM "evidence" e JOIN "source" s ON s."id" = e."source_id"
        WHERE e."id" = NEW."id"
          AND substr(s."text", e."start_offset" + 1, e."end_offset" - e."start_offset") = e."quote"
    ) AND EXISTS (SELECT 1 FROM "evidence" WHERE "id" = NEW."id") THEN
        RAISE EXCEPTION 'evidence % does not quote its source at [%, %)', NEW."id", NEW."start_offset", NEW."end_offset"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "evidence_quote_matches_source"
    AFTER INSERT OR UPDATE ON "evidence"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "evidence_quote_matches_source"();

CREATE FUNCTION "source_text_keeps_evidence"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad_id INTEGER;
BEGIN
    SELECT e."id" INTO bad_id FROM "evidence" e JOIN "source" s ON s."id" = e."source_id"
    WHERE s."id" = NEW."id"
      AND substr(s."text", e."start_offset" + 1, e."end_offset" - e."start_offset") <> e."quote"
    LIMIT 1;
    IF bad_id IS NOT NULL THEN
        RAISE EXCEPTION 'source % text no longer contains the quote of evidence %', NEW."slug", bad_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "source_text_keeps_evidence"
    AFTER UPDATE OF "text" ON "source"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION "source_text_keeps_evidence"();
