// Ranked search over entities (names, aliases, descriptions) and over source
// texts, in one SQL statement each. Matches come from index-backed paths: exact
// name or alias, substring (trigrams; CJK bigrams for Chinese, which has no
// trigrams in some locales and none in two-character words), full-text search
// with English stemming, and trigram word similarity for typos. Every match is
// scored field by field, and only then cut to the best LIMITS.searchRanked: a
// cut before ranking dropped the best hits on a large graph. So the work grows
// with the matches (priced as a table read, bounded by the statement timeout),
// and totalCount counts every match.
// The query text only ever travels as a bound parameter; LIKE patterns are escaped.
import type pg from 'pg';
import type { EntityKind } from '../generated/prisma/enums.ts';
import { BadInputError, LimitExceededError } from '../domain/errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { heavyRows } from './statement.ts';
import { likeLiteral } from './where-sql.ts';
import { LIMITS } from '../limits.ts';

const { sql } = Prisma;


/** The query as searched: trimmed, inner whitespace collapsed. Empty or overlong queries are refused. */
export function normalizeSearchQuery(raw: string, argument = 'query'): string {
  const query = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!query) throw new BadInputError('the search query is empty; give a word or a name', { argument });
  if (query.includes('\u0000')) throw new BadInputError('the search query holds a NUL character (U+0000), which no text can contain', { argument });
  const length = [...query].length;
  if (length > LIMITS.searchQueryLength) {
    throw new LimitExceededError(`the search query has ${length} characters; at most ${LIMITS.searchQueryLength} are searched`, {
      argument,
      limit: LIMITS.searchQueryLength,
    });
  }
  return query;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's metacharacters taken literally (escape `\`). */
export function containsPattern(text: string): string {
  return `%${likeLiteral(text)}%`;
}

export interface EntityHit {
  id: number;
  score: number;
  /** The name, alias or description that matched best. */
  matched: string;
  /** How many entities match, all counted (the pages hold the best LIMITS.searchRanked). */
  total: number;
}

export interface SearchPage {
  limit: number;
  /** Keyset position: results after (score, id) in (score DESC, id ASC) order. */
  after?: { score: number; id: number } | null;
}

// Each field scores by how it matches: the whole of it, its start, somewhere
// inside, or only by trigram similarity; aliases weigh slightly less than the
// name, descriptions much less. Whole-string similarity breaks ties in favour
// of the shorter, closer name, and full-text rank adds evidence of stems.
export function entitySearchSql(query: string, kinds: readonly EntityKind[] | null | undefined, page: SearchPage): Prisma.Sql {
  const q = sql`${query}::text`;
  const kind = sql`${kinds?.length ? [...kinds] : null}::entity_kind[]`;
  const ranked = sql`${LIMITS.searchRanked}::int`;
  const afterScore = sql`${page.after?.score ?? null}::float8`;
  return sql`
WITH q AS (
  SELECT lower(${q}) AS lq, ${containsPattern(query.toLowerCase())}::text AS pattern, websearch_to_tsquery('english', ${q}) AS tsq,
         search_cjk_grams(lower(${q})) AS grams, cardinality(show_trgm(lower(${q}))) > 0 AS has_trigrams
), matches AS (
  SELECT e.id FROM entity e, q
    WHERE (${kind} IS NULL OR e.kind = ANY (${kind}))
      AND (lower(e.name) = q.lq OR entity_lower_aliases(e.aliases) @> ARRAY[q.lq])
  UNION
  -- Substrings: an ASCII query of 3 characters or more through trigrams; a
  -- query with Chinese (or other non-ASCII) characters through their CJK
  -- grams, which every locale indexes. Shorter ASCII queries rely on the
  -- other paths rather than read every row.
  SELECT e.id FROM entity e, q
    WHERE (${kind} IS NULL OR e.kind = ANY (${kind}))
      AND char_length(q.lq) >= 3 AND cardinality(q.grams) = 0
      AND entity_search_text(e.name, e.aliases, e.description) LIKE q.pattern
  UNION
  SELECT e.id FROM entity e, q
    WHERE (${kind} IS NULL OR e.kind = ANY (${kind}))
      AND cardinality(q.grams) > 0
      AND search_cjk_grams(entity_search_text(e.name, e.aliases, e.description)) @> q.grams
      -- Checked on the gram matches only: written so the trigram index is not scanned for it.
      AND (entity_search_text(e.name, e.aliases, e.description) || '') LIKE q.pattern
  UNION
  SELECT e.id FROM entity e, q
    WHERE (${kind} IS NULL OR e.kind = ANY (${kind}))
      AND entity_search_document(e.name, e.aliases, e.description) @@ q.tsq
  UNION
  SELECT e.id FROM entity e, q
    WHERE (${kind} IS NULL OR e.kind = ANY (${kind}))
      AND q.has_trigrams AND q.lq <% entity_search_text(e.name, e.aliases, e.description)
), scored AS (
  SELECT e.id, best.text AS matched,
         (best.score + 0.2 * ts_rank(entity_search_document(e.name, e.aliases, e.description), q.tsq))::float8 AS score
  FROM matches m
  JOIN entity e ON e.id = m.id
  CROSS JOIN q
  CROSS JOIN LATERAL (
    SELECT f.text,
           f.weight * CASE
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
), ranked AS (
  -- Every match is scored and counted before the cut to the best LIMITS.searchRanked.
  SELECT s.*, count(*) OVER () AS total FROM scored s
  ORDER BY score DESC, id
  LIMIT ${ranked}
)
SELECT id, score, matched, total::int AS total FROM ranked
WHERE ${afterScore} IS NULL OR score < ${afterScore} OR (score = ${afterScore} AND id > ${page.after?.id ?? null}::int)
ORDER BY score DESC, id
LIMIT ${page.limit}`;
}

