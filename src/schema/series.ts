// Series: a metric of a subject over time at one granularity, in period
// order, one point per calendar period from the first reported to the last,
// each the claim that answers for its period, or a gap (value null). On the
// root (`series`) and on every entity for its metrics (`Entity.series`).
import type { ArgBuilder } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Entity, Evidence, Metric, Observation } from '../generated/prisma/client.ts';
import type { Unit } from '../generated/prisma/enums.ts';
import { isoDate } from '../domain/period.ts';
import type { Granularity } from '../sql/periods.ts';
import { type SeriesPointRow, seriesPoints } from '../sql/series.ts';
import { builder, type Context, type Types } from './builder.ts';
import { EntityInterface } from './entity.ts';
import { UnitEnum } from './enums.ts';
import { NotFoundError } from '../domain/errors.ts';
import { batchLoader, loadByIds } from './loaders.ts';
import { MetricNode, ObservationNode, Period } from './observation.ts';
import { selects } from './selection.ts';
import { GranularityEnum } from './periods.ts';
import { EvidenceNode } from './source.ts';
import { LIMITS } from '../limits.ts';

interface PointShape {
  row: SeriesPointRow;
  observation: Observation | null;
  evidence: Evidence | null;
}

interface SeriesShape {
  granularity: Granularity;
  unit: Unit;
  metric: Metric | undefined;
  subject: Entity | undefined;
  scope: Entity | null;
  points: PointShape[];
}

const date = (text: string) => new Date(`${text}T00:00:00Z`);

const SeriesPoint = builder.objectRef<PointShape>('SeriesPoint').implement({
  description: 'One period of a series: the value of the claim that answers for it, with its evidence, or a gap where no source reports the period.',
  fields: (t) => ({
    period: t.field({
      type: Period,
      description: 'The calendar period of this point.',
      resolve: (p) => ({ periodStart: date(p.row.periodStart), periodEnd: date(p.row.periodEnd), periodLabel: p.row.periodLabel }),
    }),
    gap: t.boolean({ description: 'No source reports this period: `value` is null, never filled in.', resolve: (p) => p.row.observationId === null }),
    value: t.field({ type: 'Decimal', nullable: true, description: 'The exact value, or null for a gap.', resolve: (p) => p.row.value }),
    valueFloat: t.float({ nullable: true, description: 'The value as a float, for charts; null for a gap.', resolve: (p) => (p.row.value === null ? null : Number(p.row.value)) }),
    observation: t.field({ type: ObservationNode, nullable: true, description: 'The answering claim (its rank, change, source and competing claims); null for a gap.', resolve: (p) => p.observation }),
    evidence: t.field({ type: EvidenceNode, nullable: true, description: 'The passage that states the value; null for a gap.', resolve: (p) => p.evidence }),
  }),
});

const Series = builder.objectRef<SeriesShape>('Series').implement({
  description: 'A metric of a subject (and scope) in one unit over time, one point per period of a granularity, in period order, with gaps.',
  fields: (t) => ({
    metric: t.field({ type: MetricNode, description: 'What is measured.', resolve: (s) => s.metric! }),
    subject: t.field({ type: EntityInterface, description: 'What the values are about.', resolve: (s) => s.subject! }),
    scope: t.field({ type: EntityInterface, nullable: true, description: 'Where they were measured, when the subject is not a place.', resolve: (s) => s.scope }),
    unit: t.field({ type: UnitEnum, description: 'The unit of every value of the series.', resolve: (s) => s.unit }),
    granularity: t.field({ type: GranularityEnum, description: 'The length of each period.', resolve: (s) => s.granularity }),
    gaps: t.int({ description: 'How many periods no source reports.', resolve: (s) => s.points.filter((p) => p.row.observationId === null).length }),
    points: t.field({ type: [SeriesPoint], description: `Every period from the first reported to the last, oldest first (the latest ${LIMITS.seriesPoints} at most).`, resolve: (s) => s.points }),
  }),
});

interface SeriesArgs {
  metric?: string | null;
  granularity: Granularity;
  from?: Date | null;
  to?: Date | null;
  unit?: Unit | null;
}

