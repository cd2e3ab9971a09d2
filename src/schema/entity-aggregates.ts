// Ordering and filtering entities by aggregates of what is related to them:
// the count of their relations of some predicates, or the latest (or one
// period's) answering value of a metric. The page is one statement
// (src/sql/entity-aggregates.ts), its rows a second, selected as asked.
import { createHash } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import type { Entity } from '../generated/prisma/client.ts';
import { aggregateCount, aggregatePage, type EntityAggregate, type Threshold } from '../sql/entity-aggregates.ts';
import { builder, type Context, type Types } from './builder.ts';
import { DirectionEnum, PredicateEnum, UnitEnum } from './enums.ts';
import { BadInputError } from '../domain/errors.ts';
import { rootPage } from './loaders.ts';
import { connectionOf, type Ordering, type Page } from './pagination.ts';
import { GranularityEnum } from './periods.ts';
import { columnOf } from '../sql/columns.ts';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { CONNECTION_ITEMS } from './selection.ts';

const relationFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  predicates: t.field({ type: [PredicateEnum], description: 'Only relations of these predicates (all when omitted).' }),
  direction: t.field({ type: DirectionEnum, defaultValue: 'BOTH', description: 'Relations where the entity is the subject (OUTGOING), the object (INCOMING), or either.' }),
});

const metricFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  metric: t.string({ required: true, description: 'Slug of the metric, e.g. "import-export-value".' }),
  periodLabel: t.string({ description: 'The value for this period (e.g. "2023"); the latest period\'s when omitted (the longest of those ending last).' }),
  granularity: t.field({ type: GranularityEnum, description: 'Only periods of this granularity, e.g. YEAR: the latest year\'s value.' }),
  unit: t.field({ type: UnitEnum, description: 'Only values in this unit.' }),
});

export const RelationCountInput = builder.inputType('RelationCountOf', {
  description: 'Which relations of an entity to count.',
  fields: (t) => relationFields(t),
});

export const MetricValueInput = builder.inputType('MetricValueOf', {
  description: 'Which value of a metric reported about an entity: the claim that answers for the latest period, or for one period.',
  fields: (t) => metricFields(t),
});

const RelationCountThreshold = builder.inputType('RelationCountThreshold', {
  description: 'Entities whose count of some relations lies within bounds.',
  fields: (t) => ({
    ...relationFields(t),
    gt: t.int({ description: 'More than.' }),
    gte: t.int({ description: 'At least.' }),
    lt: t.int({ description: 'Fewer than.' }),
    lte: t.int({ description: 'At most.' }),
    equals: t.int({ description: 'Exactly.' }),
  }),
});

const MetricValueThreshold = builder.inputType('MetricValueThreshold', {
  description: 'Entities whose value of a metric lies within bounds; entities without the value never pass.',
  fields: (t) => ({
    ...metricFields(t),
    gt: t.field({ type: 'Decimal', description: 'Greater than.' }),
    gte: t.field({ type: 'Decimal', description: 'At least.' }),
    lt: t.field({ type: 'Decimal', description: 'Less than.' }),
    lte: t.field({ type: 'Decimal', description: 'At most.' }),
    equals: t.field({ type: 'Decimal', description: 'Exactly.' }),
  }),
});

export const EntityHaving = builder.inputType('EntityHaving', {
  description: 'Thresholds on aggregates of what is related to an entity; every one must hold.',
  fields: (t) => ({
    relationCount: t.field({ type: [RelationCountThreshold], description: 'Bounds on counts of relations.' }),
    metricValue: t.field({ type: [MetricValueThreshold], description: 'Bounds on values of metrics.' }),
  }),
});

