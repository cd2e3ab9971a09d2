// Typed filters for every root connection: operators on scalar fields,
// and/or/not, and conditions across relations (some/every/none of an entity's
// relations, by predicate, direction and a filter on the entity at the other
// end; some/every/none of its observations). Each filter compiles, by the pure
// functions below, to one Prisma `where`, so a filtered page is one SQL
// statement and no row is filtered in Node.js.
import type { Prisma } from '../generated/prisma/client.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import { FAR_END, type Side, sidesOf, type WalkDirection } from '../domain/predicates.ts';
import { likeLiteral } from '../sql/where-sql.ts';
import type {
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
import { builder, type Types } from './builder.ts';
import {
  BondedZoneTypeEnum,
  ChangeBasisEnum,
  CustomsOfficeLevelEnum,
  DirectionEnum,
  EntityKindEnum,
  FactBasisEnum,
  PredicateEnum,
  RegionTypeEnum,
  UnitEnum,
  UnitKindEnum,
} from './enums.ts';
import { LimitExceededError } from '../domain/errors.ts';
import { allOf } from './pagination.ts';

/** Deepest nesting of and/or/not and relation conditions in one filter. */
const MAX_FILTER_DEPTH = 8;
/** Most conditions (scalar operators and nested filters) in one filter. */
const MAX_FILTER_CONDITIONS = 200;
/** Longest `in` / `notIn` list. */
const MAX_FILTER_LIST = 1000;

type Maybe<T> = T | null | undefined;

// Scalar filters -----------------------------------------------------------

const StringMatchModeEnum = builder.enumType('StringMatchMode', {
  description: 'How strings are compared.',
  values: {
    CASE_SENSITIVE: { description: 'Exactly (the default).' },
    CASE_INSENSITIVE: { description: 'Ignoring case.' },
  } as const,
});

export interface StringFilterInput {
  equals?: Maybe<string>;
  in?: Maybe<string[]>;
  notIn?: Maybe<string[]>;
  contains?: Maybe<string>;
  startsWith?: Maybe<string>;
  endsWith?: Maybe<string>;
  mode?: Maybe<'CASE_SENSITIVE' | 'CASE_INSENSITIVE'>;
  isNull?: Maybe<boolean>;
}

const StringFilter = builder.inputType('StringFilter', {
  description: 'Conditions on a string; all given must hold. `contains`, `startsWith` and `endsWith` take the text literally (no wildcards).',
  fields: (t) => ({
    equals: t.string({ description: 'Exactly this.' }),
    in: t.stringList({ description: `One of these (at most ${MAX_FILTER_LIST}).` }),
    notIn: t.stringList({ description: 'None of these.' }),
    contains: t.string({ description: 'Contains this text.' }),
    startsWith: t.string({ description: 'Starts with this text.' }),
    endsWith: t.string({ description: 'Ends with this text.' }),
    mode: t.field({ type: StringMatchModeEnum, description: 'CASE_INSENSITIVE to ignore case in every condition above.' }),
    isNull: t.boolean({ description: 'true: the field is empty (null); false: it is set. For optional fields.' }),
  }),
});

export interface StringListFilterInput {
  has?: Maybe<string>;
  hasSome?: Maybe<string[]>;
  hasEvery?: Maybe<string[]>;
  isEmpty?: Maybe<boolean>;
}

const StringListFilter = builder.inputType('StringListFilter', {
  description: 'Conditions on a list of strings (exact, case-sensitive elements).',
  fields: (t) => ({
    has: t.string({ description: 'The list holds this string.' }),
    hasSome: t.stringList({ description: 'The list holds at least one of these.' }),
    hasEvery: t.stringList({ description: 'The list holds all of these.' }),
    isEmpty: t.boolean({ description: 'true: the list is empty; false: it holds something.' }),
  }),
});

export interface RangeFilterInput<T> {
  equals?: Maybe<T>;
  in?: Maybe<T[]>;
  notIn?: Maybe<T[]>;
  lt?: Maybe<T>;
  lte?: Maybe<T>;
  gt?: Maybe<T>;
  gte?: Maybe<T>;
  isNull?: Maybe<boolean>;
}

function rangeFilter<T extends 'Decimal' | 'Date' | 'DateTime'>(name: string, type: T, description: string) {
  return builder.inputType(name, {
    description,
    fields: (t) => ({
      equals: t.field({ type, description: 'Exactly this.' }),
      in: t.field({ type: [type], description: `One of these (at most ${MAX_FILTER_LIST}).` }),
      notIn: t.field({ type: [type], description: 'None of these.' }),
      lt: t.field({ type, description: 'Less than.' }),
      lte: t.field({ type, description: 'Less than or equal.' }),
      gt: t.field({ type, description: 'Greater than.' }),
      gte: t.field({ type, description: 'Greater than or equal.' }),
      isNull: t.boolean({ description: 'true: the field is empty (null); false: it is set. For optional fields.' }),
    }),
  });
}

const DecimalFilter = rangeFilter('DecimalFilter', 'Decimal', 'Conditions on an exact decimal, given as a string ("73330000000", "33.5"); all given must hold.');
const DateFilter = rangeFilter('DateFilter', 'Date', 'Conditions on a date ("2023-07-31"); all given must hold.');
const DateTimeFilter = rangeFilter('DateTimeFilter', 'DateTime', 'Conditions on a timestamp; all given must hold.');

export interface EnumFilterInput<T> {
  equals?: Maybe<T>;
  in?: Maybe<T[]>;
  notIn?: Maybe<T[]>;
  isNull?: Maybe<boolean>;
}

type EnumRef =
  | typeof EntityKindEnum
  | typeof PredicateEnum
  | typeof UnitEnum
  | typeof UnitKindEnum
  | typeof ChangeBasisEnum
  | typeof FactBasisEnum
  | typeof CustomsOfficeLevelEnum
  | typeof BondedZoneTypeEnum
  | typeof RegionTypeEnum;

function enumFilter<V extends string>(name: string, type: EnumRef, what: string) {
  // One shape for every enum; the GraphQL type of the values is the enum's own.
  const values = type as unknown as typeof StringMatchModeEnum;
  return builder.inputRef<EnumFilterInput<V>>(name).implement({
    description: `Conditions on ${what}; all given must hold.`,
    fields: (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
      equals: t.field({ type: values, description: 'Exactly this.' }),
      in: t.field({ type: [values], description: 'One of these.' }),
      notIn: t.field({ type: [values], description: 'None of these.' }),
      isNull: t.boolean({ description: 'true: the field is empty (null); false: it is set. For optional fields.' }),
    }),
  } as never);
}

