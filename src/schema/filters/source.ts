// Conditions on a source.
import type { Prisma } from '../../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type ConditionsOf, FilterBudget, type Logical, logical, logicalFields, plainConditions, put, scalarWhere, type Where } from './conditions.ts';
import { DateFilter } from './range.ts';
import { StringFilter, stringWhere } from './string.ts';

const TEXTS = ['slug', 'title', 'publisher', 'language', 'url', 'text'] as const;

const SOURCE_CONDITIONS = {
  ...plainConditions(StringFilter, ['slug', 'title', 'publisher']),
  publishedOn: { type: DateFilter, description: 'Condition on `publishedOn`.' },
  ...plainConditions(StringFilter, ['language', 'url']),
  text: { type: StringFilter, description: 'The full text (use `searchSources` for ranked search).' },
};

export interface SourceFilterInput extends Logical<SourceFilterInput>, ConditionsOf<typeof SOURCE_CONDITIONS> {}

export const SourceFilter = builder.inputRef<SourceFilterInput>('SourceFilter').implement({
  description: 'Conditions on a source; all given must hold.',
  fields: (t) => ({ ...logicalFields(t, SourceFilter), ...conditionFields(t, SOURCE_CONDITIONS) }),
});

export function sourceWhere(input: SourceFilterInput, depth = 1, budget = new FilterBudget()): Prisma.SourceWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, sourceWhere as never);
  for (const key of TEXTS) put('Source', fields, ands, key, stringWhere(input[key], budget));
  put('Source', fields, ands, 'publishedOn', scalarWhere(input.publishedOn, budget));
  return allOf(fields, ...ands) as Prisma.SourceWhereInput;
}
