// Analytics: aggregates of observations grouped as asked, and rankings of
// subjects by a value or by its reported change, computed by PostgreSQL
// (src/sql/analytics.ts). The metrics, entities and observations a result
// names are then loaded with Prisma in one statement each.
import type { Entity, Metric, Observation, Source } from '../generated/prisma/client.ts';
import type { ChangeBasis, Unit } from '../generated/prisma/enums.ts';
import {
  MAX_RANKING_ENTRIES,
  MAX_STAT_GROUPS,
  observationRanking,
  observationStats,
  type RankingRow,
  type StatGroup,
  type StatMeasure,
  type StatRow,
} from '../sql/analytics.ts';
import { checkCount } from '../domain/checks.ts';
import { builder } from './builder.ts';
import { EntityInterface } from './entity.ts';
import { loadByIds } from './loaders.ts';
import { ChangeBasisEnum, EntityKindEnum, SortDirectionEnum, UnitEnum } from './enums.ts';
import { BadInputError, NotFoundError } from '../domain/errors.ts';
import { ObservationFilter, observationWhereOf } from './filters.ts';
import { MetricNode, ObservationNode, Period } from './observation.ts';
import { selects } from './selection.ts';
import { SourceNode } from './source.ts';

const ObservationGroupByEnum = builder.enumType('ObservationGroupBy', {
  description: 'What observations are grouped by in `observationStats`.',
  values: {
    METRIC: { description: 'The metric measured.' },
    SUBJECT: { description: 'The entity the numbers are about.' },
    SUBJECT_KIND: { description: 'The kind of that entity (bonded zones, products, ...).' },
    PERIOD: { description: 'The period (start, end and label).' },
    UNIT: { description: 'The unit of the values: group by it to sum values of different units side by side.' },
    SCOPE: { description: 'Where the numbers were measured (null when not given).' },
    SOURCE: { description: 'The source that states them.' },
  } as const,
});

const ObservationStatMeasureEnum = builder.enumType('ObservationStatOrderField', {
  description: 'What observation statistics are ordered by.',
  values: {
    GROUP: { description: 'The group keys, in the order of `groupBy` (the default).' },
    COUNT: { description: 'By the number of observations in the group.' },
    SUM: { description: 'By the sum of the values.' },
    MIN: { description: 'By the smallest value.' },
    MAX: { description: 'By the largest value.' },
    AVERAGE: { description: 'By the average value.' },
  } as const,
});

