// The closed vocabularies of the graph, exposed as GraphQL enums with the
// same values as the database enums.
import { PREDICATES } from '../domain/predicates.ts';
import { UNIT_DESCRIPTIONS } from '../domain/units.ts';
import {
  BondedZoneType,
  ChangeBasis,
  CustomsOfficeLevel,
  EntityKind,
  FactBasis,
  Predicate,
  RegionType,
  Unit,
  UnitKind,
} from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';

export const EntityKindEnum = builder.enumType(EntityKind, {
  name: 'EntityKind',
  description: 'What a node of the graph is.',
});

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

export const FactBasisEnum = builder.enumType(FactBasis, {
  name: 'FactBasis',
  description: 'Whether the evidence states a relation in so many words (STATED) or only supports it (INFERRED, see the note).',
});

export const UnitEnum = builder.enumType('Unit', {
  description: 'The unit of a value or of a change.',
  values: Object.fromEntries(Object.values(Unit).map((u) => [u, { value: u, description: UNIT_DESCRIPTIONS[u] }])) as Record<
    Unit,
    { value: Unit; description: string }
  >,
});

export const UnitKindEnum = builder.enumType(UnitKind, {
  name: 'UnitKind',
  description: 'What kind of quantity a metric measures: CURRENCY (CNY, USD), COUNT, PERCENTAGE (percent, percentage points) or MULTIPLE (fold).',
});

export const ChangeBasisEnum = builder.enumType(ChangeBasis, {
  name: 'ChangeBasis',
  description:
    'What a reported change compares with: the same period a year before, the previous period, or a benchmark (named in `benchmark`).',
});

export const CustomsOfficeLevelEnum = builder.enumType(CustomsOfficeLevel, {
  name: 'CustomsOfficeLevel',
  description: 'Place in the hierarchy of Chinese customs: the General Administration, a customs district directly under it, or a subordinate office.',
});

export const BondedZoneTypeEnum = builder.enumType(BondedZoneType, {
  name: 'BondedZoneType',
  description: 'The legal type of a special customs supervision area.',
});

export const RegionTypeEnum = builder.enumType(RegionType, {
  name: 'RegionType',
  description: 'The administrative or economic level of a region.',
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  values: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } as const,
});
