-- Whether each claim answers its question, stored (issue 14, bench row Q7).
--
-- Sums, rankings and series count by default only the claim that answers each
-- question (metric, subject, scope, period): the rule is the window of
-- analytics.observation_claims (a curator's PREFERRED first, DEPRECATED never,
-- then the most recent publication, then the highest id). Asking the window
-- once per observation made observationStats over a million observations take
-- 3.4 s instead of 0.1 s. The answer is now kept in a table by the database
-- itself: outranked_claim holds the observations whose claim does NOT answer
-- (a revision outranked it, or a curator deprecated it). That is the small
-- side (most questions have one claim), so "answers" is an anti-join against a
-- few rows, and an observation nobody has outranked answers.
--
-- Statement triggers with transition tables recompute the questions a write
-- touches, set-based, with the view's own rule (read through the view, one
-- question at a time, so the rule stays written once): inserting, deleting
-- (retracting, restoring) or updating an observation, and changing a source's
-- publication date. COPY fires the insert trigger too; a write of more than
-- 10,000 rows (a bulk load) recomputes every question in one pass instead. The triggers take one transaction
-- lock (key 84211003) before reading, so two transactions adding claims to one
-- question at once cannot each miss the other's (read committed: the reading
-- statement starts after the lock is held).

-- CreateTable
CREATE TABLE "outranked_claim" (
    "observation_id" INTEGER NOT NULL,

    CONSTRAINT "outranked_claim_pkey" PRIMARY KEY ("observation_id")
);

-- AddForeignKey
ALTER TABLE "outranked_claim" ADD CONSTRAINT "outranked_claim_observation_id_fkey" FOREIGN KEY ("observation_id") REFERENCES "observation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

COMMENT ON TABLE "outranked_claim" IS 'The observations whose claim does not answer its question (metric, subject, scope, period): another source''s claim ranks first, or a curator deprecated it. Kept by triggers on observation and source; equal to NOT analytics.observation_claims.answers.';

-- A question, as the triggers pass them to the refresh.
CREATE TYPE "claim_question" AS (
    "metric_id" INTEGER,
    "subject_id" INTEGER,
    "scope_id" INTEGER,
    "period_start" DATE,
    "period_end" DATE
);

-- A write of more rows than this recomputes every question in one pass.
CREATE FUNCTION "claim_refresh_bulk"() RETURNS INTEGER LANGUAGE sql IMMUTABLE RETURN 10000;

-- Recomputes the answers of these questions (NULL: of every question).
CREATE FUNCTION "refresh_claim_answers"(questions "claim_question"[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF cardinality(questions) = 0 THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(84211003);
    IF questions IS NULL OR cardinality(questions) > "claim_refresh_bulk"() THEN
        -- A bulk load: one pass of the window over every question is cheaper than a probe per question.
        DELETE FROM "outranked_claim";
        INSERT INTO "outranked_claim" ("observation_id")
        SELECT c."observation_id" FROM "analytics"."observation_claims" c WHERE NOT c."answers";
        RETURN;
    END IF;
    WITH asked AS (
        SELECT DISTINCT q."metric_id", q."subject_id", q."scope_id", q."period_start", q."period_end" FROM unnest(questions) q
    ),
    claims AS (
        -- OFFSET 0: the question's key is pushed into the view's window, so each is ranked from its index range.
        SELECT c."observation_id", c."answers"
        FROM asked a
        CROSS JOIN LATERAL (
            SELECT v."observation_id", v."answers" FROM "analytics"."observation_claims" v
            WHERE v."metric_id" = a."metric_id" AND v."subject_id" = a."subject_id" AND v."scope_id" IS NOT DISTINCT FROM a."scope_id"
              AND v."period_start" = a."period_start" AND v."period_end" = a."period_end"
            OFFSET 0) c
    ),
    answering AS (
        DELETE FROM "outranked_claim" x USING claims c WHERE x."observation_id" = c."observation_id" AND c."answers"
    )
    INSERT INTO "outranked_claim" ("observation_id")
    SELECT c."observation_id" FROM claims c WHERE NOT c."answers"
    ON CONFLICT ("observation_id") DO NOTHING;
END $fn$;

CREATE FUNCTION "observation_inserted_refreshes_claims"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF (SELECT count(*) > "claim_refresh_bulk"() FROM inserted) THEN
        PERFORM "refresh_claim_answers"(NULL);
    ELSE
        PERFORM "refresh_claim_answers"(ARRAY(
            SELECT DISTINCT ROW(n."metric_id", n."subject_id", n."scope_id", n."period_start", n."period_end")::"claim_question" FROM inserted n));
    END IF;
    RETURN NULL;
END $fn$;

CREATE FUNCTION "observation_deleted_refreshes_claims"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF (SELECT count(*) > "claim_refresh_bulk"() FROM deleted) THEN
        PERFORM "refresh_claim_answers"(NULL);
    ELSE
        PERFORM "refresh_claim_answers"(ARRAY(
            SELECT DISTINCT ROW(o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end")::"claim_question" FROM deleted o));
    END IF;
    RETURN NULL;
END $fn$;

-- Only rows whose question, rank or source changed: an edited note recomputes nothing.
CREATE FUNCTION "observation_updated_refreshes_claims"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF (SELECT count(*) > "claim_refresh_bulk"() FROM new_rows) THEN
        PERFORM "refresh_claim_answers"(NULL);
        RETURN NULL;
    END IF;
    PERFORM "refresh_claim_answers"(ARRAY(
        SELECT DISTINCT q FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        CROSS JOIN LATERAL (VALUES
            (ROW(o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end")::"claim_question"),
            (ROW(n."metric_id", n."subject_id", n."scope_id", n."period_start", n."period_end")::"claim_question")) AS k(q)
        WHERE (o."metric_id", o."subject_id", o."scope_id", o."period_start", o."period_end", o."rank", o."source_id")
              IS DISTINCT FROM (n."metric_id", n."subject_id", n."scope_id", n."period_start", n."period_end", n."rank", n."source_id")));
    RETURN NULL;
END $fn$;

-- A source's publication date decides between the claims of its observations' questions.
CREATE FUNCTION "source_redated_refreshes_claims"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM "refresh_claim_answers"(ARRAY(
        SELECT DISTINCT ROW(x."metric_id", x."subject_id", x."scope_id", x."period_start", x."period_end")::"claim_question"
        FROM old_rows o JOIN new_rows n ON n."id" = o."id" AND n."published_on" IS DISTINCT FROM o."published_on"
        JOIN "observation" x ON x."source_id" = n."id"));
    RETURN NULL;
END $fn$;

-- Transition tables need one trigger per event.
CREATE TRIGGER "observation_inserted_refreshes_claims" AFTER INSERT ON "observation"
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "observation_inserted_refreshes_claims"();
CREATE TRIGGER "observation_deleted_refreshes_claims" AFTER DELETE ON "observation"
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "observation_deleted_refreshes_claims"();
CREATE TRIGGER "observation_updated_refreshes_claims" AFTER UPDATE ON "observation"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "observation_updated_refreshes_claims"();
CREATE TRIGGER "source_redated_refreshes_claims" AFTER UPDATE ON "source"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "source_redated_refreshes_claims"();

-- Backfill: every observation the view says does not answer.
INSERT INTO "outranked_claim" ("observation_id")
SELECT c."observation_id" FROM "analytics"."observation_claims" c WHERE NOT c."answers";