const EntityKindFilter = enumFilter<EntityKind>('EntityKindFilter', EntityKindEnum, 'the kind of an entity');
const PredicateFilter = enumFilter<Predicate>('PredicateFilter', PredicateEnum, 'the predicate of a relation');
const UnitFilter = enumFilter<Unit>('UnitFilter', UnitEnum, 'a unit');
const UnitKindFilter = enumFilter<UnitKind>('UnitKindFilter', UnitKindEnum, 'the kind of unit of a metric');
const ChangeBasisFilter = enumFilter<ChangeBasis>('ChangeBasisFilter', ChangeBasisEnum, 'what a change compares with');
const FactBasisFilter = enumFilter<FactBasis>('FactBasisFilter', FactBasisEnum, 'whether a relation is stated or inferred');
const CustomsOfficeLevelFilter = enumFilter<CustomsOfficeLevel>('CustomsOfficeLevelFilter', CustomsOfficeLevelEnum, 'the level of a customs office');
const BondedZoneTypeFilter = enumFilter<BondedZoneType>('BondedZoneTypeFilter', BondedZoneTypeEnum, 'the type of a bonded zone');
const RegionTypeFilter = enumFilter<RegionType>('RegionTypeFilter', RegionTypeEnum, 'the type of a region');

// Object filters (recursive, so their shapes are declared) -------------------

export interface SourceFilterInput {
  and?: Maybe<SourceFilterInput[]>;
  or?: Maybe<SourceFilterInput[]>;
  not?: Maybe<SourceFilterInput>;
  slug?: Maybe<StringFilterInput>;
  title?: Maybe<StringFilterInput>;
  publisher?: Maybe<StringFilterInput>;
  publishedOn?: Maybe<RangeFilterInput<Date>>;
  language?: Maybe<StringFilterInput>;
  url?: Maybe<StringFilterInput>;
  text?: Maybe<StringFilterInput>;
}

export interface MetricFilterInput {
  and?: Maybe<MetricFilterInput[]>;
  or?: Maybe<MetricFilterInput[]>;
  not?: Maybe<MetricFilterInput>;
  slug?: Maybe<StringFilterInput>;
  name?: Maybe<StringFilterInput>;
  description?: Maybe<StringFilterInput>;
  unitKind?: Maybe<EnumFilterInput<UnitKind>>;
}

export interface ChangeFilterInput {
  exists?: Maybe<boolean>;
  basis?: Maybe<EnumFilterInput<ChangeBasis>>;
  value?: Maybe<RangeFilterInput<string>>;
  unit?: Maybe<EnumFilterInput<Unit>>;
  benchmark?: Maybe<StringFilterInput>;
}

