// Claims: every observation is one source's value for a question (a metric of
// a subject and scope over a period). analytics.observation_claims ranks the
// claims of each question (a curator's rank, else the most recent publication
// answers) and says whether they disagree; these fragments read it for a few
// questions at a time. `OFFSET 0` keeps PostgreSQL from flattening the
// lateral subquery, so the question's key is pushed into the view's window
// and each question is ranked from its own index range, never the whole table.
// Whether a claim answers is also stored (table outranked_claim, kept by
// triggers with the view's rule): reads that only filter on it (sums,
// rankings, series) anti-join those few rows instead of ranking per row.
import type pg from 'pg';
import type { ClaimRank, Unit } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { rows as run } from './statement.ts';
import { beyond, type KeysetCut, type KeysetKey, orderOf } from './keyset.ts';

/** Whether a read takes only the claim that answers each question, or every claim. */
export type ClaimChoice = 'ANSWERS' | 'ALL';

/** A condition on the observation aliased `observation`: true if its claim answers its question (or if every claim is wanted). */
export const claimChosen = (choice: ClaimChoice, observation: string): Prisma.Sql =>
  choice === 'ALL' ? Prisma.sql`TRUE` : Prisma.sql`NOT EXISTS (SELECT 1 FROM outranked_claim x WHERE x.observation_id = ${Prisma.raw(observation)}.id)`;

export interface ClaimRow {
  /** The observation whose question was asked about. */
  askedId: number;
  observationId: number;
  rank: ClaimRank;
  rankReason: string;
  answers: boolean;
  disputed: boolean;
  claimCount: number;
  value: string;
  unit: Unit;
  publishedOn: string;
}

/** Every claim of the questions of these observations, answering claim first, then the newest publication. */
export async function claimsOfQuestions(pool: pg.Pool, observationIds: readonly number[]): Promise<ClaimRow[]> {
  return run<ClaimRow>(
    pool,
    Prisma.sql`
      SELECT t.id AS "askedId", c.observation_id AS "observationId", c.rank::text AS rank, c.rank_reason AS "rankReason",
             c.answers, c.disputed, c.claim_count AS "claimCount", trim_scale(o.value)::text AS value, o.unit::text AS unit,
             c.source_published_on::text AS "publishedOn"
      FROM unnest(${observationIds}::int[]) AS asked(id)
      JOIN observation t ON t.id = asked.id
      CROSS JOIN LATERAL (
        SELECT q.* FROM analytics.observation_claims q
        WHERE q.metric_id = t.metric_id AND q.subject_id = t.subject_id AND q.scope_id IS NOT DISTINCT FROM t.scope_id
          AND q.period_start = t.period_start AND q.period_end = t.period_end
        OFFSET 0) AS c
      JOIN observation o ON o.id = c.observation_id
      ORDER BY t.id, c.answers DESC, c.source_published_on DESC, c.observation_id DESC`,
  );
}

/** The observations whose question other sources answer differently (for the `disputed` filter). */
export async function disputedObservationIds(pool: pg.Pool): Promise<number[]> {
  const rows = await run<{ id: number }>(pool, Prisma.sql`SELECT observation_id AS id FROM analytics.observation_claims WHERE disputed ORDER BY observation_id`);
  return rows.map((r) => r.id);
}

/** Which questions a page of claim groups holds. */
export interface QuestionFilter {
  metrics?: readonly string[] | null;
  subjects?: readonly string[] | null;
  disputed?: boolean | null;
}

// A question is named by its first observation's ID: stable, unique, and an index key for cursors.
function questionsSql(filter: QuestionFilter): Prisma.Sql {
  const where = [
    ...(filter.metrics?.length ? [Prisma.sql`c.metric_id IN (SELECT id FROM metric WHERE slug = ANY (${[...filter.metrics]}::text[]))`] : []),
    ...(filter.subjects?.length ? [Prisma.sql`c.subject_id IN (SELECT id FROM entity WHERE slug = ANY (${[...filter.subjects]}::text[]))`] : []),
  ];
  const having = filter.disputed === true ? Prisma.sql`HAVING bool_or(c.disputed)` : filter.disputed === false ? Prisma.sql`HAVING NOT bool_or(c.disputed)` : Prisma.empty;
  return Prisma.sql`(SELECT min(c.observation_id) AS id FROM analytics.observation_claims c
    WHERE ${where.length ? Prisma.join(where, ' AND ') : Prisma.sql`TRUE`}
    GROUP BY c.metric_id, c.subject_id, c.scope_id, c.period_start, c.period_end ${having}) AS q`;
}

/** One keyset page of questions (by their first observation's ID), in one statement. */
export async function questionPage(pool: pg.Pool, filter: QuestionFilter, cut: KeysetCut): Promise<number[]> {
  const keys: KeysetKey[] = [{ expr: Prisma.raw('q.id'), direction: cut.ordering.keys[0]!.direction, cast: 'int' }];
  const cuts = [...(cut.after ? [beyond(keys, cut.after, true)] : []), ...(cut.before ? [beyond(keys, cut.before, false)] : [])];
  const rows = await run<{ id: number }>(
    pool,
    Prisma.sql`SELECT q.id FROM ${questionsSql(filter)} ${cuts.length ? Prisma.sql`WHERE ${Prisma.join(cuts, ' AND ')}` : Prisma.empty}
      ORDER BY ${orderOf(keys, cut.backward)} LIMIT ${cut.take}`,
  );
  return rows.map((r) => r.id);
}

/** How many questions pass the filter. */
export async function questionCount(pool: pg.Pool, filter: QuestionFilter): Promise<number> {
  const [row] = await run<{ n: number }>(pool, Prisma.sql`SELECT count(*)::int AS n FROM ${questionsSql(filter)}`);
  return row!.n;
}
