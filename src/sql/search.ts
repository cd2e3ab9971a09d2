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
import { readsAMoment } from '../db/as-of.ts';
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
/** How a field holds the query: 1.0 the whole of it, 0.9 its start, 0.8 inside it, else `otherwise`. */
const tier = (field: Prisma.Sql, otherwise: Prisma.Sql) => sql`CASE
             WHEN lower(${field}) = q.lq THEN 1.0
             WHEN starts_with(lower(${field}), q.lq) THEN 0.9
             WHEN strpos(lower(${field}), q.lq) > 0 THEN 0.8
             ELSE ${otherwise}
           END`;

/** A field's score (the ranking's definition). */
const fieldScore = (field: Prisma.Sql, weight: Prisma.Sql) =>
  sql`${weight} * ${tier(field, sql`0.7 * word_similarity(q.lq, lower(${field}))`)} + 0.05 * similarity(q.lq, lower(${field}))`;
// A field's score at most, from string comparisons alone (word similarity and similarity lie in [0, 1]).
const fieldCeiling = (field: Prisma.Sql, weight: Prisma.Sql) => sql`${weight} * ${tier(field, sql`0.7`)} + 0.05`;

/** The best score of the aliases and the description (NULL when the entity has neither). */
const otherFields = sql`greatest(
            (SELECT max(${fieldScore(sql`a`, sql`0.95`)}) FROM unnest(e.aliases) AS a),
            CASE WHEN e.description IS NOT NULL THEN ${fieldScore(sql`e.description`, sql`0.6`)} END)`;

// The entities that match, each once: exact names and aliases, full-text
// matches, substrings and trigram similarity. Substrings: an ASCII query of 3
// characters or more through trigrams; a query with Chinese (or other
// non-ASCII) characters through their CJK grams, which every locale indexes.
// Shorter ASCII queries rely on the other paths rather than read every row.
// The query's own tests (length, CJK grams, trigrams) fold to constants when
// the statement is planned, so only the index paths that apply are read.
function matchesSql(kindAllowed: Prisma.Sql, shape: 'one scan' | 'by path', past: boolean): Prisma.Sql {
  const text = sql`entity_search_text(e.name, e.aliases, e.description)`;
  const substring = sql`(char_length(q.lq) >= 3 AND cardinality(q.grams) = 0 AND ${text} LIKE q.pattern)`;
  // The LIKE is checked on the gram matches only: written so the trigram index is not scanned for it.
  const cjkSubstring = sql`(cardinality(q.grams) > 0 AND search_cjk_grams(${text}) @> q.grams AND (${text} || '') LIKE q.pattern)`;
  const similar = sql`(q.has_trigrams AND q.lq <% ${text})`;
  if (shape === 'one scan') {
    // One bitmap scan over every path: a row is tested once, the cheap tests
    // first, so a row holding the query is not also measured for similarity.
    return sql`
  SELECT e.id, e.name, e.aliases, e.description, e.search_document FROM entity e, q
  WHERE ${kindAllowed}
    AND (lower(e.name) = q.lq OR e.search_document @@ q.tsq OR ${substring} OR ${cjkSubstring} OR ${similar}
      OR entity_lower_aliases(e.aliases) @> ARRAY[q.lq])`;
  }
  // Path by path, each row tested only by the path whose index found it: for
  // a query that no substring path serves, whose similarity path finds many
  // rows that fail it, and for a past moment, whose rows from the change log
  // have no stored document (its expression is too costly to test on each row).
  const document = past ? sql`entity_search_document(e.name, e.aliases, e.description)` : sql`e.search_document`;
  return sql`
  SELECT e.id, e.name, e.aliases, e.description FROM entity e, q
  WHERE ${kindAllowed} AND (lower(e.name) = q.lq OR entity_lower_aliases(e.aliases) @> ARRAY[q.lq])
  UNION
  SELECT e.id, e.name, e.aliases, e.description FROM entity e, q WHERE ${kindAllowed} AND ${document} @@ q.tsq
  UNION
  SELECT e.id, e.name, e.aliases, e.description FROM entity e, q WHERE ${kindAllowed} AND (${substring} OR ${cjkSubstring} OR ${similar})`;
}