export interface ObservationFilterInput {
  and?: Maybe<ObservationFilterInput[]>;
  or?: Maybe<ObservationFilterInput[]>;
  not?: Maybe<ObservationFilterInput>;
  metric?: Maybe<MetricFilterInput>;
  subject?: Maybe<EntityFilterInput>;
  scope?: Maybe<EntityFilterInput>;
  statedBy?: Maybe<EntityFilterInput>;
  value?: Maybe<RangeFilterInput<string>>;
  unit?: Maybe<EnumFilterInput<Unit>>;
  periodStart?: Maybe<RangeFilterInput<Date>>;
  periodEnd?: Maybe<RangeFilterInput<Date>>;
  periodLabel?: Maybe<StringFilterInput>;
  change?: Maybe<ChangeFilterInput>;
  note?: Maybe<StringFilterInput>;
  quote?: Maybe<StringFilterInput>;
  source?: Maybe<SourceFilterInput>;
}

export type DirectionInput = WalkDirection;

export interface RelationFilterInput {
  predicate?: Maybe<EnumFilterInput<Predicate>>;
  direction?: Maybe<DirectionInput>;
  other?: Maybe<EntityFilterInput>;
  role?: Maybe<StringFilterInput>;
  basis?: Maybe<EnumFilterInput<FactBasis>>;
  validFrom?: Maybe<RangeFilterInput<Date>>;
  validTo?: Maybe<RangeFilterInput<Date>>;
  note?: Maybe<StringFilterInput>;
  quote?: Maybe<StringFilterInput>;
  source?: Maybe<SourceFilterInput>;
}

interface Quantified<T> {
  some?: Maybe<T>;
  every?: Maybe<T>;
  none?: Maybe<T>;
}

export interface EntityFilterInput {
  and?: Maybe<EntityFilterInput[]>;
  or?: Maybe<EntityFilterInput[]>;
  not?: Maybe<EntityFilterInput>;
  slug?: Maybe<StringFilterInput>;
  name?: Maybe<StringFilterInput>;
  description?: Maybe<StringFilterInput>;
  aliases?: Maybe<StringListFilterInput>;
  kind?: Maybe<EnumFilterInput<EntityKind>>;
  createdAt?: Maybe<RangeFilterInput<Date>>;
  updatedAt?: Maybe<RangeFilterInput<Date>>;
  customsOffice?: Maybe<{ level?: Maybe<EnumFilterInput<CustomsOfficeLevel>>; customsCode?: Maybe<StringFilterInput> }>;
  bondedZone?: Maybe<{ zoneType?: Maybe<EnumFilterInput<BondedZoneType>>; focus?: Maybe<StringFilterInput>; establishedOn?: Maybe<RangeFilterInput<Date>> }>;
  airport?: Maybe<{ iataCode?: Maybe<StringFilterInput>; icaoCode?: Maybe<StringFilterInput> }>;
  policy?: Maybe<{ category?: Maybe<StringFilterInput>; launchedOn?: Maybe<RangeFilterInput<Date>> }>;
  product?: Maybe<{ hsCode?: Maybe<StringFilterInput> }>;
  region?: Maybe<{ regionType?: Maybe<EnumFilterInput<RegionType>>; isoCode?: Maybe<StringFilterInput> }>;
  organization?: Maybe<{ orgType?: Maybe<StringFilterInput> }>;
  event?: Maybe<{ startsOn?: Maybe<RangeFilterInput<Date>>; endsOn?: Maybe<RangeFilterInput<Date>> }>;
  relations?: Maybe<Quantified<RelationFilterInput>>;
  observations?: Maybe<Quantified<ObservationFilterInput>>;
  mentionedIn?: Maybe<SourceFilterInput>;
}

export const SourceFilter = builder.inputRef<SourceFilterInput>('SourceFilter').implement({
  description: 'Conditions on a source; all given must hold.',
  fields: (t) => ({
    and: t.field({ type: [SourceFilter], description: 'All of these hold.' }),
    or: t.field({ type: [SourceFilter], description: 'At least one of these holds.' }),
    not: t.field({ type: SourceFilter, description: 'This does not hold.' }),
    slug: t.field({ type: StringFilter, description: 'Condition on `slug`.' }),
    title: t.field({ type: StringFilter, description: 'Condition on `title`.' }),
    publisher: t.field({ type: StringFilter, description: 'Condition on `publisher`.' }),
    publishedOn: t.field({ type: DateFilter, description: 'Condition on `publishedOn`.' }),
    language: t.field({ type: StringFilter, description: 'Condition on `language`.' }),
    url: t.field({ type: StringFilter, description: 'Condition on `url`.' }),
    text: t.field({ type: StringFilter, description: 'The full text (use `searchSources` for ranked search).' }),
  }),
});

