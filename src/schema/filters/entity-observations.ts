// Conditions on the observations of an entity: some, every or none match.
import { builder } from '../builder.ts';
import type { FilterBudget, Where } from './conditions.ts';
import { ObservationFilter, observationWhereOf } from './observation.ts';

export const EntityObservationsFilter = builder.inputType('EntityObservationsFilter', {
  description: 'Conditions on the observations of an entity: `some` matches, `every` matches (true when there is none), `none` matches.',
  fields: (t) => ({
    some: t.field({ type: ObservationFilter, description: 'At least one observation matches.' }),
    every: t.field({ type: ObservationFilter, description: 'Every observation matches (true of an entity with none).' }),
    none: t.field({ type: ObservationFilter, description: 'No observation matches.' }),
  }),
});

export function entityObservationsWhere(input: typeof EntityObservationsFilter.$inferInput, depth: number, budget: FilterBudget): Where[] {
  const out: Where[] = [];
  for (const quantifier of ['some', 'every', 'none'] as const) {
    const filter = input[quantifier];
    if (!filter) continue;
    budget.count();
    out.push({ observations: { [quantifier]: observationWhereOf(filter, depth + 1, budget) } });
  }
  return out;
}
