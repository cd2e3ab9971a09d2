// Metrics and observations: the numbers of the graph. A value is an exact
// decimal with its unit and period; the change a source reports for it is an
// object of its own; every observation carries the quote that states it.
import { asOfArg } from './as-of.ts';
import type { ArgBuilder } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Metric, Observation, Prisma } from '../generated/prisma/client.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import { builder, type Context, type Types } from './builder.ts';
import { EntityInterface } from './entity.ts';
import { ChangeBasisEnum, EntityKindEnum, SortDirectionEnum, UnitEnum, UnitKindEnum } from './enums.ts';
import { MetricFilter, type MetricFilterInput, metricWhere, ObservationFilter, type ObservationFilterInput, observationWhereOf } from './filters/index.ts';
import { disputedObservationIds } from '../sql/claims.ts';
import { observationPagesSql } from '../sql/nested-pages.ts';
import { factItemsOf, rootFactPage } from './fact-rows.ts';
import { nestedConnection, rootPage } from './loaders.ts';
import { allOf, type ConnectionArgs, type Ordering, pageOf } from './pagination.ts';
import { SourceNode } from './source.ts';

export const Period = builder.objectRef<Pick<Observation, 'periodStart' | 'periodEnd' | 'periodLabel'>>('Period').implement({
  description: 'The closed date range a value covers, e.g. 2023-01-01 to 2023-07-31 ("2023 Jan-Jul").',
  fields: (t) => ({
    start: t.field({ type: 'Date', description: 'First day of the period.', resolve: (o) => o.periodStart }),
    end: t.field({ type: 'Date', description: 'Last day of the period (inclusive).', resolve: (o) => o.periodEnd }),
    label: t.string({ description: 'How the period is called, e.g. "2023 H1" or "as of 2023-08-17".', resolve: (o) => o.periodLabel }),
  }),
});

type ChangeShape = Pick<Observation, 'changeBasis' | 'changeValue' | 'changeUnit' | 'changeBenchmark'>;

const ReportedChange = builder.objectRef<ChangeShape>('ReportedChange').implement({
  description:
    'The change a source reports for a value, kept apart from the value: e.g. +33.5 PERCENT YEAR_ON_YEAR, 11.6 FOLD, or +3.4 PERCENTAGE_POINT VERSUS_BENCHMARK "national average growth rate".',
  fields: (t) => ({
    basis: t.field({ type: ChangeBasisEnum, description: 'What the change compares with.', resolve: (c) => c.changeBasis! }),
    value: t.field({ type: 'Decimal', description: 'Exact change, e.g. "33.5".', resolve: (c) => c.changeValue! }),
    valueFloat: t.float({ description: 'The change as a float, for charts; use `value` for arithmetic.', resolve: (c) => Number(c.changeValue) }),
    unit: t.field({ type: UnitEnum, description: 'PERCENT, PERCENTAGE_POINT or FOLD.', resolve: (c) => c.changeUnit! }),
    benchmark: t.string({ nullable: true, description: 'What a VERSUS_BENCHMARK change compares with.', resolve: (c) => c.changeBenchmark }),
  }),
});

export const MetricNode = builder.prismaNode('Metric', {
  description: 'Something measured, e.g. import and export value or inbound and outbound flights.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable identifier, e.g. "import-export-value".' }),
    name: t.exposeString('name', { description: 'Human-readable name.' }),
    description: t.exposeString('description', { nullable: true, description: 'What exactly is measured.' }),
    unitKind: t.expose('unitKind', { type: UnitKindEnum, description: 'The kind of quantity, which fixes the units its values may have.' }),
  }),
});

export const ObservationNode = builder.prismaNode('Observation', {
  description: 'One reported number: a metric of a subject over a period, with its unit, the change reported for it, and the quote that states it.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: Number(id) }),
  nullable: true,
  fields: (t) => ({
    metric: t.relation('metric', { description: 'What is measured.' }),
    subject: t.relation('subject', { description: 'What the number is about.' }),
    scope: t.relation('scope', { nullable: true, description: 'Where it was measured, when the subject is not a place (e.g. exports of a product from Beijing).' }),
    statedBy: t.relation('statedBy', { nullable: true, description: 'Who stated the figure, when the source attributes it.' }),
    value: t.expose('value', { type: 'Decimal', description: 'The exact value in base units, e.g. "73330000000" for 73.33 billion yuan.' }),
    valueFloat: t.float({ description: 'The value as a float, for charts; use `value` for arithmetic.', resolve: (o) => Number(o.value) }),
    unit: t.expose('unit', { type: UnitEnum, description: 'The unit of `value`.' }),
    period: t.field({ type: Period, description: 'The date range the value covers.', resolve: (o) => o }),
    change: t.field({
      type: ReportedChange,
      nullable: true,
      description: 'The change the source reports for this value, if any.',
      resolve: (o) => (o.changeBasis ? o : null),
    }),
    note: t.exposeString('note', { nullable: true, description: "Curator's note, e.g. how an ambiguity of the source was read." }),
    evidence: t.relation('evidence', { description: 'The passage of the source that states the number.' }),
    source: t.relation('source', { description: 'The source that states the number (that of its evidence).' }),
  }),
});

