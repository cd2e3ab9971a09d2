// Conditions on an entity: its own fields, its kind's typed attributes, its
// relations, the numbers reported about it and the sources that name it.
import type { Prisma } from '../../generated/prisma/client.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type ConditionsOf, FilterBudget, type Logical, logical, logicalFields, type Maybe, plainConditions, put, scalarWhere, type Where } from './conditions.ts';
import { compileEntitiesWith, EntityFilter } from './entity-ref.ts';
import { EntityObservationsFilter, entityObservationsWhere } from './entity-observations.ts';
import { EntityKindFilter } from './enum.ts';
import { KIND_ATTRIBUTE_FILTERS, type KindAttributeConditions, kindAttributesWhere } from './kind-attributes.ts';
import { DateTimeFilter } from './range.ts';
import { EntityRelationsFilter, relationsWhere } from './relation.ts';
import { SourceFilter, type SourceFilterInput, sourceWhere } from './source.ts';
import { StringFilter, StringListFilter, stringWhere } from './string.ts';

export { EntityFilter };

const TEXTS = ['slug', 'name', 'description'] as const;

const ENTITY_CONDITIONS = {
  ...plainConditions(StringFilter, TEXTS),
  ...plainConditions(StringListFilter, ['aliases']),
  ...plainConditions(EntityKindFilter, ['kind']),
  ...plainConditions(DateTimeFilter, ['createdAt', 'updatedAt']),
};

const ACROSS_CONDITIONS = {
  relations: { type: EntityRelationsFilter, description: 'Conditions across relations, e.g. zones supervised by Beijing Customs.' },
  observations: { type: EntityObservationsFilter, description: 'Conditions on the numbers reported about the entity.' },
  mentionedIn: { type: SourceFilter, description: 'The entity is named in a source that matches.' },
};

// Conditions across to relations, observations and sources are other filters,
// typed by hand (TypeScript cannot infer a recursive type).
export interface EntityFilterInput extends Logical<EntityFilterInput>, ConditionsOf<typeof ENTITY_CONDITIONS>, KindAttributeConditions {
  relations?: Maybe<typeof EntityRelationsFilter.$inferInput>;
  observations?: Maybe<typeof EntityObservationsFilter.$inferInput>;
  mentionedIn?: Maybe<SourceFilterInput>;
}

EntityFilter.implement({
  description: 'Conditions on an entity; all given must hold. Typed attributes apply to entities of their kind only.',
  fields: (t) => ({
    ...logicalFields(t, EntityFilter),
    ...conditionFields(t, ENTITY_CONDITIONS),
    ...conditionFields(t, Object.fromEntries(KIND_ATTRIBUTE_FILTERS.map((k) => [k.field, { type: k.filter, description: k.description }]))),
    ...conditionFields(t, ACROSS_CONDITIONS),
  }),
});

export function entityWhere(input: EntityFilterInput, depth = 1, budget = new FilterBudget()): Prisma.EntityWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, entityWhere as never);
  for (const key of TEXTS) put('Entity', fields, ands, key, stringWhere(input[key], budget));
  put('Entity', fields, ands, 'aliases', scalarWhere(input.aliases, budget));
  put('Entity', fields, ands, 'kind', scalarWhere(input.kind, budget));
  put('Entity', fields, ands, 'createdAt', scalarWhere(input.createdAt, budget));
  put('Entity', fields, ands, 'updatedAt', scalarWhere(input.updatedAt, budget));
  ands.push(...kindAttributesWhere(input, budget));
  if (input.relations) ands.push(...relationsWhere(input.relations, depth + 1, budget));
  if (input.observations) ands.push(...entityObservationsWhere(input.observations, depth, budget));
  if (input.mentionedIn) {
    budget.count();
    ands.push({ mentions: { some: { evidence: { source: sourceWhere(input.mentionedIn, depth + 1, budget) } } } });
  }
  return allOf(fields, ...ands) as Prisma.EntityWhereInput;
}

compileEntitiesWith(entityWhere);
