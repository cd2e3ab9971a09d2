-- The graph as it stood at a moment (issue 17, `asOf`): schema "asof" holds one
-- view per graph table, named and shaped as the table, answering for the moment
-- in the transaction-local setting tradegraph.as_of. An asOf request runs its
-- statements in one read-only transaction with that setting and search_path
-- "asof, public", and Prisma through a client whose schema is "asof"
-- (src/db/as-of.ts), so every read (Prisma's, the SQL layer's) sees the past.
--
-- A row as it was at m: rows unchanged since m are read from the table (if they
-- existed then); a row changed since is the `before` of its first change after m
-- (none if that change inserted or restored it). Only rows changed since m touch
-- the log.
--
-- The schema is derived from the catalog by rebuild_asof(): the tables the change
-- log records (those with the record_change trigger), their columns, the enums.
-- The migrator calls it again after applying any later migration
-- (src/db/migrate.ts), so a new kind, column or enum value needs nothing here.

-- Changes after a moment, per table.
CREATE INDEX "change_log_table_name_at_idx" ON "change_log"("table_name", "at");

CREATE FUNCTION "rebuild_asof"() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    e RECORD;
    t TEXT;
    key TEXT;
    dated BOOLEAN;
    restored TEXT;
BEGIN
    DROP SCHEMA IF EXISTS "asof" CASCADE;
    CREATE SCHEMA "asof";

    -- Prisma names an enum by the client's schema ("asof"."entity_kind"), and so do
    -- the SQL layer's casts on the search_path: each enum has a twin there with the
    -- same values, and the views give their enum columns as the twins.
    FOR e IN SELECT ty.typname, array_agg(quote_literal(l.enumlabel) ORDER BY l.enumsortorder) AS labels
             FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace JOIN pg_enum l ON l.enumtypid = ty.oid
             WHERE n.nspname = 'public' GROUP BY ty.typname
    LOOP
        EXECUTE format('CREATE TYPE "asof".%I AS ENUM (%s)', e.typname, array_to_string(e.labels, ', '));
    END LOOP;

    CREATE FUNCTION "asof"."moment"() RETURNS TIMESTAMPTZ LANGUAGE sql STABLE AS $m$
        SELECT current_setting('tradegraph.as_of')::TIMESTAMPTZ
    $m$;

    -- The select list of a table's view: its columns in order, enums as their twins.
    CREATE FUNCTION "asof"."columns"(t TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $c$
        SELECT string_agg(CASE
            WHEN ty.typtype = 'e' THEN format('x.%1$I::TEXT::"asof".%2$I AS %1$I', a.attname, ty.typname)
            WHEN el.typtype = 'e' THEN format('x.%1$I::TEXT[]::"asof".%2$I[] AS %1$I', a.attname, el.typname)
            ELSE format('x.%I', a.attname) END, ', ' ORDER BY a.attnum)
        FROM pg_attribute a
        JOIN pg_type ty ON ty.oid = a.atttypid
        LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typcategory = 'A'
        WHERE a.attrelid = format('"public".%I', t)::regclass AND a.attnum > 0 AND NOT a.attisdropped
    $c$;

    FOR t IN SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND g.tgname = 'record_change' AND c.relname NOT LIKE 'retracted\_%' AND c.relname <> 'api_token'
             ORDER BY 1
    LOOP
        key := CASE
            WHEN t = 'entity_mention' THEN $k$t."entity_id"::TEXT || ':' || t."evidence_id"::TEXT$k$
            WHEN EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = t AND c.column_name = 'id') THEN 't."id"::TEXT'
            ELSE 't."entity_id"::TEXT'
        END;
        dated := EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = t AND c.column_name = 'created_at');
        -- The log keeps a source without its text (the hash names it): the text shown is today's.
        restored := CASE WHEN t = 'source'
            THEN $r$f."before" || jsonb_build_object('text', coalesce((SELECT s."text" FROM "public"."source" s WHERE s."id" = (f."before"->>'id')::INTEGER), ''))$r$
            ELSE 'f."before"' END;
        EXECUTE format($v$
            CREATE VIEW "asof".%1$I AS SELECT %5$s FROM (
            SELECT t.* FROM "public".%1$I t
            WHERE %3$s NOT EXISTS (
                SELECT 1 FROM "public"."change_log" c
                WHERE c."table_name" = %1$L AND c."row_key" = %2$s AND c."at" > "asof"."moment"()
                  AND c."operation" IN ('INSERT', 'UPDATE', 'DELETE', 'RETRACT', 'RESTORE'))
            UNION ALL
            SELECT (jsonb_populate_record(NULL::"public".%1$I, %4$s)).*
            FROM (
                SELECT DISTINCT ON (c."row_key") c."operation", c."before"
                FROM "public"."change_log" c
                WHERE c."table_name" = %1$L AND c."at" > "asof"."moment"()
                  AND c."operation" IN ('INSERT', 'UPDATE', 'DELETE', 'RETRACT', 'RESTORE')
                ORDER BY c."row_key", c."id"
            ) f
            WHERE f."operation" IN ('UPDATE', 'DELETE', 'RETRACT')) x$v$,
            t, key, CASE WHEN dated THEN 't."created_at" <= "asof"."moment"() AND' ELSE '' END, restored, "asof"."columns"(t));
    END LOOP;

    -- The archive at m: rows retracted by then and not restored since, and rows
    -- restored since m, rebuilt from their last retraction up to m (a move to the
    -- archive is logged once, as the RETRACT of the live row).
    FOR t IN SELECT substr(c.relname, 11) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'retracted\_%' ORDER BY 1
    LOOP
        EXECUTE format($v$
            CREATE VIEW "asof".%2$I AS SELECT %3$s FROM (
            SELECT r.* FROM "public".%2$I r WHERE r."retracted_at" <= "asof"."moment"()
            UNION ALL
            SELECT (jsonb_populate_record(NULL::"public".%2$I, x."row")).*
            FROM (
                SELECT DISTINCT ON (c."row_key") c."row_key", c."operation"
                FROM "public"."change_log" c
                WHERE c."table_name" = %1$L AND c."at" > "asof"."moment"()
                  AND c."operation" IN ('INSERT', 'UPDATE', 'DELETE', 'RETRACT', 'RESTORE')
                ORDER BY c."row_key", c."id"
            ) f
            CROSS JOIN LATERAL (
                SELECT r."after" || jsonb_build_object('recorded_at', r."after"->'created_at', 'retracted_at', r."at", 'retracted_by', r."actor") AS "row"
                FROM "public"."change_log" r
                WHERE r."table_name" = %1$L AND r."row_key" = f."row_key" AND r."operation" = 'RETRACT' AND r."at" <= "asof"."moment"()
                ORDER BY r."id" DESC LIMIT 1
            ) x
            WHERE f."operation" = 'RESTORE') x$v$,
            t, 'retracted_' || t, "asof"."columns"('retracted_' || t));
    END LOOP;

    -- Tables outside the graph, read as they are (an asOf request may name them):
    -- the change log up to the moment, tokens and the graph's version as now.
    EXECUTE format('CREATE VIEW "asof"."change_log" AS SELECT %s FROM "public"."change_log" x WHERE x."at" <= "asof"."moment"()', "asof"."columns"('change_log'));
    EXECUTE format('CREATE VIEW "asof"."api_token" AS SELECT %s FROM "public"."api_token" x', "asof"."columns"('api_token'));
    EXECUTE format('CREATE VIEW "asof"."graph_version" AS SELECT %s FROM "public"."graph_version" x', "asof"."columns"('graph_version'));
END $fn$;

SELECT "rebuild_asof"();
