// Series: the values of a metric of a subject over time, one point per
// calendar period of a granularity, from the first period any source reports
// to the last, each point the claim that answers for its period, or a gap.
// One statement for any number of subjects (Entity.series batches them).
import type pg from 'pg';
import type { Unit } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { claimChosen } from './claims.ts';
import { heavyRows as runHeavy } from './statement.ts';
import { fitsGranularity, type Granularity } from './periods.ts';
import { LIMITS } from '../limits.ts';


export interface SeriesOptions {
  subjectIds: readonly number[];
  /** One metric, or every metric of the subjects. */
  metric?: string | null;
  granularity: Granularity;
  /** Only periods starting on or after `from` and ending on or before `to`. */
  from?: string | null;
  to?: string | null;
  /** Only values in this unit. */
  unit?: Unit | null;
}

export interface SeriesPointRow {
  subjectId: number;
  metricId: number;
  scopeId: number | null;
  unit: Unit;
  /** The series' place among its subject's series (1, 2, ...). */
  seriesNo: number;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  observationId: number | null;
  value: string | null;
}

export async function seriesPoints(pool: pg.Pool, options: SeriesOptions): Promise<SeriesPointRow[]> {
  const g = options.granularity;
  const step = Prisma.sql`analytics.series_step(${g}::text)`;
  const conditions = [
    Prisma.sql`o.subject_id = ANY (${options.subjectIds}::int[])`,
    fitsGranularity(g, 'o'),
    ...(options.metric ? [Prisma.sql`o.metric_id = (SELECT id FROM metric WHERE slug = ${options.metric})`] : []),
    ...(options.from ? [Prisma.sql`o.period_start >= ${options.from}::date`] : []),
    ...(options.to ? [Prisma.sql`o.period_end <= ${options.to}::date`] : []),
    ...(options.unit ? [Prisma.sql`o.unit = ${options.unit}::unit`] : []),
  ];
  return runHeavy<SeriesPointRow>(
    pool,
    Prisma.sql`
      WITH answers AS (
        SELECT o.id, o.metric_id, o.subject_id, o.scope_id, o.unit, o.value, o.period_start, o.period_end, o.period_label,
               analytics.series_slot(${g}::text, o.period_start, o.period_end) AS slot
        FROM observation o
        WHERE ${claimChosen('ANSWERS', 'o')} AND ${Prisma.join(conditions, ' AND ')}
      ),
      series AS (
        SELECT metric_id, subject_id, scope_id, unit, min(slot) AS first_slot, max(slot) AS last_slot,
               row_number() OVER (PARTITION BY subject_id ORDER BY metric_id, scope_id NULLS FIRST, unit) AS series_no
        FROM answers GROUP BY metric_id, subject_id, scope_id, unit
      ),
      points AS (
        SELECT se.*, slot.at::date AS slot,
               row_number() OVER (PARTITION BY se.subject_id, se.series_no ORDER BY slot.at DESC) AS from_last
        FROM series se
        CROSS JOIN LATERAL generate_series(se.first_slot, se.last_slot, make_interval(months => ${step})) AS slot(at)
        WHERE se.series_no <= ${LIMITS.series}
      ),
      framed AS (
        SELECT p.*, CASE WHEN ${g}::text = 'YEAR_TO_DATE' THEN date_trunc('year', p.slot)::date ELSE p.slot END AS slot_start,
               (p.slot + make_interval(months => ${step}) - interval '1 day')::date AS slot_end
        FROM points p WHERE p.from_last <= ${LIMITS.seriesPoints}
      )
      SELECT f.subject_id AS "subjectId", f.metric_id AS "metricId", f.scope_id AS "scopeId", f.unit::text AS unit,
             f.series_no::int AS "seriesNo",
             coalesce(a.period_start, f.slot_start)::text AS "periodStart",
             coalesce(a.period_end, f.slot_end)::text AS "periodEnd",
             coalesce(a.period_label, analytics.period_label(f.slot_start, f.slot_end)) AS "periodLabel",
             a.id AS "observationId", trim_scale(a.value)::text AS value
      FROM framed f
      LEFT JOIN answers a ON a.metric_id = f.metric_id AND a.subject_id = f.subject_id AND a.scope_id IS NOT DISTINCT FROM f.scope_id
                         AND a.unit = f.unit AND a.slot = f.slot
      ORDER BY f.subject_id, f.series_no, f.slot`,
  );
}
