// Claims: every observation is one source's value for a question (a metric of
// a subject and scope over a period). analytics.observation_claims ranks the
// claims of each question (a curator's rank, else the most recent publication
// answers) and says whether they disagree; these fragments read it for a few
// questions at a time. `OFFSET 0` keeps PostgreSQL from flattening the
// lateral subquery, so the question's key is pushed into the view's window
// and each question is ranked from its own index range, never the whole table.
import type pg from 'pg';
import type { ClaimRank, Unit } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { run } from './fragments.ts';

/** Whether a read takes only the claim that answers each question, or every claim. */
export type ClaimChoice = 'ANSWERS' | 'ALL';

/** The claim row (aliased `alias`) of the observation aliased `observation`: join it with CROSS JOIN LATERAL. */
export const claimOf = (observation: string, alias = 'c'): Prisma.Sql => {
  const o = Prisma.raw(observation);
  return Prisma.sql`LATERAL (
    SELECT q.* FROM analytics.observation_claims q
    WHERE q.metric_id = ${o}.metric_id AND q.subject_id = ${o}.subject_id AND q.scope_id IS NOT DISTINCT FROM ${o}.scope_id
      AND q.period_start = ${o}.period_start AND q.period_end = ${o}.period_end AND q.observation_id = ${o}.id
    OFFSET 0) AS ${Prisma.raw(alias)}`;
};

/** A condition on the observation aliased `observation`: true if its claim answers its question (or if every claim is wanted). */
export const claimChosen = (choice: ClaimChoice, observation: string): Prisma.Sql =>
  choice === 'ALL' ? Prisma.sql`TRUE` : Prisma.sql`EXISTS (SELECT 1 FROM ${claimOf(observation, 'chosen')} WHERE chosen.answers)`;

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