// Filtering and ordering, shared by every observations connection.
const DateRange = builder.inputType('PeriodFilter', {
  description: 'Observations whose period lies within [from, to], and/or has this label.',
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Earliest period start.' }),
    to: t.field({ type: 'Date', description: 'Latest period end.' }),
    label: t.string({ description: 'Exact period label, e.g. "2023 Jan-Jul".' }),
  }),
});

const ObservationOrderField = builder.enumType('ObservationOrderField', {
  description: 'What to order observations by.',
  values: {
    PERIOD_START: { description: 'By the start of the period.' },
    PERIOD_END: { description: 'By the end of the period.' },
    VALUE: { description: 'By value (compare like units only).' },
    CHANGE_VALUE: { description: 'By the reported change; observations without one come last.' },
  } as const,
});

const ObservationOrder = builder.inputType('ObservationOrder', {
  description: 'How to order observations.',
  fields: (t) => ({
    field: t.field({ type: ObservationOrderField, required: true, description: 'The key to order by; ties are broken by ID.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'DESC', description: 'Largest or latest first (DESC) or smallest first (ASC).' }),
  }),
});

interface ObservationArgs extends ConnectionArgs {
  metrics?: string[] | null;
  subjects?: string[] | null;
  subjectKinds?: EntityKind[] | null;
  period?: { from?: Date | null; to?: Date | null; label?: string | null } | null;
  hasChange?: boolean | null;
  units?: Array<Observation['unit']> | null;
  filter?: ObservationFilterInput | null;
  disputed?: boolean | null;
  orderBy?: { field: 'PERIOD_START' | 'PERIOD_END' | 'VALUE' | 'CHANGE_VALUE'; direction?: 'ASC' | 'DESC' | null } | null;
  includeRetracted?: boolean | null;
}

export function observationWhere(args: ObservationArgs): Prisma.ObservationWhereInput {
  const and: Prisma.ObservationWhereInput[] = [];
  if (args.metrics?.length) and.push({ metric: { slug: { in: args.metrics } } });
  if (args.subjects?.length) and.push({ subject: { slug: { in: args.subjects } } });
  if (args.subjectKinds?.length) and.push({ subject: { kind: { in: args.subjectKinds } } });
  if (args.units?.length) and.push({ unit: { in: args.units } });
  if (args.period?.from) and.push({ periodStart: { gte: args.period.from } });
  if (args.period?.to) and.push({ periodEnd: { lte: args.period.to } });
  if (args.period?.label) and.push({ periodLabel: args.period.label });
  if (args.hasChange === true) and.push({ changeBasis: { not: null } });
  if (args.hasChange === false) and.push({ changeBasis: null });
  if (args.filter) and.push(observationWhereOf(args.filter));
  return allOf<Prisma.ObservationWhereInput>(...and);
}

/**
 * The `where` of the arguments, with `disputed` as the IDs of the disputed
 * claims: read once per request (one statement), whatever the number of
 * connections or parents that ask.
 */
async function observationWhereIn(ctx: Context, args: ObservationArgs): Promise<Prisma.ObservationWhereInput> {
  const where = observationWhere(args);
  if (args.disputed === null || args.disputed === undefined) return where;
  let disputed = ctx.loaders.get('disputed-observations') as Promise<number[]> | undefined;
  if (!disputed) ctx.loaders.set('disputed-observations', (disputed = disputedObservationIds(ctx.pool)));
  const ids = await disputed;
  return allOf<Prisma.ObservationWhereInput>(where, { id: args.disputed ? { in: ids } : { notIn: ids } });
}

export function observationOrdering(order: ObservationArgs['orderBy']): Ordering {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  const [field, type] = (
    { PERIOD_START: ['periodStart', 'date'], PERIOD_END: ['periodEnd', 'date'], VALUE: ['value', 'decimal'], CHANGE_VALUE: ['changeValue', 'decimal'] } as const
  )[order?.field ?? 'PERIOD_START'];
  return {
    name: `observation-${field}-${direction}`,
    keys: [{ field, direction, type, nullable: field === 'changeValue' }, { field: 'id', direction, type: 'int' }],
  };
}

const observationFilterArgs = (t: ArgBuilder<Types>) => ({
  metrics: t.stringList({ description: 'Only these metrics (slugs).' }),
  subjects: t.stringList({ description: 'Only observations of these subjects (slugs).' }),
  subjectKinds: t({ type: [EntityKindEnum], description: 'Only observations whose subject is of these kinds.' }),
  period: t({ type: DateRange, description: 'Only observations whose period lies within a range, or has a label.' }),
  hasChange: t.boolean({ description: 'Only observations that report a change (true) or that do not (false).' }),
  units: t({ type: [UnitEnum], description: 'Only values in these units.' }),
  filter: t({ type: ObservationFilter, description: 'Only observations matching this filter (combined with the arguments above).' }),
  disputed: t.boolean({ description: 'Only claims that another source contradicts for the same metric, subject, scope and period (true), or that none does (false).' }),
  orderBy: t({ type: ObservationOrder, description: 'Default: newest period first.' }),
  includeRetracted: t.boolean({ defaultValue: false, description: 'Also the retracted observations, each with its `retraction` (when, by whom, why).' }),
});

const ObservationConnection = builder.connectionObject({ type: ObservationNode, name: 'ObservationConnection' });


/**
 * One page of a parent's observations (`parentField` names the parent:
 * subject, metric or source), with the same filters as the root connection.
 */
async function loadObservations(parentField: 'subjectId' | 'metricId' | 'sourceId', parent: object, args: ObservationArgs, ctx: Context, info: GraphQLResolveInfo) {
  const page = pageOf(args, observationOrdering(args.orderBy));
  const where = await observationWhereIn(ctx, args);
  return nestedConnection<Observation>(ctx, info, (parent as { id: number }).id, args, {
    page,
    statement: (parentIds, counted) => observationPagesSql({ parentIds, cut: page, counted, includeRetracted: args.includeRetracted }, parentField, where),
    load: factItemsOf<Observation>(ctx, 'Observation', args.includeRetracted),
  });
}

builder.prismaInterfaceField(EntityInterface, 'observations', (t) =>
  t.connection(
    {
      type: ObservationNode,
      description: 'Numbers reported about this entity.',
      args: observationFilterArgs(t.arg),
      resolve: (entity, args, ctx, info) => loadObservations('subjectId', entity, args, ctx, info),
    },
    ObservationConnection,
  ),
);

builder.prismaObjectField(MetricNode, 'observations', (t) =>
  t.connection(
    {
      type: ObservationNode,
      description: 'Every reported value of this metric.',
      args: observationFilterArgs(t.arg),
      resolve: (metric, args, ctx, info) => loadObservations('metricId', metric, args, ctx, info),
    },
    ObservationConnection,
  ),
);

builder.prismaObjectField(SourceNode, 'observations', (t) =>
  t.connection(
    {
      type: ObservationNode,
      description: 'Every number this source states.',
      args: observationFilterArgs(t.arg),
      resolve: (source, args, ctx, info) => loadObservations('sourceId', source, args, ctx, info),
    },
    ObservationConnection,
  ),
);

const MetricOrderField = builder.enumType('MetricOrderField', {
  description: 'What to order metrics by.',
  values: { NAME: { description: 'By name, then by ID.' }, SLUG: { description: 'By slug.' } } as const,
});

const MetricOrder = builder.inputType('MetricOrder', {
  description: 'How to order a list of metrics.',
  fields: (t) => ({
    field: t.field({ type: MetricOrderField, required: true, description: 'The key to order by; ties are broken by ID.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'Smallest first (ASC) or largest first (DESC).' }),
  }),
});

export function metricOrdering(order: { field: 'NAME' | 'SLUG'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Ordering {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  return order?.field === 'SLUG'
    ? { name: `metric-slug-${direction}`, keys: [{ field: 'slug', direction, type: 'text' }] }
    : {
        name: direction === 'asc' ? 'metric' : 'metric-name-desc',
        keys: [
          { field: 'name', direction, type: 'text' },
          { field: 'id', direction, type: 'int' },
        ],
      };
}

builder.queryFields((t) => ({
  metric: t.prismaField({
    type: MetricNode,
    nullable: true,
    description: 'A metric by its slug, e.g. "import-export-value".',
    args: { slug: t.arg.string({ required: true, description: 'The metric\'s slug.' }), ...asOfArg(t.arg) },
    resolve: (query, _root, { slug }, ctx) => ctx.prisma.metric.findUnique({ ...query, where: { slug } }),
  }),
  metrics: t.connection(
    {
      type: MetricNode,
      description: 'Every metric, or those matching a filter, by name unless told otherwise.',
      args: {
        filter: t.arg({ type: MetricFilter, description: 'Only metrics matching this filter.' }),
        orderBy: t.arg({ type: MetricOrder, description: 'Default: by name.' }),
        ...asOfArg(t.arg),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = pageOf(args, metricOrdering(args.orderBy));
        const where = args.filter ? metricWhere(args.filter as MetricFilterInput) : {};
        return rootPage<Metric>(ctx, info, 'metric', page, where);
      },
    },
    { name: 'MetricConnection' },
  ),
  observations: t.connection(
    {
      type: ObservationNode,
      description: 'Every reported number, filtered and ordered as asked (newest period first by default).',
      args: {
        ...observationFilterArgs(t.arg),
        ...asOfArg(t.arg),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = pageOf(args, observationOrdering(args.orderBy));
        const where = await observationWhereIn(ctx, args);
        if (args.includeRetracted) return rootFactPage<Observation>(ctx, info, 'Observation', page, where);
        return rootPage<Observation>(ctx, info, 'observation', page, where);
      },
    },
    ObservationConnection,
  ),
}));
