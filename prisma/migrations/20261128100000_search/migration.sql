-- tradegraph: search over entities and sources.
-- Ranked search combines these paths, each with its own index:
--   * exact name or alias (lower-cased);
--   * substring (LIKE '%...%') and trigram similarity (pg_trgm) on a lower-cased
--     text of name, aliases and description: partial names, typos, and Chinese
--     (a CJK query is a substring even where the locale gives it no trigrams;
--     CJK characters and bigrams index Chinese substrings);
--   * full-text search (English stemming) on a weighted document: name (A),
--     aliases (B), description (C).
-- Nothing here changes a table, so schema.prisma is unaffected (these are
-- expression indexes and functions, which the drift test ignores).

-- Trusted since PostgreSQL 13: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- array_to_string is only STABLE (its element output functions could in
-- principle depend on settings); for text[] it never does, so this wrapper may
-- be IMMUTABLE and back an expression index.
CREATE FUNCTION "entity_search_text"("name" TEXT, "aliases" TEXT[], "description" TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN lower("name" || ' ' || array_to_string("aliases", ' ') || ' ' || coalesce("description", ''));

CREATE FUNCTION "entity_search_document"("name" TEXT, "aliases" TEXT[], "description" TEXT) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector('english'::regconfig, "name"), 'A')
    || setweight(to_tsvector('english'::regconfig, array_to_string("aliases", ' ')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C');

-- Aliases lower-cased, so an exact alias match is an indexed array containment.
CREATE FUNCTION "entity_lower_aliases"("aliases" TEXT[]) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT lower(a) FROM unnest("aliases") AS a);

CREATE INDEX "entity_lower_name_idx" ON "entity" (lower("name"));
CREATE INDEX "entity_lower_aliases_idx" ON "entity" USING gin ("entity_lower_aliases"("aliases"));
-- The non-ASCII characters of a text and their adjacent pairs (CJK unigrams
-- and bigrams, the classic index for Chinese): a Chinese query has no
-- trigrams in some locales and none at all under three characters, so without
-- these its substring search would read every row.
CREATE FUNCTION "search_cjk_grams"("text" TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    -- ASCII text (most of it) has none, and is not walked character by character.
    WHEN octet_length("text") = char_length("text") THEN ARRAY[]::TEXT[]
    ELSE ARRAY(
        SELECT DISTINCT gram FROM generate_series(1, char_length("text")) AS i,
        LATERAL (VALUES (substr("text", i, 1)), (substr("text", i, 2))) AS g(gram)
        WHERE ascii(substr("text", i, 1)) > 127
          AND (char_length(gram) = 1 OR ascii(substr("text", i + 1, 1)) > 127)
    )
END;

CREATE INDEX "entity_search_cjk_idx" ON "entity"
    USING gin ("search_cjk_grams"("entity_search_text"("name", "aliases", "description")));
CREATE INDEX "entity_search_text_trgm_idx" ON "entity"
    USING gin ("entity_search_text"("name", "aliases", "description") gin_trgm_ops);
CREATE INDEX "entity_search_document_idx" ON "entity"
    USING gin ("entity_search_document"("name", "aliases", "description"));

CREATE INDEX "source_text_trgm_idx" ON "source" USING gin (lower("text") gin_trgm_ops);
CREATE INDEX "source_text_document_idx" ON "source" USING gin (to_tsvector('english'::regconfig, "text"));