export interface AggregateOrderArgs {
  field: string;
  direction?: 'ASC' | 'DESC' | null;
  relations?: EntityAggregateInput['relationCount'] | null;
  metricValue?: EntityAggregateInput['metricValue'] | null;
}
type EntityAggregateInput = { relationCount: Extract<EntityAggregate, { relationCount: unknown }>['relationCount']; metricValue: Extract<EntityAggregate, { metricValue: unknown }>['metricValue'] };
export interface HavingArgs {
  relationCount?: Array<EntityAggregateInput['relationCount'] & Bounds> | null;
  metricValue?: Array<EntityAggregateInput['metricValue'] & Bounds> | null;
}
type Bounds = Pick<Threshold, 'gt' | 'gte' | 'lt' | 'lte' | 'equals'>;

/** The aggregate an order names, or null for an order by the entity's own columns. */
function aggregateOfOrder(order: AggregateOrderArgs | null | undefined): EntityAggregate | null {
  if (order?.field === 'RELATION_COUNT') return { relationCount: order.relations ?? {} };
  if (order?.field === 'METRIC_VALUE') {
    if (!order.metricValue) throw new BadInputError('ordering by METRIC_VALUE needs "metricValue" (which metric, and optionally which period)', { argument: 'orderBy' });
    return { metricValue: order.metricValue };
  }
  return null;
}

/** The keyset ordering of an aggregate order (its spec is baked into the cursor's name), or null. */
export function aggregateOrdering(order: AggregateOrderArgs | null | undefined): Ordering | null {
  const aggregate = aggregateOfOrder(order);
  if (!aggregate) return null;
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  const spec = createHash('sha256').update(JSON.stringify(aggregate)).digest('base64url').slice(0, 12);
  return {
    name: `entity-aggregate-${spec}-${direction}`,
    keys: [
      { field: 'aggregate', direction, type: 'metricValue' in aggregate ? 'decimal' : 'int', nullable: true },
      { field: 'id', direction, type: 'int' },
    ],
  };
}

const CASTS = { int: 'int', text: 'text', date: 'timestamptz', decimal: 'numeric', float: 'float8' } as const;

/**
 * A root entity connection's page: by the entity's own columns through Prisma
 * when no aggregate orders or filters it, else one statement for the page and
 * one for its rows.
 */
export async function entityPage(
  ctx: Context,
  info: GraphQLResolveInfo,
  page: Page,
  where: Record<string, unknown>,
  args: { orderBy?: AggregateOrderArgs | null; having?: HavingArgs | null },
  plan: { typeName?: string } = {},
) {
  const aggregate = aggregateOfOrder(args.orderBy);
  const thresholds: Threshold[] = [
    ...(args.having?.relationCount ?? []).map(({ gt, gte, lt, lte, equals, ...relationCount }) => ({ aggregate: { relationCount }, gt, gte, lt, lte, equals })),
    ...(args.having?.metricValue ?? []).map(({ gt, gte, lt, lte, equals, ...metricValue }) => ({ aggregate: { metricValue }, gt, gte, lt, lte, equals })),
  ];
  if (!aggregate && !thresholds.length) return rootPage<Entity>(ctx, info, 'entity', page, where, plan);
  const options = {
    where,
    order: aggregate ? { aggregate, direction: page.ordering.keys[0]!.direction } : null,
    thresholds,
    after: page.after,
    before: page.before,
    backward: page.backward,
    take: page.take,
    // The entity's own columns order the page only when no aggregate does.
    fallback: aggregate ? [] : page.ordering.keys.map((k) => ({ column: columnOf('Entity', k.field), direction: k.direction, cast: CASTS[k.type] })),
  };
  const found = await aggregatePage(ctx.pool, options);
  const query = queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS, ...plan }) as object;
  const loaded = found.length ? await ctx.prisma.entity.findMany({ ...query, where: { id: { in: found.map((r) => r.id) } } } as never) : [];
  const byId = new Map((loaded as Entity[]).map((e) => [e.id, e]));
  const rows = found.flatMap((r) => {
    const entity = byId.get(r.id);
    return entity ? [{ ...entity, aggregate: r.aggregate, entity }] : [];
  });
  return { ...connectionOf(rows, page, (r) => r.entity), totalCount: () => aggregateCount(ctx.pool, options) };
}
