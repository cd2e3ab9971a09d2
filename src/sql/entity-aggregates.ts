// Entities ordered and filtered by aggregates of what is related to them:
// how many relations of some predicates they have, or the latest (or one
// period's) answering value of a metric. One statement computes the
// aggregates, applies the thresholds and cuts the keyset page.
import type pg from 'pg';
import type { Predicate, Unit } from '../generated/prisma/enums.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { claimChosen } from './claims.ts';
import { rows as run } from './statement.ts';
import { whereSql } from './where-sql.ts';
import { beyond, type KeysetKey, orderOf } from './keyset.ts';
import { fitsGranularity, type Granularity } from './periods.ts';

export type EntityAggregate =
  | { relationCount: { predicates?: Predicate[] | null; direction?: 'OUTGOING' | 'INCOMING' | 'BOTH' | null } }
  | { metricValue: { metric: string; periodLabel?: string | null; granularity?: Granularity | null; unit?: Unit | null } };

export interface Threshold {
  aggregate: EntityAggregate;
  gt?: string | number | null;
  gte?: string | number | null;
  lt?: string | number | null;
  lte?: string | number | null;
  equals?: string | number | null;
}

/** The aggregate of entity `e` as a scalar subquery. */
export function aggregateOf(aggregate: EntityAggregate): Prisma.Sql {
  if ('relationCount' in aggregate) {
    const { predicates, direction } = aggregate.relationCount;
    const only = predicates?.length ? Prisma.sql`AND r.predicate = ANY (${predicates}::predicate[])` : Prisma.empty;
    const outgoing = Prisma.sql`(SELECT count(*) FROM relation r WHERE r.subject_id = e.id ${only})`;
    const incoming = Prisma.sql`(SELECT count(*) FROM relation r WHERE r.object_id = e.id ${only})`;
    const count = direction === 'OUTGOING' ? outgoing : direction === 'INCOMING' ? incoming : Prisma.sql`${outgoing} + ${incoming}`;
    return Prisma.sql`(${count})::int`;
  }
  return Prisma.sql`(${latestClaimSql(aggregate.metricValue, Prisma.sql`o.value`)})`;
}

type MetricValueOf = Extract<EntityAggregate, { metricValue: unknown }>['metricValue'];