/** Builds the series of `rows` (of any number of subjects), loading what the query selects beneath them in one statement per kind of row. */
async function seriesOf(ctx: Context, info: GraphQLResolveInfo, granularity: Granularity, rows: SeriesPointRow[]): Promise<Map<number, SeriesShape[]>> {
  const observationIds = rows.map((r) => r.observationId);
  const [metrics, subjects, scopes, observations, evidence] = await Promise.all([
    loadByIds<Metric>(ctx, info, 'metric', [['metric']], rows.map((r) => r.metricId)),
    loadByIds<Entity>(ctx, info, 'entity', [['subject']], rows.map((r) => r.subjectId)),
    loadByIds<Entity>(ctx, info, 'entity', [['scope']], rows.map((r) => r.scopeId)),
    loadByIds<Observation>(ctx, info, 'observation', [['points', 'observation']], observationIds),
    evidenceOf(ctx, info, observationIds),
  ]);
  const bySubject = new Map<number, SeriesShape[]>();
  let current: SeriesShape | undefined;
  let currentKey = '';
  for (const row of rows) {
    const key = `${row.subjectId}:${row.seriesNo}`;
    if (key !== currentKey) {
      currentKey = key;
      current = { granularity, unit: row.unit, metric: metrics.get(row.metricId), subject: subjects.get(row.subjectId), scope: row.scopeId ? (scopes.get(row.scopeId) ?? null) : null, points: [] };
      bySubject.set(row.subjectId, [...(bySubject.get(row.subjectId) ?? []), current]);
    }
    const id = row.observationId;
    current!.points.push({ row, observation: id === null ? null : (observations.get(id) ?? null), evidence: id === null ? null : (evidence.get(id) ?? null) });
  }
  return bySubject;
}

/** The evidence of each observation, selected as the query asks beneath `points.evidence`. */
async function evidenceOf(ctx: Context, info: GraphQLResolveInfo, ids: Array<number | null>): Promise<Map<number, Evidence>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length || !selects(info, ['points', 'evidence'])) return new Map();
  const query = queryFromInfo({ context: ctx, info, paths: [['points', 'evidence']], typeName: 'Evidence' }) as object;
  const rows = (await ctx.prisma.observation.findMany({ where: { id: { in: wanted } }, select: { id: true, evidence: query } } as never)) as unknown as Array<{ id: number; evidence: Evidence }>;
  return new Map(rows.map((r) => [r.id, r.evidence]));
}


const seriesArgs = (t: ArgBuilder<Types>) => ({
  granularity: t({ type: GranularityEnum, required: true, description: 'The length of the periods: one point per calendar period of this granularity.' }),
  from: t({ type: 'Date', description: 'Only periods starting on or after this day.' }),
  to: t({ type: 'Date', description: 'Only periods ending on or before this day.' }),
  unit: t({ type: UnitEnum, description: 'Only values in this unit (each unit is a series of its own otherwise).' }),
});

const seriesOptions = (args: SeriesArgs) => ({
  granularity: args.granularity,
  metric: args.metric ?? null,
  from: args.from ? isoDate(args.from) : null,
  to: args.to ? isoDate(args.to) : null,
  unit: args.unit ?? null,
});

builder.queryField('series', (t) =>
  t.field({
    type: [Series],
    description: `The values of a metric of a subject over time, one series per scope and unit (usually one), each point the claim that answers for its period, gaps left as gaps. At most ${LIMITS.series} series.`,
    args: {
      metric: t.arg.string({ required: true, description: 'Slug of the metric, e.g. "import-export-value".' }),
      subject: t.arg.string({ required: true, description: 'Slug of the entity, e.g. "beijing".' }),
      ...seriesArgs(t.arg),
    },
    resolve: async (_root, args, ctx, info) => {
      const [subject, metric] = await Promise.all([
        ctx.prisma.entity.findUnique({ where: { slug: args.subject }, select: { id: true } }),
        ctx.prisma.metric.findUnique({ where: { slug: args.metric }, select: { id: true } }),
      ]);
      if (!subject) throw new NotFoundError(`No entity has the slug "${args.subject.slice(0, 100)}"`, { argument: 'subject' });
      if (!metric) throw new NotFoundError(`No metric has the slug "${args.metric.slice(0, 100)}"`, { argument: 'metric' });
      const rows = await seriesPoints(ctx.pool, { subjectIds: [subject.id], ...seriesOptions(args) });
      return (await seriesOf(ctx, info, args.granularity, rows)).get(subject.id) ?? [];
    },
  }),
);

builder.prismaInterfaceField(EntityInterface, 'series', (t) =>
  t.field({
    type: [Series],
    description: `This entity's metrics over time: one series per metric, scope and unit (at most ${LIMITS.series}), or only one metric's.`,
    args: {
      metric: t.arg.string({ description: 'Slug of one metric; every metric reported about the entity when omitted.' }),
      ...seriesArgs(t.arg),
    },
    resolve: (entity, args, ctx, info) =>
      batchLoader<SeriesShape[]>(ctx, info, args, async (parents) => {
        const rows = await seriesPoints(ctx.pool, { subjectIds: parents, ...seriesOptions(args) });
        const found = await seriesOf(ctx, info, args.granularity, rows);
        return new Map(parents.map((id) => [id, found.get(id) ?? []]));
      }).load(entity.id),
  }),
);

