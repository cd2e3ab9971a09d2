// rankings: observations of one metric ranked by value or reported change,
// only among comparable numbers: one unit, and the same period (or, when
// asked, periods of the same granularity and length), one ranking each, the
// latest first. By default only the claim that answers each question is
// ranked, so a revised figure does not rank beside its revision.
import type pg from 'pg';
import type { ChangeBasis, Unit } from '../generated/prisma/enums.ts';
import type { Prisma as PrismaTypes } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { type ClaimChoice, claimChosen } from './claims.ts';
import { heavyRows as runHeavy } from './statement.ts';
import { whereSql } from './where-sql.ts';
import { comparableKeys, fitsGranularity, type Granularity } from './periods.ts';
import { LIMITS } from '../limits.ts';


export type RankingMeasure = 'VALUE' | 'CHANGE';
/** SAME_PERIOD: one ranking per period; SAME_GRANULARITY: one per granularity and length (all quarters together). */
export type PeriodComparison = 'SAME_PERIOD' | 'SAME_GRANULARITY';

export interface RankingOptions {
  metric: string;
  measure: RankingMeasure;
  /** For CHANGE: only changes on this basis are compared. */
  changeBasis: ChangeBasis;
  where: PrismaTypes.ObservationWhereInput;
  direction: 'ASC' | 'DESC';
  limit: number;
  compare: PeriodComparison;
  claims: ClaimChoice;
  granularity?: Granularity | null;
}

export interface RankingRow {
  /** The ranking's place among the rankings (1: the latest period). */
  rankingNo: number;
  observationId: number;
  subjectId: number;
  value: string;
  unit: Unit;
  rank: number;
  total: number;
  /** The periods the ranking compares: "start|end|label", in order. */
  periods: string[];
  granularity: Granularity | null;
}

export async function observationRanking(pool: pg.Pool, options: RankingOptions): Promise<{ metricFound: boolean; rows: RankingRow[] }> {
  const change = options.measure === 'CHANGE';
  const value = Prisma.raw(change ? 'o.change_value' : 'o.value');
  const unit = Prisma.raw(change ? 'o.change_unit' : 'o.unit');
  const direction = Prisma.raw(options.direction === 'ASC' ? 'ASC' : 'DESC');
  const keys = options.compare === 'SAME_GRANULARITY' ? comparableKeys('o') : Prisma.sql`o.period_start, o.period_end, NULL::int`;
  const query = Prisma.sql`
    WITH m AS (SELECT id FROM metric WHERE slug = ${options.metric}),
    candidates AS (
      SELECT o.id, o.subject_id, ${value} AS v, ${unit}::text AS unit, o.period_start, o.period_end, o.period_label,
             ROW(${keys})::text AS period_key, analytics.period_granularity(o.period_start, o.period_end) AS granularity
      FROM observation o
      WHERE o.metric_id = (SELECT id FROM m) AND ${value} IS NOT NULL
        ${change ? Prisma.sql`AND o.change_basis = ${options.changeBasis}::change_basis` : Prisma.empty}
        AND (${whereSql('Observation', 'o', options.where)}) AND ${claimChosen(options.claims, 'o')}
        ${options.granularity ? Prisma.sql`AND ${fitsGranularity(options.granularity, 'o')}` : Prisma.empty}
    ),
    rankings AS (
      SELECT unit, period_key, count(*)::int AS total,
             array_agg(DISTINCT period_start::text || '|' || period_end::text || '|' || period_label
                       ORDER BY period_start::text || '|' || period_end::text || '|' || period_label) AS periods,
             ${options.compare === 'SAME_GRANULARITY' ? Prisma.sql`min(granularity)` : Prisma.sql`NULL::text`} AS granularity,
             row_number() OVER (ORDER BY max(period_end) DESC, min(period_start) DESC, unit) AS ranking_no
      FROM candidates GROUP BY unit, period_key
    ),
    ranked AS (
      SELECT c.*, r.ranking_no, r.total, r.periods, r.granularity AS ranking_granularity,
             rank() OVER (PARTITION BY r.ranking_no ORDER BY c.v ${direction}) AS rank,
             row_number() OVER (PARTITION BY r.ranking_no ORDER BY c.v ${direction}, c.id) AS n
      FROM candidates c JOIN rankings r ON r.unit = c.unit AND r.period_key = c.period_key
      WHERE r.ranking_no <= ${LIMITS.rankings}
    )
    SELECT (SELECT count(*) FROM m)::int AS "metricFound", r.ranking_no::int AS "rankingNo",
           r.id AS "observationId", r.subject_id AS "subjectId", trim_scale(r.v)::text AS value, r.unit,
           r.rank::int AS rank, r.total, r.periods, r.ranking_granularity AS granularity
    FROM (SELECT 1) AS one
    LEFT JOIN ranked r ON r.n <= ${options.limit}
    ORDER BY r.ranking_no, r.n`;
  const rows = await runHeavy<RankingRow & { metricFound: number }>(pool, query);
  return { metricFound: (rows[0]?.metricFound ?? 0) > 0, rows: rows.filter((r) => r.observationId !== null) };
}