/** The answering claim of entity `e` for the latest period (the longest of those ending last), or of the period asked for: `columns` of it. */
function latestClaimSql({ metric, periodLabel, granularity, unit }: MetricValueOf, columns: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT ${columns} FROM observation o
    WHERE o.subject_id = e.id AND o.metric_id = (SELECT id FROM metric WHERE slug = ${metric}) AND ${claimChosen('ANSWERS', 'o')}
      ${periodLabel ? Prisma.sql`AND o.period_label = ${periodLabel}` : Prisma.empty}
      ${granularity ? Prisma.sql`AND ${fitsGranularity(granularity, 'o')}` : Prisma.empty}
      ${unit ? Prisma.sql`AND o.unit = ${unit}::unit` : Prisma.empty}
    ORDER BY o.period_end DESC, o.period_start ASC, o.id DESC LIMIT 1`;
}

const COMPARISONS = { gt: '>', gte: '>=', lt: '<', lte: '<=', equals: '=' } as const;

function thresholdSql(column: Prisma.Sql, threshold: Threshold): Prisma.Sql[] {
  return (Object.keys(COMPARISONS) as Array<keyof typeof COMPARISONS>).flatMap((op) => {
    const bound = threshold[op];
    return bound === undefined || bound === null ? [] : [Prisma.sql`${column} ${Prisma.raw(COMPARISONS[op])} ${String(bound)}::numeric`];
  });
}

export interface AggregatePageOptions {
  /** The Prisma `where` of the entities (kind, filter). */
  where: unknown;
  order: { aggregate: EntityAggregate; direction: 'asc' | 'desc' } | null;
  thresholds: readonly Threshold[];
  /** The keyset page: cursor values of (aggregate, id) or of (id) alone when not ordered by an aggregate. */
  after: unknown[] | null;
  before: unknown[] | null;
  backward: boolean;
  take: number;
  /** The order when no aggregate orders: the entity columns of the connection's ordering. */
  fallback: Array<{ column: string; direction: 'asc' | 'desc'; cast: string }>;
}

export interface AggregateRow {
  id: number;
  aggregate: string | number | null;
  /** When ordered by a metric's value: the units of the values of every entity that passes (not only this page's). */
  units: Unit[] | null;
}

function keysOf(options: AggregatePageOptions): KeysetKey[] {
  const id: KeysetKey = { expr: Prisma.raw('x.id'), direction: options.order?.direction ?? 'asc', cast: 'int' };
  if (options.order) return [{ expr: Prisma.raw('x.aggregate'), direction: options.order.direction, nullable: true, cast: 'numeric' }, id];
  return options.fallback.map((k) => ({ expr: Prisma.raw(`x.${k.column}`), direction: k.direction, cast: k.cast }));
}

function filteredSql(options: AggregatePageOptions): Prisma.Sql {
  const order = options.order?.aggregate;
  // A metric's value comes with its unit (one lateral read of the claim), so that mixed units can be refused.
  const [aggregate, joined] =
    order && 'metricValue' in order
      ? [Prisma.sql`m.value AS aggregate, m.unit AS aggregate_unit`, Prisma.sql`LEFT JOIN LATERAL (${latestClaimSql(order.metricValue, Prisma.sql`o.value, o.unit`)}) AS m ON TRUE`]
      : [Prisma.sql`${order ? aggregateOf(order) : Prisma.sql`NULL::numeric`} AS aggregate, NULL::unit AS aggregate_unit`, Prisma.empty];
  const columns = [Prisma.sql`e.*`, aggregate, ...options.thresholds.map((t, i) => Prisma.sql`${aggregateOf(t.aggregate)} AS ${Prisma.raw(`t${i}`)}`)];
  const conditions = options.thresholds.flatMap((t, i) => thresholdSql(Prisma.raw(`x.t${i}`), t));
  return Prisma.sql`(SELECT ${Prisma.join(columns)} FROM entity e ${joined} WHERE ${whereSql('Entity', 'e', options.where)}) AS x
    WHERE ${conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`}`;
}

/** One page of entity IDs (with their aggregate, and the units of a metric's values), in one statement. */
export async function aggregatePage(pool: pg.Pool, options: AggregatePageOptions): Promise<AggregateRow[]> {
  const keys = keysOf(options);
  const cuts = [
    ...(options.after ? [beyond(keys, options.after, true)] : []),
    ...(options.before ? [beyond(keys, options.before, false)] : []),
  ];
  const byMetric = options.order && 'metricValue' in options.order.aggregate;
  return run<AggregateRow>(
    pool,
    Prisma.sql`WITH x AS (SELECT x.* FROM ${filteredSql(options)})
      SELECT x.id, ${byMetric ? Prisma.sql`trim_scale(x.aggregate)::text` : Prisma.sql`x.aggregate`} AS aggregate,
        ${byMetric ? Prisma.sql`(SELECT array_agg(DISTINCT u.aggregate_unit::text ORDER BY u.aggregate_unit::text) FROM x u WHERE u.aggregate_unit IS NOT NULL)` : Prisma.sql`NULL::text[]`} AS units
      FROM x ${cuts.length ? Prisma.sql`WHERE ${Prisma.join(cuts, ' AND ')}` : Prisma.empty}
      ORDER BY ${orderOf(keys, options.backward)} LIMIT ${options.take}`,
  );
}

/** How many entities pass the where and the thresholds. */
export async function aggregateCount(pool: pg.Pool, options: AggregatePageOptions): Promise<number> {
  const [row] = await run<{ n: number }>(pool, Prisma.sql`SELECT count(*)::int AS n FROM ${filteredSql({ ...options, order: null })}`);
  return row!.n;
}
