// observationStats: count, sum, extremes and average of observations per
// group, in one statement. Two rules keep sums honest when many sources
// report: by default only the claim that answers each question is counted
// (a revised figure is not added to the figure it revises), and each group
// says whether it holds two periods of one metric, subject and scope that
// overlap (2023 H1 and 2023 Q2), which a sum would count twice.
import type pg from 'pg';
import type { EntityKind, Unit } from '../generated/prisma/enums.ts';
import type { Prisma as PrismaTypes } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { type ClaimChoice, claimChosen } from './claims.ts';
import { heavyRows as runHeavy } from './statement.ts';
import { whereSql } from './where-sql.ts';
import { fitsGranularity, type Granularity } from './periods.ts';


export type StatGroup = 'METRIC' | 'SUBJECT' | 'SUBJECT_KIND' | 'PERIOD' | 'UNIT' | 'SCOPE' | 'SOURCE';
export type StatMeasure = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVERAGE';

/**
 * Each group key's columns (of the filtered rows `f`), their names in the result, and how they are
 * shown when not as grouped. Periods group and sort as dates (ISO text sorts the same), so the
 * index on (metric_id, period_start, period_end) delivers the groups in order and a page stops early.
 */
const GROUP_COLUMNS: Record<StatGroup, Array<[column: string, name: string, shown?: string]>> = {
  METRIC: [['f.metric_id', 'metricId']],
  SUBJECT: [['f.subject_id', 'subjectId']],
  SUBJECT_KIND: [['f.subject_kind', 'subjectKind']],
  PERIOD: [
    ['f.period_start', 'periodStart', 'f.period_start::text'],
    ['f.period_end', 'periodEnd', 'f.period_end::text'],
    ['f.period_label', 'periodLabel'],
  ],
  UNIT: [['f.unit::text', 'unit']],
  SCOPE: [['f.scope_id', 'scopeId']],
  SOURCE: [['f.source_id', 'sourceId']],
};

const MEASURE_ORDER: Record<StatMeasure, string> = {
  COUNT: 'count(*)',
  SUM: 'sum(f.value)',
  MIN: 'min(f.value)',
  MAX: 'max(f.value)',
  AVERAGE: 'avg(f.value)',
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
  /** Two overlapping periods of one metric, subject and scope in the group, e.g. "import-export-value of beijing: 2023 H1 and 2023 Q2"; null if none. */
  overlap: string | null;
}

export interface StatOptions {
  where: PrismaTypes.ObservationWhereInput;
  groupBy: readonly StatGroup[];
  orderBy?: { measure: StatMeasure | 'GROUP'; direction: 'ASC' | 'DESC' } | null;
  limit: number;
  /** ANSWERS: one value per question, the claim that answers (the default); ALL: every source's. */
  claims: ClaimChoice;
  /** Only periods of this granularity. */
  granularity?: Granularity | null;
}

export async function observationStats(pool: pg.Pool, { where, groupBy, orderBy, limit, claims, granularity }: StatOptions): Promise<StatRow[]> {
  const grouped = new Set(groupBy);
  const groups = [...grouped].flatMap((g) => GROUP_COLUMNS[g]);
  const groupExprs = groups.map(([expr]) => Prisma.raw(expr));
  const select = groups.map(([expr, name, shown]) => Prisma.raw(`${shown ?? expr} AS "${name}", `));
  const direction = orderBy?.direction === 'DESC' ? 'DESC' : 'ASC';
  const order =
    orderBy && orderBy.measure !== 'GROUP'
      ? [Prisma.raw(`${MEASURE_ORDER[orderBy.measure]} ${direction} NULLS LAST`), ...groups.map(([e]) => Prisma.raw(`${e} NULLS LAST`))]
      : groups.map(([e]) => Prisma.raw(`${e} ${direction} NULLS LAST`));
  // Overlaps are looked for within each group, per metric, subject and scope: sorted by start,
  // a set of periods overlaps somewhere exactly when two neighbours do.
  const partition = Prisma.join([...groupExprs.map((e) => Prisma.sql`${e}`), Prisma.raw('f.metric_id, f.subject_id, f.scope_id')]);
  // A group that pins the period holds, per metric, subject and scope, the claims of one question:
  // when only the answering claim counts there is one, so nothing can overlap and the window is skipped.
  const overlapPossible = !(grouped.has('PERIOD') && claims === 'ANSWERS');
  const windowed = Prisma.sql`,
    f AS (
      SELECT f.*, lag(f.period_end) OVER w AS previous_end, lag(f.period_label) OVER w AS previous_label
      FROM chosen f
      WINDOW w AS (PARTITION BY ${partition} ORDER BY f.period_start, f.period_end, f.id)
    )`;
  const overlap = overlapPossible
    ? Prisma.sql`min(CASE WHEN f.period_start <= f.previous_end THEN
                 (SELECT m.slug FROM metric m WHERE m.id = f.metric_id) || ' of ' || (SELECT e.slug FROM entity e WHERE e.id = f.subject_id)
                 || ': ' || f.previous_label || ' and ' || f.period_label END)`
    : Prisma.sql`NULL::text`;
  const query = Prisma.sql`
    WITH chosen AS (
      SELECT o.id, o.metric_id, o.subject_id, o.scope_id, o.source_id, o.unit, o.value, o.period_start, o.period_end, o.period_label,
             ${grouped.has('SUBJECT_KIND') ? Prisma.sql`(SELECT s.kind::text FROM entity s WHERE s.id = o.subject_id)` : Prisma.sql`NULL::text`} AS subject_kind
      FROM observation o
      WHERE (${whereSql('Observation', 'o', where)}) AND ${claimChosen(claims, 'o')}
        ${granularity ? Prisma.sql`AND ${fitsGranularity(granularity, 'o')}` : Prisma.empty}
    )${overlapPossible ? windowed : Prisma.empty}
    SELECT ${select.length ? Prisma.join(select, '') : Prisma.empty}
           count(*)::int AS count,
           trim_scale(sum(f.value))::text AS sum,
           trim_scale(min(f.value))::text AS min,
           trim_scale(max(f.value))::text AS max,
           trim_scale(round(avg(f.value), 6))::text AS average,
           ${grouped.has('UNIT') ? Prisma.sql`ARRAY[f.unit::text]` : Prisma.sql`array_agg(DISTINCT f.unit::text ORDER BY f.unit::text)`} AS units,
           ${overlap} AS overlap
    FROM ${overlapPossible ? Prisma.raw('f') : Prisma.raw('chosen f')}
    ${groupExprs.length ? Prisma.sql`GROUP BY ${Prisma.join(groupExprs)}` : Prisma.empty}
    ${order.length ? Prisma.sql`ORDER BY ${Prisma.join(order)}` : Prisma.empty}
    LIMIT ${limit}`;
  return runHeavy<StatRow>(pool, query);
}
