// Conditions across the relations of an entity: some, every or none of them,
// by predicate and direction, with conditions on the relation and the entity
// at its other end.
import { FAR_END, type Side, sidesOf } from '../../domain/predicates.ts';
import { builder } from '../builder.ts';
import { DirectionEnum } from '../enums.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type ConditionsOf, type FilterBudget, type Maybe, plainConditions, put, scalarWhere, type Where } from './conditions.ts';
import { EntityFilter, nestedEntityWhere } from './entity-ref.ts';
import type { EntityFilterInput } from './entity.ts';
import { FactBasisFilter, PredicateFilter } from './enum.ts';
import { quoteWhere } from './observation.ts';
import { DateFilter } from './range.ts';
import { SourceFilter, sourceWhere } from './source.ts';
import { StringFilter, stringWhere } from './string.ts';

// The relation's own fields; the entity at the other end is typed by hand
// below (TypeScript cannot infer a recursive type).
const OWN_CONDITIONS = {
  ...plainConditions(StringFilter, ['role']),
  ...plainConditions(FactBasisFilter, ['basis']),
  ...plainConditions(DateFilter, ['validFrom', 'validTo']),
  ...plainConditions(StringFilter, ['note']),
  quote: { type: StringFilter, description: 'The quote that states the relation.' },
  ...plainConditions(SourceFilter, ['source']),
};

export interface RelationFilterInput extends ConditionsOf<typeof OWN_CONDITIONS> {
  other?: Maybe<EntityFilterInput>;
  predicate?: Maybe<typeof PredicateFilter.$inferInput>;
  direction?: Maybe<typeof DirectionEnum.$inferInput>;
}

const RelationFilter = builder.inputRef<RelationFilterInput>('RelationFilter').implement({
  description:
    "Conditions on one relation of an entity, seen from the entity: which predicates, which way, and the entity at the other end. Inside `every`, `predicate` and `direction` choose which relations must all match the rest.",
  fields: (t) => ({
    predicate: t.field({ type: PredicateFilter, description: 'Condition on `predicate`.' }),
    direction: t.field({
      type: DirectionEnum,
      defaultValue: 'BOTH',
      description: 'OUTGOING: the entity is the subject; INCOMING: the object; BOTH: either.',
    }),
    other: t.field({ type: EntityFilter, description: 'The entity at the other end of the relation.' }),
    ...conditionFields(t, OWN_CONDITIONS),
  }),
});

export const EntityRelationsFilter = builder.inputType('EntityRelationsFilter', {
  description:
    'Conditions on the relations of an entity: `some` relation matches; `every` relation of the given predicate and direction matches (true when there is none); `none` matches.',
  fields: (t) => ({
    some: t.field({ type: RelationFilter, description: 'At least one relation matches.' }),
    every: t.field({ type: RelationFilter, description: 'Every relation matches (true of an entity with none).' }),
    none: t.field({ type: RelationFilter, description: 'No relation matches.' }),
  }),
});

/** The conditions of a relation filter other than which relations it is about (predicate, direction). */
function relationConditions(input: RelationFilterInput, side: Side, depth: number, budget: FilterBudget): Where {
  const fields: Where = {};
  const ands: Where[] = [];
  if (input.other) fields[FAR_END[side]] = nestedEntityWhere(input.other, depth + 1, budget);
  if (input.source) fields.source = sourceWhere(input.source, depth + 1, budget);
  put('Relation', fields, ands, 'role', stringWhere(input.role, budget));
  put('Relation', fields, ands, 'basis', scalarWhere(input.basis, budget));
  put('Relation', fields, ands, 'validFrom', scalarWhere(input.validFrom, budget));
  put('Relation', fields, ands, 'validTo', scalarWhere(input.validTo, budget));
  put('Relation', fields, ands, 'note', stringWhere(input.note, budget));
  quoteWhere(input.quote, budget, fields);
  return allOf(fields, ...ands);
}

export function relationsWhere(input: typeof EntityRelationsFilter.$inferInput, depth: number, budget: FilterBudget): Where[] {
  const out: Where[] = [];
  for (const quantifier of ['some', 'every', 'none'] as const) {
    const filter = input[quantifier];
    if (!filter) continue;
    budget.count();
    const predicate = scalarWhere(filter.predicate, budget);
    const perSide = sidesOf(filter.direction).map((side) => {
      const rest = relationConditions(filter, side, depth, budget);
      if (quantifier === 'every') {
        // Every relation of these predicates matches the rest: the others are let through.
        const scoped = predicate ? { OR: [{ NOT: { predicate } }, rest] } : rest;
        return { [side]: { every: scoped } };
      }
      return { [side]: { [quantifier]: predicate ? { AND: [{ predicate }, rest] } : rest } };
    });
    // Some relation either way; every and none must hold both ways.
    out.push(perSide.length === 1 ? perSide[0]! : quantifier === 'some' ? { OR: perSide } : { AND: perSide });
  }
  return out;
}
