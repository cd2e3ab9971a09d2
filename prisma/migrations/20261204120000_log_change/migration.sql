-- One place for what every change-log entry records about the change as a
-- whole: its transaction, who made it (the actor and token a write path sets
-- with set_config, else the database role), the action, and the source (the
-- row's own, else the one the write path names). The row trigger and the
-- ingest's KEEP entries (src/sql/curated.ts) both write through it, so the
-- attribution cannot differ between them.
CREATE FUNCTION "log_change"(
    reason TEXT, source_id INTEGER, entity_ids INTEGER[], table_name TEXT, row_key TEXT, operation TEXT, before JSONB, after JSONB
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO "change_log" ("transaction_id", "actor", "token_name", "action", "reason", "source_id", "entity_ids", "table_name", "row_key", "operation", "before", "after")
    VALUES (
        txid_current(),
        coalesce(nullif(current_setting('tradegraph.actor', true), ''), session_user),
        nullif(current_setting('tradegraph.token_name', true), ''),
        coalesce(nullif(current_setting('tradegraph.action', true), ''), 'sql'),
        reason,
        coalesce(source_id, (SELECT s."id" FROM "source" s WHERE s."slug" = nullif(current_setting('tradegraph.source_slug', true), ''))),
        entity_ids,
        table_name,
        row_key,
        operation,
        before,
        after
    )
$$;

-- The row trigger, as before, with its entry written by log_change.
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
    -- An entity's search document is derived from its name, aliases and description: not a change of its own.
    IF TG_TABLE_NAME = 'entity' THEN
        old_row := old_row - 'search_document';
        new_row := new_row - 'search_document';
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
    PERFORM "log_change"(
        nullif(current_setting('tradegraph.reason', true), ''),
        CASE WHEN TG_TABLE_NAME = 'source' THEN (row_data->>'id')::INTEGER ELSE (row_data->>'source_id')::INTEGER END,
        entities,
        TG_TABLE_NAME,
        coalesce(row_data->>'id', (row_data->>'entity_id') || coalesce(':' || (row_data->>'evidence_id'), '')),
        op,
        old_row,
        new_row
    );
    RETURN NULL;
END $$;
