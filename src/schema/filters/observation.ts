// Conditions on an observation: its metric, the entities it is about, where
// and by whom, its value, period and reported change, its quote and source.
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type ConditionsOf, FilterBudget, type Logical, logical, logicalFields, type Maybe, plainConditions, present, put, scalarWhere, type Where } from './conditions.ts';
import type { EntityFilterInput } from './entity.ts';
import { EntityFilter, nestedEntityWhere } from './entity-ref.ts';
import { ChangeBasisFilter, UnitFilter } from './enum.ts';
import { MetricFilter, type MetricFilterInput, metricWhere } from './metric.ts';
import { DateFilter, DecimalFilter } from './range.ts';
import { SourceFilter, type SourceFilterInput, sourceWhere } from './source.ts';
import { StringFilter, stringWhere } from './string.ts';

const ChangeFilter = builder.inputType('ChangeFilter', {
  description: 'Conditions on the change a source reports for a value; all given must hold.',
  fields: (t) => ({
    exists: t.boolean({ description: 'true: a change is reported; false: none is.' }),
    basis: t.field({ type: ChangeBasisFilter, description: 'Condition on `basis`.' }),
    value: t.field({ type: DecimalFilter, description: 'The change, e.g. { gt: "30" } (compare like units: see `unit`).' }),
    unit: t.field({ type: UnitFilter, description: 'Condition on `unit`.' }),
    benchmark: t.field({ type: StringFilter, description: 'Condition on `benchmark`.' }),
  }),
});

// The observation's own fields; its links to entities, metric and source are
// other filters, typed by hand below (TypeScript cannot infer a recursive type).
const OWN_CONDITIONS = {
  value: { type: DecimalFilter, description: 'The value, e.g. { gt: "1000000000" } (compare like units: see `unit`).' },
  ...plainConditions(UnitFilter, ['unit']),
  ...plainConditions(DateFilter, ['periodStart', 'periodEnd']),
  ...plainConditions(StringFilter, ['periodLabel']),
  ...plainConditions(ChangeFilter, ['change']),
  ...plainConditions(StringFilter, ['note']),
  quote: { type: StringFilter, description: 'The quote that states the number.' },
};

export interface ObservationFilterInput extends Logical<ObservationFilterInput>, ConditionsOf<typeof OWN_CONDITIONS> {
  metric?: Maybe<MetricFilterInput>;
  subject?: Maybe<EntityFilterInput>;
  scope?: Maybe<EntityFilterInput>;
  statedBy?: Maybe<EntityFilterInput>;
  source?: Maybe<SourceFilterInput>;
}

export const ObservationFilter = builder.inputRef<ObservationFilterInput>('ObservationFilter').implement({
  description: 'Conditions on an observation; all given must hold.',
  fields: (t) => ({
    ...logicalFields(t, ObservationFilter),
    ...conditionFields(t, {
      ...plainConditions(MetricFilter, ['metric']),
      subject: { type: EntityFilter, description: 'The entity the number is about.' },
      scope: { type: EntityFilter, description: 'Where it was measured.' },
      statedBy: { type: EntityFilter, description: 'Who stated it.' },
      ...OWN_CONDITIONS,
      ...plainConditions(SourceFilter, ['source']),
    }),
  }),
});

/** Conditions on the quote of a fact, as a condition on its evidence. */
export function quoteWhere(quote: ObservationFilterInput['quote'], budget: FilterBudget, into: Where) {
  const evidence: Where = {};
  const evidenceAnds: Where[] = [];
  put('Evidence', evidence, evidenceAnds, 'quote', stringWhere(quote, budget));
  if (Object.keys(evidence).length || evidenceAnds.length) into.evidence = allOf(evidence, ...evidenceAnds);
}

export function observationWhereOf(input: ObservationFilterInput, depth = 1, budget = new FilterBudget()): Prisma.ObservationWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, observationWhereOf as never);
  if (input.metric) fields.metric = metricWhere(input.metric, depth + 1, budget);
  if (input.subject) fields.subject = nestedEntityWhere(input.subject, depth + 1, budget);
  // An optional relation filtered with no condition still means the relation is there (Prisma would read {} as no filter at all).
  const existing = (where: Where) => (Object.keys(where).length ? where : { isNot: null });
  if (input.scope) fields.scope = existing(nestedEntityWhere(input.scope, depth + 1, budget));
  if (input.statedBy) fields.statedBy = existing(nestedEntityWhere(input.statedBy, depth + 1, budget));
  if (input.source) fields.source = sourceWhere(input.source, depth + 1, budget);
  put('Observation', fields, ands, 'value', scalarWhere(input.value, budget));
  put('Observation', fields, ands, 'unit', scalarWhere(input.unit, budget));
  put('Observation', fields, ands, 'periodStart', scalarWhere(input.periodStart, budget));
  put('Observation', fields, ands, 'periodEnd', scalarWhere(input.periodEnd, budget));
  put('Observation', fields, ands, 'periodLabel', stringWhere(input.periodLabel, budget));
  put('Observation', fields, ands, 'note', stringWhere(input.note, budget));
  quoteWhere(input.quote, budget, fields);
  if (input.change) {
    const change = input.change;
    if (present(change.exists)) {
      budget.count();
      ands.push({ changeBasis: change.exists ? { not: null } : null });
    }
    put('Observation', fields, ands, 'changeBasis', scalarWhere(change.basis, budget));
    put('Observation', fields, ands, 'changeValue', scalarWhere(change.value, budget));
    put('Observation', fields, ands, 'changeUnit', scalarWhere(change.unit, budget));
    put('Observation', fields, ands, 'changeBenchmark', stringWhere(change.benchmark, budget));
  }
  return allOf(fields, ...ands) as Prisma.ObservationWhereInput;
}