export const MetricFilter = builder.inputRef<MetricFilterInput>('MetricFilter').implement({
  description: 'Conditions on a metric; all given must hold.',
  fields: (t) => ({
    and: t.field({ type: [MetricFilter], description: 'All of these hold.' }),
    or: t.field({ type: [MetricFilter], description: 'At least one of these holds.' }),
    not: t.field({ type: MetricFilter, description: 'This does not hold.' }),
    slug: t.field({ type: StringFilter, description: 'Condition on `slug`.' }),
    name: t.field({ type: StringFilter, description: 'Condition on `name`.' }),
    description: t.field({ type: StringFilter, description: 'Condition on `description`.' }),
    unitKind: t.field({ type: UnitKindFilter, description: 'Condition on `unitKind`.' }),
  }),
});

const ChangeFilter = builder.inputRef<ChangeFilterInput>('ChangeFilter').implement({
  description: 'Conditions on the change a source reports for a value; all given must hold.',
  fields: (t) => ({
    exists: t.boolean({ description: 'true: a change is reported; false: none is.' }),
    basis: t.field({ type: ChangeBasisFilter, description: 'Condition on `basis`.' }),
    value: t.field({ type: DecimalFilter, description: 'The change, e.g. { gt: "30" } (compare like units: see `unit`).' }),
    unit: t.field({ type: UnitFilter, description: 'Condition on `unit`.' }),
    benchmark: t.field({ type: StringFilter, description: 'Condition on `benchmark`.' }),
  }),
});

export const EntityFilter = builder.inputRef<EntityFilterInput>('EntityFilter');

export const ObservationFilter = builder.inputRef<ObservationFilterInput>('ObservationFilter').implement({
  description: 'Conditions on an observation; all given must hold.',
  fields: (t) => ({
    and: t.field({ type: [ObservationFilter], description: 'All of these hold.' }),
    or: t.field({ type: [ObservationFilter], description: 'At least one of these holds.' }),
    not: t.field({ type: ObservationFilter, description: 'This does not hold.' }),
    metric: t.field({ type: MetricFilter, description: 'Condition on `metric`.' }),
    subject: t.field({ type: EntityFilter, description: 'The entity the number is about.' }),
    scope: t.field({ type: EntityFilter, description: 'Where it was measured.' }),
    statedBy: t.field({ type: EntityFilter, description: 'Who stated it.' }),
    value: t.field({ type: DecimalFilter, description: 'The value, e.g. { gt: "1000000000" } (compare like units: see `unit`).' }),
    unit: t.field({ type: UnitFilter, description: 'Condition on `unit`.' }),
    periodStart: t.field({ type: DateFilter, description: 'Condition on `periodStart`.' }),
    periodEnd: t.field({ type: DateFilter, description: 'Condition on `periodEnd`.' }),
    periodLabel: t.field({ type: StringFilter, description: 'Condition on `periodLabel`.' }),
    change: t.field({ type: ChangeFilter, description: 'Condition on `change`.' }),
    note: t.field({ type: StringFilter, description: 'Condition on `note`.' }),
    quote: t.field({ type: StringFilter, description: 'The quote that states the number.' }),
    source: t.field({ type: SourceFilter, description: 'Condition on `source`.' }),
  }),
});

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
    role: t.field({ type: StringFilter, description: 'Condition on `role`.' }),
    basis: t.field({ type: FactBasisFilter, description: 'Condition on `basis`.' }),
    validFrom: t.field({ type: DateFilter, description: 'Condition on `validFrom`.' }),
    validTo: t.field({ type: DateFilter, description: 'Condition on `validTo`.' }),
    note: t.field({ type: StringFilter, description: 'Condition on `note`.' }),
    quote: t.field({ type: StringFilter, description: 'The quote that states the relation.' }),
    source: t.field({ type: SourceFilter, description: 'Condition on `source`.' }),
  }),
});

const EntityRelationsFilter = builder.inputType('EntityRelationsFilter', {
  description:
    'Conditions on the relations of an entity: `some` relation matches; `every` relation of the given predicate and direction matches (true when there is none); `none` matches.',
  fields: (t) => ({
    some: t.field({ type: RelationFilter, description: 'At least one relation matches.' }),
    every: t.field({ type: RelationFilter, description: 'Every relation matches (true of an entity with none).' }),
    none: t.field({ type: RelationFilter, description: 'No relation matches.' }),
  }),
});

const EntityObservationsFilter = builder.inputType('EntityObservationsFilter', {
  description: 'Conditions on the observations of an entity: `some` matches, `every` matches (true when there is none), `none` matches.',
  fields: (t) => ({
    some: t.field({ type: ObservationFilter, description: 'At least one observation matches.' }),
    every: t.field({ type: ObservationFilter, description: 'Every observation matches (true of an entity with none).' }),
    none: t.field({ type: ObservationFilter, description: 'No observation matches.' }),
  }),
});