const ObservationStatOrder = builder.inputType('ObservationStatOrder', {
  description: 'How to order the groups of observationStats.',
  fields: (t) => ({
    field: t.field({ type: ObservationStatMeasureEnum, required: true, description: 'The group keys or a statistic.' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC', description: 'Smallest first (ASC) or largest first (DESC).' }),
  }),
});

interface StatShape {
  row: StatRow;
  metric: Metric | null;
  subject: Entity | null;
  scope: Entity | null;
  source: Source | null;
}

const ObservationStat = builder.objectRef<StatShape>('ObservationStat').implement({
  description:
    'Aggregates of one group of observations. The group keys not asked for in `groupBy` are null. Sums, extremes and averages are only given over values of one unit.',
  fields: (t) => ({
    metric: t.field({ type: MetricNode, nullable: true, description: 'The group\'s metric, when grouped by METRIC.', resolve: (s) => s.metric }),
    subject: t.field({ type: EntityInterface, nullable: true, description: 'The group\'s subject, when grouped by SUBJECT.', resolve: (s) => s.subject }),
    subjectKind: t.field({ type: EntityKindEnum, nullable: true, description: 'The kind of the group\'s subjects, when grouped by SUBJECT_KIND.', resolve: (s) => s.row.subjectKind ?? null }),
    period: t.field({
      description: 'The group\'s period, when grouped by PERIOD.',
      type: Period,
      nullable: true,
      resolve: (s) =>
        s.row.periodStart
          ? { periodStart: new Date(`${s.row.periodStart}T00:00:00Z`), periodEnd: new Date(`${s.row.periodEnd}T00:00:00Z`), periodLabel: s.row.periodLabel! }
          : null,
    }),
    scope: t.field({ type: EntityInterface, nullable: true, description: 'The group\'s scope, when grouped by SCOPE.', resolve: (s) => s.scope }),
    source: t.field({ type: SourceNode, nullable: true, description: 'The group\'s source, when grouped by SOURCE.', resolve: (s) => s.source }),
    unit: t.field({
      type: UnitEnum,
      nullable: true,
      description: 'The unit of the values: the group key, or the one unit all values of the group share (null if they differ).',
      resolve: (s) => (s.row.units.length === 1 ? s.row.units[0]! : null),
    }),
    units: t.field({ type: [UnitEnum], description: 'Every unit among the values of the group.', resolve: (s) => s.row.units }),
    count: t.int({ description: 'How many observations the group holds.', resolve: (s) => s.row.count }),
    sum: t.field({ type: 'Decimal', nullable: true, description: 'Exact sum of the values.', resolve: (s) => s.row.sum }),
    min: t.field({ type: 'Decimal', nullable: true, description: 'The smallest value of the group (null if its units differ).', resolve: (s) => s.row.min }),
    max: t.field({ type: 'Decimal', nullable: true, description: 'The largest value of the group (null if its units differ).', resolve: (s) => s.row.max }),
    average: t.field({ type: 'Decimal', nullable: true, description: 'Mean of the values, to 6 decimal places.', resolve: (s) => s.row.average }),
  }),
});

const RankingMeasureEnum = builder.enumType('RankingMeasure', {
  description: 'What a ranking compares.',
  values: {
    VALUE: { description: 'The values themselves (e.g. export value growth in percent).' },
    CHANGE: { description: 'The change reported for each value on one basis (e.g. year-on-year growth of import and export value).' },
  } as const,
});

interface RankingShape {
  unit: Unit;
  measure: 'VALUE' | 'CHANGE';
  changeBasis: ChangeBasis | null;
  total: number;
  entries: Array<{ row: RankingRow; observation: Observation; subject: Entity }>;
}

const RankedObservation = builder.objectRef<RankingShape['entries'][number]>('RankedObservation').implement({
  description: 'A place in a ranking: the observation, its subject and the number compared.',
  fields: (t) => ({
    rank: t.int({ description: 'Place, from 1; equal numbers share a place (1, 2, 2, 4).', resolve: (e) => e.row.rank }),
    value: t.field({ type: 'Decimal', description: 'The number compared: the value, or the reported change.', resolve: (e) => e.row.value }),
    unit: t.field({ type: UnitEnum, description: 'The unit of the ranked number.', resolve: (e) => e.row.unit }),
    subject: t.field({ type: EntityInterface, description: 'What the ranked observation is about.', resolve: (e) => e.subject }),
    observation: t.field({ type: ObservationNode, description: 'The observation, with its period and evidence.', resolve: (e) => e.observation }),
  }),
});

const ObservationRanking = builder.objectRef<RankingShape>('ObservationRanking').implement({
  description: 'Observations of one metric ranked by value or by reported change, within one unit: numbers in different units are never ranked together.',
  fields: (t) => ({
    unit: t.field({ type: UnitEnum, description: 'The unit every number of this ranking is in.', resolve: (r) => r.unit }),
    measure: t.field({ type: RankingMeasureEnum, description: 'What is ranked: the value or the reported change.', resolve: (r) => r.measure }),
    changeBasis: t.field({ type: ChangeBasisEnum, nullable: true, description: 'For CHANGE: the basis of the changes compared.', resolve: (r) => r.changeBasis }),
    totalCount: t.int({ description: 'How many observations this unit ranks, over all places.', resolve: (r) => r.total }),
    entries: t.field({ type: [RankedObservation], description: 'The first places, best first.', resolve: (r) => r.entries }),
  }),
});

const AGGREGATES = ['sum', 'min', 'max', 'average'] as const;

builder.queryFields((t) => ({
  observationStats: t.field({
    type: [ObservationStat],
    description:
      'Count, sum, minimum, maximum and average of the values of the observations matching `filter`, per group, computed by PostgreSQL. Values of different units are never summed together: group by UNIT (or filter on one unit), or ask only for `count`; otherwise the query is refused.',
    args: {
      filter: t.arg({ type: ObservationFilter, description: 'Only observations matching this filter (all when omitted).' }),
      groupBy: t.arg({ type: [ObservationGroupByEnum], required: true, description: 'The group keys; an empty list gives one group of everything.' }),
      orderBy: t.arg({ type: ObservationStatOrder, description: 'Default: by the group keys.' }),
      first: t.arg.int({ defaultValue: 100, description: `Most groups to return, 1 to ${MAX_STAT_GROUPS}.` }),
    },
    resolve: async (_root, args, ctx, info) => {
      const limit = checkCount(args.first ?? 100, MAX_STAT_GROUPS, 'first');
      const groupBy = args.groupBy as StatGroup[];
      const rows = await observationStats(ctx.pool, {
        where: args.filter ? observationWhereOf(args.filter) : {},
        groupBy,
        orderBy: args.orderBy ? { measure: args.orderBy.field as StatMeasure | 'GROUP', direction: args.orderBy.direction ?? 'ASC' } : null,
        limit,
      });
      // Sums, extremes and averages (asked for, or ordered by) need one unit per group.
      const order = args.orderBy?.field ?? 'GROUP';
      const comparesValues = AGGREGATES.some((a) => selects(info, [a])) || !['GROUP', 'COUNT'].includes(order);
      const mixed = rows.find((r) => r.units.length > 1);
      if (mixed && comparesValues) {
        throw new BadInputError(
          `a group holds values in ${mixed.units.join(' and ')}, which cannot be summed or compared: add UNIT to "groupBy", filter on one unit, or ask only for "count"`,
          { argument: 'groupBy', units: mixed.units },
        );
      }
      const [metrics, subjects, scopes, sources] = await Promise.all([
        loadByIds<Metric>(ctx, info, 'metric', [['metric']], rows.map((r) => r.metricId)),
        loadByIds<Entity>(ctx, info, 'entity', [['subject']], rows.map((r) => r.subjectId)),
        loadByIds<Entity>(ctx, info, 'entity', [['scope']], rows.map((r) => r.scopeId)),
        loadByIds<Source>(ctx, info, 'source', [['source']], rows.map((r) => r.sourceId), { select: { id: true } }),
      ]);
      return rows.map((row) => ({
        row,
        metric: row.metricId ? (metrics.get(row.metricId) ?? null) : null,
        subject: row.subjectId ? (subjects.get(row.subjectId) ?? null) : null,
        scope: row.scopeId ? (scopes.get(row.scopeId) ?? null) : null,
        source: row.sourceId ? (sources.get(row.sourceId) ?? null) : null,
      }));
    },
  }),
  rankings: t.field({
    type: [ObservationRanking],
    description:
      'Ranks the observations of one metric that match `filter` by their value, or by the change reported for it, best first: one ranking per unit, since numbers in different units (percent and fold, yuan and dollars) are never ranked together. Pin a period in the filter to rank entities.',
    args: {
      metric: t.arg.string({ required: true, description: 'Slug of the metric, e.g. "import-export-value".' }),
      by: t.arg({ type: RankingMeasureEnum, defaultValue: 'VALUE', description: 'Rank by the value or by the reported change.' }),
      changeBasis: t.arg({ type: ChangeBasisEnum, defaultValue: 'YEAR_ON_YEAR', description: 'For CHANGE: which changes are compared.' }),
      filter: t.arg({ type: ObservationFilter, description: 'Only observations matching this filter, e.g. one period, or subjects of one kind.' }),
      direction: t.arg({ type: SortDirectionEnum, defaultValue: 'DESC', description: 'DESC: largest first.' }),
      first: t.arg.int({ defaultValue: 10, description: `Places per ranking, 1 to ${MAX_RANKING_ENTRIES}.` }),
    },
    resolve: async (_root, args, ctx, info) => {
      const limit = checkCount(args.first ?? 10, MAX_RANKING_ENTRIES, 'first');
      const measure = args.by ?? 'VALUE';
      const { metricFound, rows } = await observationRanking(ctx.pool, {
        metric: args.metric,
        measure,
        changeBasis: args.changeBasis ?? 'YEAR_ON_YEAR',
        where: args.filter ? observationWhereOf(args.filter) : {},
        direction: args.direction ?? 'DESC',
        limit,
      });
      if (!metricFound) throw new NotFoundError(`No metric has the slug "${args.metric.slice(0, 100)}"`, { argument: 'metric' });
      const [observations, subjects] = await Promise.all([
        loadByIds<Observation>(ctx, info, 'observation', [['entries', 'observation']], rows.map((r) => r.observationId)),
        loadByIds<Entity>(ctx, info, 'entity', [['entries', 'subject']], rows.map((r) => r.subjectId)),
      ]);
      const byUnit = new Map<Unit, RankingShape>();
      for (const row of rows) {
        const ranking = byUnit.get(row.unit) ?? {
          unit: row.unit,
          measure,
          changeBasis: measure === 'CHANGE' ? (args.changeBasis ?? 'YEAR_ON_YEAR') : null,
          total: row.total,
          entries: [],
        };
        byUnit.set(row.unit, ranking);
        ranking.entries.push({ row, observation: observations.get(row.observationId)!, subject: subjects.get(row.subjectId)! });
      }
      return [...byUnit.values()];
    },
  }),
}));
