// The closed vocabularies of the graph, exposed as GraphQL enums with the
// same values as the database enums.
import { PREDICATES } from '../domain/predicates.ts';
import { UNIT_DESCRIPTIONS } from '../domain/units.ts';
import { attributeEnums, KIND_NAMES, KINDS } from '../domain/kinds.ts';
import { type ChangeBasis, type EntityKind, type FactBasis, Predicate, Unit, type UnitKind } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';

/** An enum whose every value says what it means (GraphiQL shows these). */
function describedEnum<V extends string>(name: string, description: string, values: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(Object.entries(values).map(([value, text]) => [value, { value, description: text }])) as Record<
      V,
      { value: V; description: string }
    >,
  });
}

export const EntityKindEnum = describedEnum<EntityKind>(
  'EntityKind',
  'What a node of the graph is.',
  Object.fromEntries(KIND_NAMES.map((kind) => [kind, KINDS[kind].kindDescription])) as Record<EntityKind, string>,
);

export const PredicateEnum = builder.enumType('Predicate', {
  description: 'The type of a relation: `subject -[predicate]-> object`.',
  values: Object.fromEntries(
    Object.values(Predicate).map((p) => [p, { value: p, description: `${PREDICATES[p].description} Read backwards: "${PREDICATES[p].inverse}".` }]),
  ) as Record<Predicate, { value: Predicate; description: string }>,
});

export const DirectionEnum = builder.enumType('Direction', {
  description: 'Which way along a relation to walk from an entity.',
  values: {
    OUTGOING: { description: 'Relations where the entity is the subject.' },
    INCOMING: { description: 'Relations where the entity is the object.' },
    BOTH: { description: 'Relations in either direction.' },
  } as const,
});

export const FactBasisEnum = describedEnum<FactBasis>(
  'FactBasis',
  'Whether the evidence states a relation in so many words or only supports it.',
  {
    STATED: 'The quote states the relation in so many words.',
    INFERRED: 'The quote supports the relation without stating it; the note says why it is drawn.',
  },
);

export const UnitEnum = describedEnum<Unit>('Unit', 'The unit of a value or of a change.', UNIT_DESCRIPTIONS);

export const UnitKindEnum = describedEnum<UnitKind>('UnitKind', 'What kind of quantity a metric measures.', {
  CURRENCY: 'An amount of money: measured in CNY or USD.',
  COUNT: 'A number of things: measured in COUNT.',
  PERCENTAGE: 'A rate or share: measured in PERCENT or PERCENTAGE_POINT.',
  MULTIPLE: 'A multiple: measured in FOLD.',
});

export const ChangeBasisEnum = describedEnum<ChangeBasis>('ChangeBasis', 'What a reported change compares the value with.', {
  YEAR_ON_YEAR: 'The same period a year before.',
  PERIOD_ON_PERIOD: 'The period just before.',
  VERSUS_BENCHMARK: 'A benchmark named in `benchmark`, e.g. the national average.',
});

/** The enums of kinds' attributes (CustomsOfficeLevel, ...), from the kind registry, by name. */
export const ATTRIBUTE_ENUMS = new Map(attributeEnums().map((e) => [e.name, describedEnum<string>(e.name, e.description, e.values)]));

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Which way to sort.',
  values: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } as const,
});