const CustomsOfficeFilter = builder.inputType('CustomsOfficeFilter', {
  description: 'Conditions on the attributes of a customs office.',
  fields: (t) => ({ level: t.field({ type: CustomsOfficeLevelFilter, description: 'Condition on `level`.' }), customsCode: t.field({ type: StringFilter, description: 'Condition on `customsCode`.' }) }),
});
const BondedZoneFilter = builder.inputType('BondedZoneFilter', {
  description: 'Conditions on the attributes of a bonded zone.',
  fields: (t) => ({
    zoneType: t.field({ type: BondedZoneTypeFilter, description: 'Condition on `zoneType`.' }),
    focus: t.field({ type: StringFilter, description: 'Condition on `focus`.' }),
    establishedOn: t.field({ type: DateFilter, description: 'Condition on `establishedOn`.' }),
  }),
});
const AirportFilter = builder.inputType('AirportFilter', {
  description: 'Conditions on the attributes of an airport.',
  fields: (t) => ({ iataCode: t.field({ type: StringFilter, description: 'Condition on `iataCode`.' }), icaoCode: t.field({ type: StringFilter, description: 'Condition on `icaoCode`.' }) }),
});
const PolicyFilter = builder.inputType('PolicyFilter', {
  description: 'Conditions on the attributes of a policy.',
  fields: (t) => ({ category: t.field({ type: StringFilter, description: 'Condition on `category`.' }), launchedOn: t.field({ type: DateFilter, description: 'Condition on `launchedOn`.' }) }),
});
const ProductFilter = builder.inputType('ProductFilter', {
  description: 'Conditions on the attributes of a product.',
  fields: (t) => ({ hsCode: t.field({ type: StringFilter, description: 'Condition on `hsCode`.' }) }),
});
const RegionFilter = builder.inputType('RegionFilter', {
  description: 'Conditions on the attributes of a region.',
  fields: (t) => ({ regionType: t.field({ type: RegionTypeFilter, description: 'Condition on `regionType`.' }), isoCode: t.field({ type: StringFilter, description: 'Condition on `isoCode`.' }) }),
});
const OrganizationFilter = builder.inputType('OrganizationFilter', {
  description: 'Conditions on the attributes of an organisation.',
  fields: (t) => ({ orgType: t.field({ type: StringFilter, description: 'Condition on `orgType`.' }) }),
});
const EventFilter = builder.inputType('EventFilter', {
  description: 'Conditions on the attributes of an event.',
  fields: (t) => ({ startsOn: t.field({ type: DateFilter, description: 'Condition on `startsOn`.' }), endsOn: t.field({ type: DateFilter, description: 'Condition on `endsOn`.' }) }),
});

EntityFilter.implement({
  description: 'Conditions on an entity; all given must hold. Typed attributes apply to entities of their kind only.',
  fields: (t) => ({
    and: t.field({ type: [EntityFilter], description: 'All of these hold.' }),
    or: t.field({ type: [EntityFilter], description: 'At least one of these holds.' }),
    not: t.field({ type: EntityFilter, description: 'This does not hold.' }),
    slug: t.field({ type: StringFilter, description: 'Condition on `slug`.' }),
    name: t.field({ type: StringFilter, description: 'Condition on `name`.' }),
    description: t.field({ type: StringFilter, description: 'Condition on `description`.' }),
    aliases: t.field({ type: StringListFilter, description: 'Condition on `aliases`.' }),
    kind: t.field({ type: EntityKindFilter, description: 'Condition on `kind`.' }),
    createdAt: t.field({ type: DateTimeFilter, description: 'Condition on `createdAt`.' }),
    updatedAt: t.field({ type: DateTimeFilter, description: 'Condition on `updatedAt`.' }),
    customsOffice: t.field({ type: CustomsOfficeFilter, description: 'Only customs offices, with these attributes.' }),
    bondedZone: t.field({ type: BondedZoneFilter, description: 'Only bonded zones, with these attributes.' }),
    airport: t.field({ type: AirportFilter, description: 'Only airports, with these attributes.' }),
    policy: t.field({ type: PolicyFilter, description: 'Only policies, with these attributes.' }),
    product: t.field({ type: ProductFilter, description: 'Only products, with these attributes.' }),
    region: t.field({ type: RegionFilter, description: 'Only regions, with these attributes.' }),
    organization: t.field({ type: OrganizationFilter, description: 'Only organisations, with these attributes.' }),
    event: t.field({ type: EventFilter, description: 'Only events, with these attributes.' }),
    relations: t.field({ type: EntityRelationsFilter, description: 'Conditions across relations, e.g. zones supervised by Beijing Customs.' }),
    observations: t.field({ type: EntityObservationsFilter, description: 'Conditions on the numbers reported about the entity.' }),
    mentionedIn: t.field({ type: SourceFilter, description: 'The entity is named in a source that matches.' }),
  }),
});