/**
 * Whether a substring path serves `query` (PostgreSQL decides; this only
 * picks the statement's shape, never its answer): 3 characters or more, or
 * any that is not ASCII.
 */
const substringQuery = (query: string) => [...query].length >= 3 || [...query].some((c) => c.codePointAt(0)! > 0x7f);

// Every match is scored (the best field's score plus a fifth of its full-text
// rank) and counted before the cut to the best LIMITS.searchRanked: a cut
// before ranking dropped the best hits on a large graph. The aliases and
// description of a match are measured only when string comparisons alone say
// they could beat its name; the score is the same.
export function entitySearchSql(
  query: string,
  kinds: readonly EntityKind[] | null | undefined,
  page: SearchPage,
  /** Whether entities are read as they were at a past moment (asOf), through views whose rows from the change log have no stored document. */
  past = false,
): Prisma.Sql {
  const q = sql`${query}::text`;
  const kind = sql`${kinds?.length ? [...kinds] : null}::entity_kind[]`;
  const afterScore = sql`${page.after?.score ?? null}::float8`;
  const shape = !past && substringQuery(query) ? 'one scan' : 'by path';
  // The stored document (a generated column) where the matches carry it, else the expression it is generated by.
  const document = shape === 'one scan' ? sql`e.search_document` : sql`entity_search_document(e.name, e.aliases, e.description)`;
  return sql`
WITH q AS NOT MATERIALIZED (
  SELECT lower(${q}) AS lq, ${containsPattern(query.toLowerCase())}::text AS pattern, websearch_to_tsquery('english', ${q}) AS tsq,
         search_cjk_grams(lower(${q})) AS grams, cardinality(show_trgm(lower(${q}))) > 0 AS has_trigrams
), matches AS MATERIALIZED (${matchesSql(sql`(${kind} IS NULL OR e.kind = ANY (${kind}))`, shape, past)}
), scored AS (
  SELECT e.id,
         -- A description scores 0.65 at most; an alias its ceiling.
         (CASE WHEN (e.description IS NULL OR by_name.score > 0.65 + 1e-9)
                AND coalesce((SELECT max(${fieldCeiling(sql`a`, sql`0.95`)}) FROM unnest(e.aliases) AS a) + 1e-9 < by_name.score, true)
               THEN by_name.score
               ELSE greatest(by_name.score, ${otherFields}) END
          + 0.2 * ts_rank(${document}, q.tsq))::float8 AS score
  FROM matches e
  CROSS JOIN q
  CROSS JOIN LATERAL (SELECT ${fieldScore(sql`e.name`, sql`1.0`)} AS score) AS by_name
), ranked AS (
  SELECT s.* FROM scored s
  ORDER BY score DESC, id
  LIMIT ${LIMITS.searchRanked}::int
), chosen AS (
  SELECT r.* FROM ranked r
  WHERE ${afterScore} IS NULL OR score < ${afterScore} OR (score = ${afterScore} AND id > ${page.after?.id ?? null}::int)
  ORDER BY score DESC, id
  LIMIT ${page.limit}
)
SELECT c.id, c.score, best.text AS matched, (SELECT count(*) FROM matches)::int AS total
FROM chosen c
JOIN entity e ON e.id = c.id
CROSS JOIN q
CROSS JOIN LATERAL (
  -- The field that scored best, the first by text among equals.
  SELECT f.text, ${fieldScore(sql`f.text`, sql`f.weight`)} AS score
  FROM (
    SELECT e.name, 1.0
    UNION ALL SELECT a, 0.95 FROM unnest(e.aliases) AS a
    UNION ALL SELECT e.description, 0.6 WHERE e.description IS NOT NULL
  ) AS f(text, weight)
  ORDER BY 2 DESC, 1
  LIMIT 1
) AS best
ORDER BY c.score DESC, c.id`;
}

export async function searchEntities(
  pool: pg.Pool,
  query: string,
  kinds: readonly EntityKind[] | null | undefined,
  page: SearchPage,
): Promise<{ hits: EntityHit[]; total: number }> {
  const rows = await heavyRows<EntityHit>(pool, entitySearchSql(query, kinds, page, readsAMoment(pool)));
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
