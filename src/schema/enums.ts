// The closed vocabularies of the graph, exposed as GraphQL enums with the
// same values as the database enums.
import { PREDICATES } from '../domain/predicates.ts';
import { UNIT_DESCRIPTIONS } from '../domain/units.ts';
import {
  type BondedZoneType,
  type ChangeBasis,
  type CustomsOfficeLevel,
  type EntityKind,
  type FactBasis,
  Predicate,
  type RegionType,
  Unit,
  type UnitKind,
} from '../generated/prisma/enums.ts';
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

export const EntityKindEnum = describedEnum<EntityKind>('EntityKind', 'What a node of the graph is.', {
  CUSTOMS_OFFICE: 'A customs office: the General Administration, a customs district or a subordinate office.',
  BONDED_ZONE: 'A special customs supervision area, e.g. a comprehensive bonded zone.',
  AIRPORT: 'An airport, as a port of entry.',
  POLICY: 'A policy, measure, reform, model, mechanism or programme.',
  INDUSTRY: 'An industry or group of industries.',
  PRODUCT: 'A traded product or group of products.',
  REGION: 'A country, province, municipality, city, district or economic region.',
  PERSON: 'A person.',
  ORGANIZATION: 'An organisation other than a customs office.',
  EVENT: 'Something that happened at a time, e.g. a press conference.',
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

export const CustomsOfficeLevelEnum = describedEnum<CustomsOfficeLevel>(
  'CustomsOfficeLevel',
  'Place of an office in the hierarchy of Chinese customs.',
  {
    GENERAL_ADMINISTRATION: 'The General Administration of Customs (海关总署).',
    DIRECT_CUSTOMS: 'A customs district directly under the General Administration (直属海关), e.g. Beijing Customs.',
    SUBORDINATE_CUSTOMS: 'An office under a customs district (隶属海关), e.g. an airport customs office.',
  },
);

export const BondedZoneTypeEnum = describedEnum<BondedZoneType>('BondedZoneType', 'The legal type of a special customs supervision area.', {
  COMPREHENSIVE_BONDED_ZONE: 'Comprehensive bonded zone or area (综合保税区).',
  BONDED_PORT_AREA: 'Bonded port area (保税港区).',
  BONDED_LOGISTICS_CENTER: 'Bonded logistics centre or park.',
  EXPORT_PROCESSING_ZONE: 'Export processing zone.',
  FREE_TRADE_ZONE: 'Free trade zone or pilot free trade zone.',
  OTHER: 'Another kind of special customs supervision area.',
});

export const RegionTypeEnum = describedEnum<RegionType>('RegionType', 'The administrative or economic level of a region.', {
  COUNTRY: 'A country.',
  PROVINCE: 'A province or autonomous region.',
  MUNICIPALITY: 'A municipality directly under the central government, e.g. Beijing.',
  CITY: 'A city.',
  DISTRICT: 'A district or county.',
  ECONOMIC_REGION: 'A region defined by economic ties, e.g. Beijing-Tianjin-Hebei.',
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Which way to sort.',
  values: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } as const,
});