// Compilation to Prisma `where` ----------------------------------------------

/** Counts conditions and nesting while a filter compiles, to refuse filters too large to run. */
class FilterBudget {
  conditions = 0;

  constructor(readonly argument = 'filter') {}

  count(n = 1) {
    this.conditions += n;
    if (this.conditions > MAX_FILTER_CONDITIONS) {
      throw new LimitExceededError(`"${this.argument}" has more than ${MAX_FILTER_CONDITIONS} conditions; split the question`, {
        argument: this.argument,
        limit: MAX_FILTER_CONDITIONS,
      });
    }
  }

  nest(depth: number) {
    if (depth > MAX_FILTER_DEPTH) {
      throw new LimitExceededError(`"${this.argument}" nests deeper than ${MAX_FILTER_DEPTH} levels`, { argument: this.argument, limit: MAX_FILTER_DEPTH });
    }
  }
}

type Where = Record<string, unknown>;

const present = <T>(value: Maybe<T>): value is T => value !== null && value !== undefined;

function checkList(values: unknown[], budget: FilterBudget) {
  if (values.length > MAX_FILTER_LIST) {
    throw new LimitExceededError(`an "in" list of "${budget.argument}" holds ${values.length} values; at most ${MAX_FILTER_LIST}`, {
      argument: budget.argument,
      limit: MAX_FILTER_LIST,
    });
  }
}

/** A Prisma scalar filter from the operators given; undefined when none is. */
function scalarWhere(input: Maybe<Record<string, unknown>>, budget: FilterBudget, extra: Where = {}): Where | undefined {
  if (!input) return undefined;
  const out: Where = {};
  const and: Where[] = [];
  for (const [op, value] of Object.entries(input)) {
    if (!present(value) || op === 'mode') continue;
    budget.count();
    if (Array.isArray(value)) checkList(value, budget);
    if (op === 'isNull') and.push(value ? { equals: null } : { not: null });
    else out[op] = value;
  }
  if (!Object.keys(out).length && !and.length) return undefined;
  const main = Object.keys(out).length ? { ...out, ...extra } : undefined;
  if (!and.length) return main;
  // isNull next to other operators: a field filter holds one `not`, so the null test is a separate condition.
  return { __and: [...(main ? [main] : []), ...and] } as Where;
}

// Prisma sends `contains`, `startsWith` and `endsWith` to PostgreSQL as LIKE
// patterns without escaping them, so "%" would match everything, and a
// case-insensitive `equals` as `ILIKE $1`, where "%" and "_" are wildcards
// too: the text is taken literally by escaping LIKE's metacharacters
// (likeLiteral). The SQL translation of a where (where-sql.ts) reads an
// insensitive equals as the same ILIKE, so every path compares exactly.
function stringWhere(input: Maybe<StringFilterInput>, budget: FilterBudget): Where | undefined {
  if (!input) return undefined;
  const insensitive = input.mode === 'CASE_INSENSITIVE';
  const literal = { ...input } as Record<string, unknown>;
  for (const op of ['contains', 'startsWith', 'endsWith', ...(insensitive ? (['equals'] as const) : [])] as const) {
    if (present(input[op])) literal[op] = likeLiteral(input[op]);
  }
  return scalarWhere(literal, budget, insensitive ? { mode: 'insensitive' } : {});
}

const MODELS = getDatamodel().datamodel.models;

/** Whether a field of a model may be null (a null test on one that may not is decided here: Prisma refuses it). */
function nullable(model: keyof typeof MODELS, field: string): boolean {
  return MODELS[model]!.fields.some((f) => f.name === field && !f.isRequired);
}

/** Rows where nothing holds: Prisma reads an empty OR as false. */
const NOTHING: Where = { OR: [] };

/** Puts `field: filter` into `into`, splitting a null test off into `ands`. */
function put(model: keyof typeof MODELS, into: Where, ands: Where[], field: string, filter: Where | undefined) {
  if (!filter) return;
  const split = (filter as { __and?: Where[] }).__and;
  if (!split) {
    into[field] = filter;
    return;
  }
  for (const part of split) {
    const nullTest = 'equals' in part && part.equals === null ? 'null' : 'not' in part && part.not === null ? 'set' : null;
    if (nullTest && !nullable(model, field)) {
      // A required field is never null: "is null" matches nothing, "is set" everything.
      if (nullTest === 'null') ands.push(NOTHING);
    } else ands.push({ [field]: part });
  }
}

