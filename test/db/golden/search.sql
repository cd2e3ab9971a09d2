-- { search(query: "airport", first: 3) { edges { score matched node { name } } totalCount } searchSources(query: "bonded zone", first: 1) { edges { snippet node { slug } } } }
-- 4 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."id" IN ($1,$2,$3)
;

SELECT "t0"."id", "t0"."slug" FROM "public"."source" AS "t0" WHERE "t0"."id" IN ($1)
;

WITH q AS (
  SELECT lower($1::text) AS lq, $2::text AS pattern, websearch_to_tsquery('english', $3::text) AS tsq
), hits AS (
  SELECT s.id,
         ((CASE WHEN lower(s.text) LIKE q.pattern THEN 1.0 ELSE 0.0 END)
          + ts_rank_cd(to_tsvector('english', s.text), q.tsq))::float8 AS score
  FROM source s, q
  WHERE lower(s.text) LIKE q.pattern OR to_tsvector('english', s.text) @@ q.tsq
), ranked AS (
  -- Every match is scored and counted before the cut to the best LIMITS.searchRanked.
  SELECT h.*, count(*) OVER () AS total FROM hits h
  ORDER BY score DESC, id
  LIMIT $4::int
), chosen AS (
  SELECT * FROM ranked
  WHERE $5::float8 IS NULL OR score < $6::float8 OR (score = $7::float8 AND id > $8::int)
  ORDER BY score DESC, id
  LIMIT $9
), located AS (
  SELECT c.id, c.score, c.total, s.text, q.lq,
         strpos(lower(s.text), q.lq) AS phrase_at,
         CASE WHEN strpos(lower(s.text), q.lq) = 0
           THEN ts_headline('english', s.text, q.tsq, E'StartSel=\uE000, StopSel=\uE001, MaxWords=35, MinWords=15')
         END AS headline
  FROM chosen c JOIN source s ON s.id = c.id CROSS JOIN q
), matched AS (
  SELECT l.id, l.score, l.total, l.text,
         CASE WHEN l.phrase_at > 0 THEN l.phrase_at - 1
              ELSE strpos(l.text, translate(l.headline, E'\uE000\uE001', '')) - 1 + strpos(l.headline, E'\uE000') - 1
         END AS start_offset,
         CASE WHEN l.phrase_at > 0 THEN char_length(l.lq)
              ELSE char_length(translate(substring(l.headline FROM E'\uE000(.*)\uE001'), E'\uE000\uE001', ''))
         END AS match_length,
         l.headline IS NOT NULL AND (strpos(l.headline, E'\uE000') = 0 OR strpos(l.text, translate(l.headline, E'\uE000\uE001', '')) = 0) AS unlocated
  FROM located l
)
SELECT m.id, m.score, m.total::int AS total,
       CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END AS "startOffset",
       CASE WHEN m.unlocated THEN 0 ELSE m.start_offset + m.match_length END AS "endOffset",
       substr(m.text, greatest(1, (CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END) + 1 - $10::int),
              least((CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END), $11::int)
                + (CASE WHEN m.unlocated THEN 0 ELSE m.match_length END) + $12::int) AS "window",
       greatest(0, (CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END) - $13::int) AS "windowStart",
       char_length(m.text) AS "textLength"
FROM matched m
ORDER BY m.score DESC, m.id
;

