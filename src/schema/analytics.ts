// Analytics: aggregates of observations grouped as asked, and rankings of
// subjects by a value or by its reported change, computed by PostgreSQL
// (src/sql/stats.ts, src/sql/rankings.ts): only comparable numbers, one
// value per question unless every claim is asked for. The metrics, entities and observations a result
// names are then loaded with Prisma in one statement each.
import type { Entity, Metric, Observation, Source } from '../generated/prisma/client.ts';
import type { ChangeBasis, Unit } from '../generated/prisma/enums.ts';
import type { ClaimChoice } from '../sql/claims.ts';
import type { Granularity } from '../sql/periods.ts';
import { observationRanking, type PeriodComparison, type RankingRow } from '../sql/rankings.ts';
import { observationStats, type StatGroup, type StatMeasure, type StatRow } from '../sql/stats.ts';
import { checkCount } from '../domain/checks.ts';
import { builder } from './builder.ts';
import { ClaimChoiceEnum } from './claims.ts';
import { GranularityEnum } from './periods.ts';
import { EntityInterface } from './entity.ts';
import { loadByIds } from './loaders.ts';
import { ChangeBasisEnum, EntityKindEnum, SortDirectionEnum, UnitEnum } from './enums.ts';
import { BadInputError, NotFoundError } from '../domain/errors.ts';
import { ObservationFilter, observationWhereOf } from './filters/index.ts';
import { MetricNode, ObservationNode, Period } from './observation.ts';
import { selects } from './selection.ts';
import { SourceNode } from './source.ts';
import { LIMITS } from '../limits.ts';

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
  periods: Array<{ periodStart: Date; periodEnd: Date; periodLabel: string }>;
  granularity: Granularity | null;
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

const PeriodComparisonEnum = builder.enumType('PeriodComparison', {
  description: 'Which periods a ranking compares with each other.',
  values: {
    SAME_PERIOD: { description: 'Only the same period (the default): one ranking per period.' },
    SAME_GRANULARITY: { description: 'Periods of the same granularity and length: all quarters together, all Jan-Jul periods together, one ranking each.' },
  } as const,
});