function logical<F>(
  input: { and?: Maybe<F[]>; or?: Maybe<F[]>; not?: Maybe<F> },
  depth: number,
  budget: FilterBudget,
  compile: (f: F, depth: number, budget: FilterBudget) => Where,
): Where[] {
  const out: Where[] = [];
  if (present(input.and)) {
    budget.count();
    out.push({ AND: input.and.map((f) => compile(f, depth + 1, budget)) });
  }
  if (present(input.or)) {
    budget.count();
    out.push({ OR: input.or.map((f) => compile(f, depth + 1, budget)) });
  }
  if (present(input.not)) {
    budget.count();
    out.push({ NOT: compile(input.not, depth + 1, budget) });
  }
  return out;
}

export function sourceWhere(input: SourceFilterInput, depth = 1, budget = new FilterBudget()): Prisma.SourceWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, sourceWhere as never);
  for (const key of ['slug', 'title', 'publisher', 'language', 'url', 'text'] as const) put('Source', fields, ands, key, stringWhere(input[key], budget));
  put('Source', fields, ands, 'publishedOn', scalarWhere(input.publishedOn as never, budget));
  return allOf(fields, ...ands) as Prisma.SourceWhereInput;
}

export function metricWhere(input: MetricFilterInput, depth = 1, budget = new FilterBudget()): Prisma.MetricWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, metricWhere as never);
  for (const key of ['slug', 'name', 'description'] as const) put('Metric', fields, ands, key, stringWhere(input[key], budget));
  put('Metric', fields, ands, 'unitKind', scalarWhere(input.unitKind as never, budget));
  return allOf(fields, ...ands) as Prisma.MetricWhereInput;
}

export function observationWhereOf(input: ObservationFilterInput, depth = 1, budget = new FilterBudget()): Prisma.ObservationWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, observationWhereOf as never);
  if (input.metric) fields.metric = metricWhere(input.metric, depth + 1, budget);
  if (input.subject) fields.subject = entityWhere(input.subject, depth + 1, budget);
  // An optional relation filtered with no condition still means the relation is there (Prisma would read {} as no filter at all).
  const existing = (where: Where) => (Object.keys(where).length ? where : { isNot: null });
  if (input.scope) fields.scope = existing(entityWhere(input.scope, depth + 1, budget));
  if (input.statedBy) fields.statedBy = existing(entityWhere(input.statedBy, depth + 1, budget));
  if (input.source) fields.source = sourceWhere(input.source, depth + 1, budget);
  put('Observation', fields, ands, 'value', scalarWhere(input.value as never, budget));
  put('Observation', fields, ands, 'unit', scalarWhere(input.unit as never, budget));
  put('Observation', fields, ands, 'periodStart', scalarWhere(input.periodStart as never, budget));
  put('Observation', fields, ands, 'periodEnd', scalarWhere(input.periodEnd as never, budget));
  put('Observation', fields, ands, 'periodLabel', stringWhere(input.periodLabel, budget));
  put('Observation', fields, ands, 'note', stringWhere(input.note, budget));
  const evidence: Where = {};
  const evidenceAnds: Where[] = [];
  put('Evidence', evidence, evidenceAnds, 'quote', stringWhere(input.quote, budget));
  if (Object.keys(evidence).length || evidenceAnds.length) fields.evidence = allOf(evidence, ...evidenceAnds);
  if (input.change) {
    const change = input.change;
    if (present(change.exists)) {
      budget.count();
      ands.push({ changeBasis: change.exists ? { not: null } : null });
    }
    put('Observation', fields, ands, 'changeBasis', scalarWhere(change.basis as never, budget));
    put('Observation', fields, ands, 'changeValue', scalarWhere(change.value as never, budget));
    put('Observation', fields, ands, 'changeUnit', scalarWhere(change.unit as never, budget));
    put('Observation', fields, ands, 'changeBenchmark', stringWhere(change.benchmark, budget));
  }
  return allOf(fields, ...ands) as Prisma.ObservationWhereInput;
}