WITH q AS NOT MATERIALIZED (
  SELECT lower($1::text) AS lq, $2::text AS pattern, websearch_to_tsquery('english', $3::text) AS tsq,
         search_cjk_grams(lower($4::text)) AS grams, cardinality(show_trgm(lower($5::text))) > 0 AS has_trigrams
), matches AS MATERIALIZED (
  SELECT e.id, e.name, e.aliases, e.description, e.search_document FROM entity e, q
  WHERE ($6::entity_kind[] IS NULL OR e.kind = ANY ($7::entity_kind[]))
    AND (lower(e.name) = q.lq OR e.search_document @@ q.tsq OR (char_length(q.lq) >= 3 AND cardinality(q.grams) = 0 AND entity_search_text(e.name, e.aliases, e.description) LIKE q.pattern) OR (cardinality(q.grams) > 0 AND search_cjk_grams(entity_search_text(e.name, e.aliases, e.description)) @> q.grams AND (entity_search_text(e.name, e.aliases, e.description) || '') LIKE q.pattern) OR (q.has_trigrams AND q.lq <% entity_search_text(e.name, e.aliases, e.description))
      OR entity_lower_aliases(e.aliases) @> ARRAY[q.lq])
), scored AS (
  SELECT e.id,
         -- A description scores 0.65 at most; an alias its ceiling.
         (CASE WHEN (e.description IS NULL OR by_name.score > 0.65 + 1e-9)
                AND coalesce((SELECT max(0.95 * CASE
             WHEN lower(a) = q.lq THEN 1.0
             WHEN starts_with(lower(a), q.lq) THEN 0.9
             WHEN strpos(lower(a), q.lq) > 0 THEN 0.8
             ELSE 0.7
           END + 0.05) FROM unnest(e.aliases) AS a) + 1e-9 < by_name.score, true)
               THEN by_name.score
               ELSE greatest(by_name.score, greatest(
            (SELECT max(0.95 * CASE
             WHEN lower(a) = q.lq THEN 1.0
             WHEN starts_with(lower(a), q.lq) THEN 0.9
             WHEN strpos(lower(a), q.lq) > 0 THEN 0.8
             ELSE 0.7 * word_similarity(q.lq, lower(a))
           END + 0.05 * similarity(q.lq, lower(a))) FROM unnest(e.aliases) AS a),
            CASE WHEN e.description IS NOT NULL THEN 0.6 * CASE
             WHEN lower(e.description) = q.lq THEN 1.0
             WHEN starts_with(lower(e.description), q.lq) THEN 0.9
             WHEN strpos(lower(e.description), q.lq) > 0 THEN 0.8
             ELSE 0.7 * word_similarity(q.lq, lower(e.description))
           END + 0.05 * similarity(q.lq, lower(e.description)) END)) END
          + 0.2 * ts_rank(e.search_document, q.tsq))::float8 AS score
  FROM matches e
  CROSS JOIN q
  CROSS JOIN LATERAL (SELECT 1.0 * CASE
             WHEN lower(e.name) = q.lq THEN 1.0
             WHEN starts_with(lower(e.name), q.lq) THEN 0.9
             WHEN strpos(lower(e.name), q.lq) > 0 THEN 0.8
             ELSE 0.7 * word_similarity(q.lq, lower(e.name))
           END + 0.05 * similarity(q.lq, lower(e.name)) AS score) AS by_name
), ranked AS (
  SELECT s.* FROM scored s
  ORDER BY score DESC, id
  LIMIT $8::int
), chosen AS (
  SELECT r.* FROM ranked r
  WHERE $9::float8 IS NULL OR score < $10::float8 OR (score = $11::float8 AND id > $12::int)
  ORDER BY score DESC, id
  LIMIT $13
)
SELECT c.id, c.score, best.text AS matched, (SELECT count(*) FROM matches)::int AS total
FROM chosen c
JOIN entity e ON e.id = c.id
CROSS JOIN q
CROSS JOIN LATERAL (
  -- The field that scored best, the first by text among equals.
  SELECT f.text, f.weight * CASE
             WHEN lower(f.text) = q.lq THEN 1.0
             WHEN starts_with(lower(f.text), q.lq) THEN 0.9
             WHEN strpos(lower(f.text), q.lq) > 0 THEN 0.8
             ELSE 0.7 * word_similarity(q.lq, lower(f.text))
           END + 0.05 * similarity(q.lq, lower(f.text)) AS score
  FROM (
    SELECT e.name, 1.0
    UNION ALL SELECT a, 0.95 FROM unnest(e.aliases) AS a
    UNION ALL SELECT e.description, 0.6 WHERE e.description IS NOT NULL
  ) AS f(text, weight)
  ORDER BY 2 DESC, 1
  LIMIT 1
) AS best
ORDER BY c.score DESC, c.id
;
