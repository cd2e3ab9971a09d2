// Conditions on a metric.
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type ConditionsOf, FilterBudget, type Logical, logical, logicalFields, plainConditions, put, scalarWhere, type Where } from './conditions.ts';
import { UnitKindFilter } from './enum.ts';
import { StringFilter, stringWhere } from './string.ts';

const TEXTS = ['slug', 'name', 'description'] as const;

const METRIC_CONDITIONS = { ...plainConditions(StringFilter, TEXTS), ...plainConditions(UnitKindFilter, ['unitKind']) };

export interface MetricFilterInput extends Logical<MetricFilterInput>, ConditionsOf<typeof METRIC_CONDITIONS> {}

export const MetricFilter = builder.inputRef<MetricFilterInput>('MetricFilter').implement({
  description: 'Conditions on a metric; all given must hold.',
  fields: (t) => ({ ...logicalFields(t, MetricFilter), ...conditionFields(t, METRIC_CONDITIONS) }),
});

export function metricWhere(input: MetricFilterInput, depth = 1, budget = new FilterBudget()): Prisma.MetricWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, metricWhere as never);
  for (const key of TEXTS) put('Metric', fields, ands, key, stringWhere(input[key], budget));
  put('Metric', fields, ands, 'unitKind', scalarWhere(input.unitKind, budget));
  return allOf(fields, ...ands) as Prisma.MetricWhereInput;
}
