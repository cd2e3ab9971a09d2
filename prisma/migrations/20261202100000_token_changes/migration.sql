-- Tokens made and revoked enter the change log (who made or revoked which
-- token, when, with which scopes): the same trigger as the graph's tables,
-- without the token's hash, and without last_used_at (using a token is not a
-- change). Not a graph table: it bumps no graph version.
CREATE OR REPLACE FUNCTION "record_change"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    -- A token is logged without its hash, and its use (last_used_at) is no change.
    IF TG_TABLE_NAME = 'api_token' THEN
        old_row := old_row - 'secret_hash' - 'last_used_at';
        new_row := new_row - 'secret_hash' - 'last_used_at';
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

CREATE TRIGGER "record_change" AFTER INSERT OR UPDATE OR DELETE ON "api_token" FOR EACH ROW EXECUTE FUNCTION "record_change"();
