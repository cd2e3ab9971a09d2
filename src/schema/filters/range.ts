// Conditions on ordered values: exact decimals, dates and timestamps.
import { builder } from '../builder.ts';
import { IS_NULL_DESCRIPTION } from './conditions.ts';
import { LIMITS } from '../../limits.ts';

function rangeFilter<T extends 'Decimal' | 'Date' | 'DateTime'>(name: string, type: T, description: string) {
  return builder.inputType(name, {
    description,
    fields: (t) => ({
      equals: t.field({ type, description: 'Exactly this.' }),
      in: t.field({ type: [type], description: `One of these (at most ${LIMITS.filterList}).` }),
      notIn: t.field({ type: [type], description: 'None of these.' }),
      lt: t.field({ type, description: 'Less than.' }),
      lte: t.field({ type, description: 'Less than or equal.' }),
      gt: t.field({ type, description: 'Greater than.' }),
      gte: t.field({ type, description: 'Greater than or equal.' }),
      isNull: t.boolean({ description: IS_NULL_DESCRIPTION }),
    }),
  });
}

export const DecimalFilter = rangeFilter('DecimalFilter', 'Decimal', 'Conditions on an exact decimal, given as a string ("73330000000", "33.5"); all given must hold.');
export const DateFilter = rangeFilter('DateFilter', 'Date', 'Conditions on a date ("2023-07-31"); all given must hold.');
export const DateTimeFilter = rangeFilter('DateTimeFilter', 'DateTime', 'Conditions on a timestamp; all given must hold.');