/** The conditions of a relation filter other than which relations it is about (predicate, direction). */
function relationConditions(input: RelationFilterInput, side: Side, depth: number, budget: FilterBudget): Where {
  const fields: Where = {};
  const ands: Where[] = [];
  if (input.other) fields[FAR_END[side]] = entityWhere(input.other, depth + 1, budget);
  if (input.source) fields.source = sourceWhere(input.source, depth + 1, budget);
  put('Relation', fields, ands, 'role', stringWhere(input.role, budget));
  put('Relation', fields, ands, 'basis', scalarWhere(input.basis as never, budget));
  put('Relation', fields, ands, 'validFrom', scalarWhere(input.validFrom as never, budget));
  put('Relation', fields, ands, 'validTo', scalarWhere(input.validTo as never, budget));
  put('Relation', fields, ands, 'note', stringWhere(input.note, budget));
  const evidence: Where = {};
  const evidenceAnds: Where[] = [];
  put('Evidence', evidence, evidenceAnds, 'quote', stringWhere(input.quote, budget));
  if (Object.keys(evidence).length || evidenceAnds.length) fields.evidence = allOf(evidence, ...evidenceAnds);
  return allOf(fields, ...ands);
}

function relationsWhere(input: Quantified<RelationFilterInput>, depth: number, budget: FilterBudget): Where[] {
  const out: Where[] = [];
  for (const quantifier of ['some', 'every', 'none'] as const) {
    const filter = input[quantifier];
    if (!filter) continue;
    budget.count();
    const predicate = scalarWhere(filter.predicate as never, budget);
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

const KIND_ATTRIBUTES = {
  customsOffice: { model: 'CustomsOfficeDetails', relation: 'customsOffice', kind: 'CUSTOMS_OFFICE', strings: ['customsCode'], others: ['level'] },
  bondedZone: { model: 'BondedZoneDetails', relation: 'bondedZone', kind: 'BONDED_ZONE', strings: ['focus'], others: ['zoneType', 'establishedOn'] },
  airport: { model: 'AirportDetails', relation: 'airport', kind: 'AIRPORT', strings: ['iataCode', 'icaoCode'], others: [] },
  policy: { model: 'PolicyDetails', relation: 'policy', kind: 'POLICY', strings: ['category'], others: ['launchedOn'] },
  product: { model: 'ProductDetails', relation: 'product', kind: 'PRODUCT', strings: ['hsCode'], others: [] },
  region: { model: 'RegionDetails', relation: 'region', kind: 'REGION', strings: ['isoCode'], others: ['regionType'] },
  organization: { model: 'OrganizationDetails', relation: 'organization', kind: 'ORGANIZATION', strings: ['orgType'], others: [] },
  event: { model: 'EventDetails', relation: 'event', kind: 'EVENT', strings: [], others: ['startsOn', 'endsOn'] },
} as const;

export function entityWhere(input: EntityFilterInput, depth = 1, budget = new FilterBudget()): Prisma.EntityWhereInput {
  budget.nest(depth);
  const fields: Where = {};
  const ands = logical(input, depth, budget, entityWhere as never);
  for (const key of ['slug', 'name', 'description'] as const) put('Entity', fields, ands, key, stringWhere(input[key], budget));
  put('Entity', fields, ands, 'aliases', scalarWhere(input.aliases as never, budget));
  put('Entity', fields, ands, 'kind', scalarWhere(input.kind as never, budget));
  put('Entity', fields, ands, 'createdAt', scalarWhere(input.createdAt as never, budget));
  put('Entity', fields, ands, 'updatedAt', scalarWhere(input.updatedAt as never, budget));
  for (const [key, spec] of Object.entries(KIND_ATTRIBUTES) as Array<[keyof typeof KIND_ATTRIBUTES, (typeof KIND_ATTRIBUTES)[keyof typeof KIND_ATTRIBUTES]]>) {
    const attributes = input[key] as Maybe<Record<string, Maybe<Record<string, unknown>>>>;
    if (!attributes) continue;
    budget.count();
    const inner: Where = {};
    const innerAnds: Where[] = [];
    for (const field of spec.strings) put(spec.model, inner, innerAnds, field, stringWhere(attributes[field] as StringFilterInput, budget));
    for (const field of spec.others) put(spec.model, inner, innerAnds, field, scalarWhere(attributes[field], budget));
    // Asking about a kind's attributes means the entity is of that kind.
    ands.push({ kind: spec.kind, [spec.relation]: { is: allOf(inner, ...innerAnds) } });
  }
  if (input.relations) ands.push(...relationsWhere(input.relations, depth + 1, budget));
  if (input.observations) {
    for (const quantifier of ['some', 'every', 'none'] as const) {
      const filter = input.observations[quantifier];
      if (!filter) continue;
      budget.count();
      ands.push({ observations: { [quantifier]: observationWhereOf(filter, depth + 1, budget) } });
    }
  }
  if (input.mentionedIn) {
    budget.count();
    ands.push({ mentions: { some: { evidence: { source: sourceWhere(input.mentionedIn, depth + 1, budget) } } } });
  }
  return allOf(fields, ...ands) as Prisma.EntityWhereInput;
}