const ObservationRanking = builder.objectRef<RankingShape>('ObservationRanking').implement({
  description:
    'Observations of one metric ranked by value or by reported change, among comparable numbers only: one unit, and one period (or one granularity and length). Numbers of different units or periods are never ranked together.',
  fields: (t) => ({
    unit: t.field({ type: UnitEnum, description: 'The unit every number of this ranking is in.', resolve: (r) => r.unit }),
    period: t.field({ type: Period, nullable: true, description: 'The one period every number of this ranking covers; null when it ranks several periods of one granularity.', resolve: (r) => (r.periods.length === 1 ? r.periods[0]! : null) }),
    periods: t.field({ type: [Period], description: 'Every period this ranking compares, in order.', resolve: (r) => r.periods }),
    granularity: t.field({ type: GranularityEnum, nullable: true, description: 'With SAME_GRANULARITY: the granularity of the periods compared (null for periods of none).', resolve: (r) => r.granularity }),
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
      'Count, sum, minimum, maximum and average of the values of the observations matching `filter`, per group, computed by PostgreSQL. Only the claim that answers each question counts unless `claims: ALL`. Values of different units are never summed together: group by UNIT (or filter on one unit), or ask only for `count`; nor are overlapping periods of one metric, subject and scope (2023 H1 and 2023 Q2): group by PERIOD or pick a granularity. Otherwise the query is refused.',
    args: {
      filter: t.arg({ type: ObservationFilter, description: 'Only observations matching this filter (all when omitted).' }),
      groupBy: t.arg({ type: [ObservationGroupByEnum], required: true, description: 'The group keys; an empty list gives one group of everything.' }),
      orderBy: t.arg({ type: ObservationStatOrder, description: 'Default: by the group keys.' }),
      first: t.arg.int({ defaultValue: 100, description: `Most groups to return, 1 to ${LIMITS.statGroups}.` }),
      claims: t.arg({ type: ClaimChoiceEnum, defaultValue: 'ANSWERS', description: 'Which claims count when sources give several values for one question.' }),
      granularity: t.arg({ type: GranularityEnum, description: 'Only periods of this granularity (e.g. QUARTER: quarters never overlap).' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const limit = checkCount(args.first ?? 100, LIMITS.statGroups, 'first');
      const groupBy = args.groupBy as StatGroup[];
      const rows = await observationStats(ctx.pool, {
        where: args.filter ? observationWhereOf(args.filter) : {},
        groupBy,
        orderBy: args.orderBy ? { measure: args.orderBy.field as StatMeasure | 'GROUP', direction: args.orderBy.direction ?? 'ASC' } : null,
        limit,
        claims: (args.claims ?? 'ANSWERS') as ClaimChoice,
        granularity: args.granularity ?? null,
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
      // A sum over overlapping periods (H1 and Q2, a year and its quarters) counts the overlap twice.
      const overlapping = rows.find((r) => r.overlap !== null);
      if (overlapping && (selects(info, ['sum']) || order === 'SUM')) {
        throw new BadInputError(
          `a group holds overlapping periods (${overlapping.overlap}), which a sum would count twice: add PERIOD to "groupBy" (one sum per period), pass a "granularity" (e.g. QUARTER: quarters never overlap), or filter on periods that do not overlap`,
          { argument: 'groupBy', overlap: overlapping.overlap },
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
      `Ranks the observations of one metric that match \`filter\` by their value, or by the change reported for it, best first: one ranking per period and unit (or, with \`compare: SAME_GRANULARITY\`, per granularity, length and unit), latest period first, each saying which periods it ranks. Numbers of different units or periods are never ranked together, and only the claim that answers each question is ranked unless \`claims: ALL\`. At most ${LIMITS.rankings} rankings.`,
    args: {
      metric: t.arg.string({ required: true, description: 'Slug of the metric, e.g. "import-export-value".' }),
      by: t.arg({ type: RankingMeasureEnum, defaultValue: 'VALUE', description: 'Rank by the value or by the reported change.' }),
      changeBasis: t.arg({ type: ChangeBasisEnum, defaultValue: 'YEAR_ON_YEAR', description: 'For CHANGE: which changes are compared.' }),
      filter: t.arg({ type: ObservationFilter, description: 'Only observations matching this filter, e.g. one period, or subjects of one kind.' }),
      direction: t.arg({ type: SortDirectionEnum, defaultValue: 'DESC', description: 'DESC: largest first.' }),
      first: t.arg.int({ defaultValue: 10, description: `Places per ranking, 1 to ${LIMITS.rankingEntries}.` }),
      compare: t.arg({ type: PeriodComparisonEnum, defaultValue: 'SAME_PERIOD', description: 'Which periods are ranked together.' }),
      claims: t.arg({ type: ClaimChoiceEnum, defaultValue: 'ANSWERS', description: 'Which claims are ranked when sources give several values for one question.' }),
      granularity: t.arg({ type: GranularityEnum, description: 'Only periods of this granularity.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const limit = checkCount(args.first ?? 10, LIMITS.rankingEntries, 'first');
      const measure = args.by ?? 'VALUE';
      const { metricFound, rows } = await observationRanking(ctx.pool, {
        metric: args.metric,
        measure,
        changeBasis: args.changeBasis ?? 'YEAR_ON_YEAR',
        where: args.filter ? observationWhereOf(args.filter) : {},
        direction: args.direction ?? 'DESC',
        limit,
        compare: (args.compare ?? 'SAME_PERIOD') as PeriodComparison,
        claims: (args.claims ?? 'ANSWERS') as ClaimChoice,
        granularity: args.granularity ?? null,
      });
      if (!metricFound) throw new NotFoundError(`No metric has the slug "${args.metric.slice(0, 100)}"`, { argument: 'metric' });
      const [observations, subjects] = await Promise.all([
        loadByIds<Observation>(ctx, info, 'observation', [['entries', 'observation']], rows.map((r) => r.observationId)),
        loadByIds<Entity>(ctx, info, 'entity', [['entries', 'subject']], rows.map((r) => r.subjectId)),
      ]);
      const byRanking = new Map<number, RankingShape>();
      for (const row of rows) {
        const ranking = byRanking.get(row.rankingNo) ?? {
          unit: row.unit,
          periods: row.periods.map((p) => {
            const [start, end, ...label] = p.split('|') as [string, string, ...string[]];
            return { periodStart: new Date(`${start}T00:00:00Z`), periodEnd: new Date(`${end}T00:00:00Z`), periodLabel: label.join('|') };
          }),
          granularity: row.granularity,
          measure,
          changeBasis: measure === 'CHANGE' ? (args.changeBasis ?? 'YEAR_ON_YEAR') : null,
          total: row.total,
          entries: [],
        };
        byRanking.set(row.rankingNo, ranking);
        ranking.entries.push({ row, observation: observations.get(row.observationId)!, subject: subjects.get(row.subjectId)! });
      }
      return [...byRanking.values()];
    },
  }),
}));
