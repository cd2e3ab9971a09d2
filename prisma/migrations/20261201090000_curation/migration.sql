-- Curation through the API (issue 17): tokens with scopes, retracted facts kept
-- instead of deleted, and an append-only change log written by triggers, so
-- every write path (the API, the CLI, the seed, direct SQL) is recorded.

-- CreateEnum
CREATE TYPE "token_scope" AS ENUM ('READ', 'CURATE', 'ADMIN');

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "public_id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" "token_scope"[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "api_token" ALTER COLUMN "scopes" SET NOT NULL;
CREATE UNIQUE INDEX "api_token_name_key" ON "api_token"("name");
CREATE UNIQUE INDEX "api_token_public_id_key" ON "api_token"("public_id");

-- CreateTable: facts taken back keep their id, columns and evidence.
CREATE TABLE "retracted_relation" (
    "id" INTEGER NOT NULL,
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
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "retracted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retracted_by" TEXT NOT NULL,
    "retraction_reason" TEXT NOT NULL,
    "retracted_in" TEXT NOT NULL,
    CONSTRAINT "retracted_relation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "retracted_relation_source_id_idx" ON "retracted_relation"("source_id");
CREATE INDEX "retracted_relation_subject_id_idx" ON "retracted_relation"("subject_id");
CREATE INDEX "retracted_relation_object_id_idx" ON "retracted_relation"("object_id");
CREATE INDEX "retracted_relation_evidence_id_idx" ON "retracted_relation"("evidence_id");
ALTER TABLE "retracted_relation" ADD CONSTRAINT "retracted_relation_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "retracted_relation" ADD CONSTRAINT "retracted_relation_object_id_fkey" FOREIGN KEY ("object_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "retracted_relation" ADD CONSTRAINT "retracted_relation_evidence_id_source_id_fkey" FOREIGN KEY ("evidence_id", "source_id") REFERENCES "evidence"("id", "source_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "retracted_relation" ADD CONSTRAINT "retracted_relation_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "retracted_observation" (
    "id" INTEGER NOT NULL,
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
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "retracted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retracted_by" TEXT NOT NULL,
    "retraction_reason" TEXT NOT NULL,
    "retracted_in" TEXT NOT NULL,
    CONSTRAINT "retracted_observation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "retracted_observation_source_id_idx" ON "retracted_observation"("source_id");
CREATE INDEX "retracted_observation_subject_id_idx" ON "retracted_observation"("subject_id");
CREATE INDEX "retracted_observation_metric_id_idx" ON "retracted_observation"("metric_id");
CREATE INDEX "retracted_observation_evidence_id_idx" ON "retracted_observation"("evidence_id");
ALTER TABLE "retracted_observation" ADD CONSTRAINT "retracted_observation_metric_id_fkey" FOREIGN KEY ("metric_id") REFERENCES "metric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "retracted_observation" ADD CONSTRAINT "retracted_observation_subject_id_fkey" FOREIGN KEY ("subject_id") REFERENCES "entity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "retracted_observation" ADD CONSTRAINT "retracted_observation_evidence_id_source_id_fkey" FOREIGN KEY ("evidence_id", "source_id") REFERENCES "evidence"("id", "source_id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "retracted_observation" ADD CONSTRAINT "retracted_observation_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable: the change log.
CREATE TABLE "change_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "transaction_id" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "token_name" TEXT,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "source_id" INTEGER,
    "entity_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "table_name" TEXT NOT NULL,
    "row_key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    CONSTRAINT "change_log_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "change_log" ALTER COLUMN "entity_ids" SET NOT NULL;
CREATE INDEX "change_log_table_name_row_key_id_idx" ON "change_log"("table_name", "row_key", "id");
CREATE INDEX "change_log_source_id_id_idx" ON "change_log"("source_id", "id");
CREATE INDEX "change_log_token_name_id_idx" ON "change_log"("token_name", "id");
-- Filtering changes by entity: entity_ids @> ARRAY[id].
CREATE INDEX "change_log_entity_ids_gin" ON "change_log" USING GIN ("entity_ids");

-- Append-only: the log refuses to be edited or emptied, by anyone.
CREATE FUNCTION "change_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'change_log is append-only: its entries cannot be updated or deleted' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER "change_log_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "change_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "change_log_append_only"();

-- One entry per changed row. Who and why come from settings local to the
-- transaction (src/ingest/history.ts sets them); direct SQL is recorded as the
-- database role with action "sql". A fact moved to retracted_* is one RETRACT
-- entry (its DELETE from the live table), moved back one RESTORE entry.
CREATE FUNCTION "record_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row JSONB := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    new_row JSONB := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    row_data JSONB;
    moving JSONB := nullif(current_setting('tradegraph.moving', true), '')::JSONB;
    op TEXT := TG_OP;
    entities INTEGER[];
BEGIN
    -- A move between a fact table and its archive is logged once, on the live table.
    IF moving IS NOT NULL AND TG_TABLE_NAME LIKE 'retracted\_%' THEN RETURN NULL; END IF;
    IF TG_TABLE_NAME = 'source' THEN
        old_row := old_row - 'text';
        new_row := new_row - 'text';
    END IF;
    IF TG_OP = 'UPDATE' AND (old_row - 'updated_at') = (new_row - 'updated_at') THEN RETURN NULL; END IF;
    IF moving IS NOT NULL AND TG_OP = 'DELETE' THEN
        op := 'RETRACT';
        new_row := old_row || moving;
    ELSIF moving IS NOT NULL AND TG_OP = 'INSERT' THEN
        op := 'RESTORE';
        old_row := new_row || moving;
    END IF;
    row_data := coalesce(new_row, old_row);
    entities := CASE
        WHEN TG_TABLE_NAME = 'entity' THEN ARRAY[(row_data->>'id')::INTEGER]
        WHEN TG_TABLE_NAME LIKE '%relation' THEN ARRAY[(row_data->>'subject_id')::INTEGER, (row_data->>'object_id')::INTEGER]
        WHEN TG_TABLE_NAME LIKE '%observation' THEN array_remove(ARRAY[(row_data->>'subject_id')::INTEGER, (row_data->>'scope_id')::INTEGER], NULL)
        WHEN row_data ? 'entity_id' THEN ARRAY[(row_data->>'entity_id')::INTEGER]
        ELSE ARRAY[]::INTEGER[]
    END;
    INSERT INTO "change_log" ("transaction_id", "actor", "token_name", "action", "reason", "source_id", "entity_ids", "table_name", "row_key", "operation", "before", "after")
    VALUES (
        txid_current(),
        coalesce(nullif(current_setting('tradegraph.actor', true), ''), session_user),
        nullif(current_setting('tradegraph.token_name', true), ''),
        coalesce(nullif(current_setting('tradegraph.action', true), ''), 'sql'),
        nullif(current_setting('tradegraph.reason', true), ''),
        CASE WHEN TG_TABLE_NAME = 'source' THEN (row_data->>'id')::INTEGER
             ELSE coalesce((row_data->>'source_id')::INTEGER,
                           (SELECT s."id" FROM "source" s WHERE s."slug" = nullif(current_setting('tradegraph.source_slug', true), ''))) END,
        entities,
        TG_TABLE_NAME,
        coalesce(row_data->>'id', (row_data->>'entity_id') || coalesce(':' || (row_data->>'evidence_id'), '')),
        op,
        old_row,
        new_row
    );
    RETURN NULL;
END $$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['source', 'evidence', 'entity', 'entity_mention', 'customs_office', 'bonded_zone', 'airport', 'policy',
                             'industry', 'product', 'region', 'organization', 'event', 'relation', 'metric', 'observation',
                             'retracted_relation', 'retracted_observation']
    LOOP
        EXECUTE format('CREATE TRIGGER "record_change" AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION "record_change"()', t);
    END LOOP;
END $$;

-- Rows recorded before the log existed enter it once, as inserts made by the migration at their creation time,
-- so `asOf` and a fact's history start from what the graph already held.
INSERT INTO "change_log" ("at", "transaction_id", "actor", "action", "source_id", "entity_ids", "table_name", "row_key", "operation", "after")
SELECT r."created_at", txid_current(), 'migration', 'migration', r."source_id", ARRAY[r."subject_id", r."object_id"], 'relation', r."id"::TEXT, 'INSERT', to_jsonb(r)
FROM "relation" r;
INSERT INTO "change_log" ("at", "transaction_id", "actor", "action", "source_id", "entity_ids", "table_name", "row_key", "operation", "after")
SELECT o."created_at", txid_current(), 'migration', 'migration', o."source_id", array_remove(ARRAY[o."subject_id", o."scope_id"], NULL), 'observation', o."id"::TEXT, 'INSERT', to_jsonb(o)
FROM "observation" o;
INSERT INTO "change_log" ("at", "transaction_id", "actor", "action", "source_id", "entity_ids", "table_name", "row_key", "operation", "after")
SELECT e."created_at", txid_current(), 'migration', 'migration', e."defined_by_source_id", ARRAY[e."id"], 'entity', e."id"::TEXT, 'INSERT', to_jsonb(e)
FROM "entity" e;

-- For SQL users: the change log with names instead of keys.
CREATE VIEW "analytics"."changes" AS
SELECT
    c."id"          AS "change_id",
    c."at",
    c."transaction_id",
    c."actor",
    c."token_name",
    c."action",
    c."reason",
    c."source_id",
    s."slug"        AS "source_slug",
    c."entity_ids",
    c."table_name",
    c."row_key",
    c."operation",
    c."before",
    c."after"
FROM "change_log" c
LEFT JOIN "source" s ON s."id" = c."source_id";
COMMENT ON VIEW "analytics"."changes" IS 'One row per changed row of the graph, from the append-only change log (oldest first by change_id): who (actor, token_name) changed which row (table_name, row_key) when, how (INSERT, UPDATE, DELETE, RETRACT, RESTORE) and from what to what (before, after as the row''s columns).';

CREATE VIEW "analytics"."retracted_facts" AS
SELECT 'relation'::TEXT AS "fact_table", r."id" AS "fact_id", r."source_id", s."slug" AS "source_slug", r."subject_id", r."recorded_at",
       r."retracted_at", r."retracted_by", r."retraction_reason", r."retracted_in"
FROM "retracted_relation" r JOIN "source" s ON s."id" = r."source_id"
UNION ALL
SELECT 'observation', o."id", o."source_id", s."slug", o."subject_id", o."recorded_at", o."retracted_at", o."retracted_by", o."retraction_reason", o."retracted_in"
FROM "retracted_observation" o JOIN "source" s ON s."id" = o."source_id";
COMMENT ON VIEW "analytics"."retracted_facts" IS 'One row per relation or observation taken back, with when, by whom and why; their full rows are in retracted_relation and retracted_observation.';
