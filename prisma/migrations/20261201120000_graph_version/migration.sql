-- The graph's version: one row, bumped once by every transaction that changes
-- the graph, in that transaction. Cached answers are keyed by it
-- (src/cache/), so none is served once a change has committed, whichever
-- process or tool wrote it: an ingest, the generator, a curator's SQL.
-- Statement-level triggers, not a call in the loader, so no writer can forget.

-- CreateTable
CREATE TABLE "graph_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 1,
    "changed_in_transaction" BIGINT,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "graph_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "graph_version_one_row" CHECK ("id" = 1)
);

INSERT INTO "graph_version" ("id") VALUES (1);

-- Once per transaction: later statements of the same transaction find the row
-- already theirs and update nothing (an ingest runs thousands of statements).
CREATE FUNCTION "bump_graph_version"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "graph_version"
    SET "version" = "version" + 1, "changed_in_transaction" = txid_current(), "changed_at" = CURRENT_TIMESTAMP
    WHERE "id" = 1 AND "changed_in_transaction" IS DISTINCT FROM txid_current();
    RETURN NULL;
END;
$$;

DO $$
DECLARE t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['source', 'evidence', 'entity', 'entity_mention', 'customs_office', 'bonded_zone', 'airport',
                             'policy', 'industry', 'product', 'region', 'organization', 'event', 'relation', 'metric', 'observation',
                             'retracted_relation', 'retracted_observation']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_graph_version"()',
                       t || '_bumps_graph_version', t);
    END LOOP;
END;
$$;