export async function searchEntities(
  pool: pg.Pool,
  query: string,
  kinds: readonly EntityKind[] | null | undefined,
  page: SearchPage,
): Promise<{ hits: EntityHit[]; total: number }> {
  const rows = await heavyRows<EntityHit>(pool, entitySearchSql(query, kinds, page));
  // Every row carries the total; an empty page after a cursor knows it only from a first page.
  return { hits: rows, total: rows[0]?.total ?? 0 };
}

export interface SourceHit {
  id: number;
  score: number;
  total: number;
  /** Code points of the best match in the source text. */
  startOffset: number;
  endOffset: number;
  /** The text around the match, and where it starts in the source. */
  window: string;
  windowStart: number;
  /** Length of the whole source text, in code points. */
  textLength: number;
}

/** Characters of context kept on each side of a match in a snippet. */
const SNIPPET_CONTEXT = 100;

// The best match is the query as a phrase (case-insensitive) where it occurs;
// otherwise the stretch that ts_headline highlights (stems, scattered words).
// ts_headline's excerpt is a verbatim piece of the text, so stripping its
// markers and finding it in the text gives the match's code-point offsets.
export function sourceSearchSql(query: string, page: SearchPage): Prisma.Sql {
  const q = sql`${query}::text`;
  const context = sql`${SNIPPET_CONTEXT}::int`;
  const afterScore = sql`${page.after?.score ?? null}::float8`;
  return sql`
WITH q AS (
  SELECT lower(${q}) AS lq, ${containsPattern(query.toLowerCase())}::text AS pattern, websearch_to_tsquery('english', ${q}) AS tsq
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
  LIMIT ${LIMITS.searchRanked}::int
), chosen AS (
  SELECT * FROM ranked
  WHERE ${afterScore} IS NULL OR score < ${afterScore} OR (score = ${afterScore} AND id > ${page.after?.id ?? null}::int)
  ORDER BY score DESC, id
  LIMIT ${page.limit}
), located AS (
  SELECT c.id, c.score, c.total, s.text, q.lq,
         strpos(lower(s.text), q.lq) AS phrase_at,
         CASE WHEN strpos(lower(s.text), q.lq) = 0
           THEN ts_headline('english', s.text, q.tsq, E'StartSel=\\uE000, StopSel=\\uE001, MaxWords=35, MinWords=15')
         END AS headline
  FROM chosen c JOIN source s ON s.id = c.id CROSS JOIN q
), matched AS (
  SELECT l.id, l.score, l.total, l.text,
         CASE WHEN l.phrase_at > 0 THEN l.phrase_at - 1
              ELSE strpos(l.text, translate(l.headline, E'\\uE000\\uE001', '')) - 1 + strpos(l.headline, E'\\uE000') - 1
         END AS start_offset,
         CASE WHEN l.phrase_at > 0 THEN char_length(l.lq)
              ELSE char_length(translate(substring(l.headline FROM E'\\uE000(.*)\\uE001'), E'\\uE000\\uE001', ''))
         END AS match_length,
         l.headline IS NOT NULL AND (strpos(l.headline, E'\\uE000') = 0 OR strpos(l.text, translate(l.headline, E'\\uE000\\uE001', '')) = 0) AS unlocated
  FROM located l
)
SELECT m.id, m.score, m.total::int AS total,
       CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END AS "startOffset",
       CASE WHEN m.unlocated THEN 0 ELSE m.start_offset + m.match_length END AS "endOffset",
       substr(m.text, greatest(1, (CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END) + 1 - ${context}),
              least((CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END), ${context})
                + (CASE WHEN m.unlocated THEN 0 ELSE m.match_length END) + ${context}) AS "window",
       greatest(0, (CASE WHEN m.unlocated THEN 0 ELSE m.start_offset END) - ${context}) AS "windowStart",
       char_length(m.text) AS "textLength"
FROM matched m
ORDER BY m.score DESC, m.id`;
}

export async function searchSources(pool: pg.Pool, query: string, page: SearchPage): Promise<{ hits: SourceHit[]; total: number }> {
  const rows = await heavyRows<SourceHit>(pool, sourceSearchSql(query, page));
  return { hits: rows, total: rows[0]?.total ?? 0 };
}

/**
 * The snippet shown for a match: the window of text around it, cut back to
 * whole words at whichever ends the window cut the text (never into the
 * match), whitespace collapsed. Pure, so the offsets stay those of the source.
 */
export function snippetOf(hit: Pick<SourceHit, 'window' | 'windowStart' | 'textLength' | 'startOffset' | 'endOffset'>): string {
  const chars = [...hit.window];
  const matchFrom = hit.startOffset - hit.windowStart;
  const matchTo = hit.endOffset - hit.windowStart;
  let from = 0;
  let to = chars.length;
  if (hit.windowStart > 0) {
    const space = chars.findIndex((c, i) => i < matchFrom && /\s/u.test(c));
    if (space >= 0) from = space + 1;
  }
  if (hit.windowStart + chars.length < hit.textLength) {
    const space = chars.findLastIndex((c, i) => i >= matchTo && /\s/u.test(c));
    if (space >= 0) to = space;
  }
  return chars.slice(from, to).join('').replace(/\s+/gu, ' ').trim();
}
