// Aggregates and rankings of observations, computed by PostgreSQL in one
// statement each, with the same filters as the observation connections
// (translated by where-sql.ts). Sums never mix units: every group reports the
// units it holds, and rankings are computed within one unit at a time.
import type pg from 'pg';
import { heavyWork } from '../db/fair-share.ts';
import type { ChangeBasis, EntityKind, Unit } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { run } from './statement.ts';
import { whereSql } from './where-sql.ts';

const { sql, join, raw, empty } = Prisma;

/** Most groups one observationStats call returns. */
export const MAX_STAT_GROUPS = 1000;
/** Most entries per unit one ranking returns. */
export const MAX_RANKING_ENTRIES = 100;

export type StatGroup = 'METRIC' | 'SUBJECT' | 'SUBJECT_KIND' | 'PERIOD' | 'UNIT' | 'SCOPE' | 'SOURCE';
export type StatMeasure = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVERAGE';

/** The expressions and output names of each group key (fixed text, never input). */
const GROUP_COLUMNS: Record<StatGroup, Array<[string, string]>> = {
  METRIC: [['o.metric_id', 'metricId']],
  SUBJECT: [['o.subject_id', 'subjectId']],
  SUBJECT_KIND: [['s.kind::text', 'subjectKind']],
  PERIOD: [
    ['o.period_start::text', 'periodStart'],
    ['o.period_end::text', 'periodEnd'],
    ['o.period_label', 'periodLabel'],
  ],
  UNIT: [['o.unit::text', 'unit']],
  SCOPE: [['o.scope_id', 'scopeId']],
  SOURCE: [['o.source_id', 'sourceId']],
};

const MEASURE_ORDER: Record<StatMeasure, string> = {
  COUNT: 'count(*)',
  SUM: 'sum(o.value)',
  MIN: 'min(o.value)',
  MAX: 'max(o.value)',
  AVERAGE: 'avg(o.value)',
};

export interface StatRow {
  metricId?: number;
  subjectId?: number;
  subjectKind?: EntityKind;
  periodStart?: string;
  periodEnd?: string;
  periodLabel?: string;
  unit?: Unit;
  scopeId?: number | null;
  sourceId?: number;
  count: number;
  sum: string;
  min: string;
  max: string;
  average: string;
  /** The units of the group's values, in order. */
  units: Unit[];
}

export interface StatOptions {
  where: Prisma.ObservationWhereInput;
  groupBy: readonly StatGroup[];
  orderBy?: { measure: StatMeasure | 'GROUP'; direction: 'ASC' | 'DESC' } | null;
  limit: number;
}

/**
 * The statement of observationStats. The
 * subject is joined only to group by its kind (filters on it are subqueries
 * of their own), and a group of one unit lists it without collecting it:
 * over a million observations each of those halves the time.
 */
export function statsSql({ where, groupBy, orderBy, limit }: StatOptions): Prisma.Sql {
  const condition = whereSql('Observation', 'o', where);
  const grouped = new Set(groupBy);
  const groups = [...grouped].flatMap((g) => GROUP_COLUMNS[g]);
  const select = groups.map(([expr, name]) => raw(`${expr} AS "${name}", `));
  const groupExprs = groups.map(([expr]) => expr);
  const direction = orderBy?.direction === 'DESC' ? 'DESC' : 'ASC';
  const order =
    orderBy && orderBy.measure !== 'GROUP'
      ? [`${MEASURE_ORDER[orderBy.measure]} ${direction} NULLS LAST`, ...groupExprs.map((e) => `${e} NULLS LAST`)]
      : groupExprs.map((e) => `${e} ${direction} NULLS LAST`);
  return sql`
SELECT ${select.length ? join(select, '') : empty}count(*)::int AS count,
       trim_scale(sum(o.value))::text AS sum,
       trim_scale(min(o.value))::text AS min,
       trim_scale(max(o.value))::text AS max,
       trim_scale(round(avg(o.value), 6))::text AS average,
       ${raw(grouped.has('UNIT') ? 'ARRAY[o.unit::text]' : 'array_agg(DISTINCT o.unit::text ORDER BY o.unit::text)')} AS units
FROM observation o
${grouped.has('SUBJECT_KIND') ? raw('JOIN entity s ON s.id = o.subject_id') : empty}
WHERE ${condition}
${groupExprs.length ? raw(`GROUP BY ${groupExprs.join(', ')}`) : empty}
${order.length ? raw(`ORDER BY ${order.join(', ')}`) : empty}
LIMIT ${limit}`;
}

export async function observationStats(pool: pg.Pool, options: StatOptions): Promise<StatRow[]> {
  const { rows } = await heavyWork(() => run<StatRow>(pool, statsSql(options)));
  return rows;
}

export type RankingMeasure = 'VALUE' | 'CHANGE';

export interface RankingOptions {
  metric: string;
  measure: RankingMeasure;
  /** For CHANGE: only changes on this basis are compared. */
  changeBasis: ChangeBasis;
  where: Prisma.ObservationWhereInput;
  direction: 'ASC' | 'DESC';
  limit: number;
}

export interface RankingRow {
  observationId: number;
  subjectId: number;
  value: string;
  unit: Unit;
  rank: number;
  total: number;
}

// Each unit is ranked on its own (rank() over a partition by unit): a growth
// in percent is never ranked against one in fold, nor yuan against dollars.
export function rankingSql(options: RankingOptions): Prisma.Sql {
  const change = options.measure === 'CHANGE';
  const value = raw(change ? 'o.change_value' : 'o.value');
  const unit = raw(change ? 'o.change_unit' : 'o.unit');
  const basis = change ? sql`AND o.change_basis = ${options.changeBasis}` : empty;
  const condition = whereSql('Observation', 'o', options.where);
  const direction = raw(options.direction === 'ASC' ? 'ASC' : 'DESC');
  return sql`
WITH m AS (SELECT id FROM metric WHERE slug = ${options.metric}),
ranked AS (
  SELECT o.id, o.subject_id, ${value} AS v, ${unit}::text AS unit,
         rank() OVER (PARTITION BY ${unit} ORDER BY ${value} ${direction}) AS rank,
         row_number() OVER (PARTITION BY ${unit} ORDER BY ${value} ${direction}, o.id) AS n,
         count(*) OVER (PARTITION BY ${unit}) AS total
  FROM observation o
  WHERE o.metric_id = (SELECT id FROM m) AND ${value} IS NOT NULL ${basis} AND (${condition})
)
SELECT (SELECT count(*) FROM m)::int AS "metricFound",
       r.id AS "observationId", r.subject_id AS "subjectId", trim_scale(r.v)::text AS value, r.unit,
       r.rank::int AS rank, r.total::int AS total
FROM (SELECT 1) AS one
LEFT JOIN ranked r ON r.n <= ${options.limit}
ORDER BY r.unit, r.n`;
}

export async function observationRanking(pool: pg.Pool, options: RankingOptions): Promise<{ metricFound: boolean; rows: RankingRow[] }> {
  const { rows } = await heavyWork(() => run<RankingRow & { metricFound: number }>(pool, rankingSql(options)));
  return { metricFound: (rows[0]?.metricFound ?? 0) > 0, rows: rows.filter((r) => r.observationId !== null) };
}
