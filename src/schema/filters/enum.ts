// Conditions on enum values: one filter type per enum, all of one shape, the
// values typed by the enum itself. The enums of kinds' attributes get theirs
// from the kind registry.
import { attributeEnums } from '../../domain/kinds.ts';
import type { ChangeBasis, EntityKind, FactBasis, Predicate, Unit, UnitKind } from '../../generated/prisma/enums.ts';
import { builder, type Types } from '../builder.ts';
import { ATTRIBUTE_ENUMS, ChangeBasisEnum, EntityKindEnum, FactBasisEnum, PredicateEnum, UnitEnum, UnitKindEnum } from '../enums.ts';
import { IS_NULL_DESCRIPTION, type Maybe } from './conditions.ts';

export interface EnumFilterInput<T> {
  equals?: Maybe<T>;
  in?: Maybe<T[]>;
  notIn?: Maybe<T[]>;
  isNull?: Maybe<boolean>;
}

function enumFilter<V extends string>(name: string, type: { name: string }, what: string) {
  // One shape for every enum; the GraphQL type of the values is the enum's own.
  const values = type as unknown as typeof EntityKindEnum;
  return builder.inputRef<EnumFilterInput<V>>(name).implement({
    description: `Conditions on ${what}; all given must hold.`,
    fields: (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
      equals: t.field({ type: values, description: 'Exactly this.' }),
      in: t.field({ type: [values], description: 'One of these.' }),
      notIn: t.field({ type: [values], description: 'None of these.' }),
      isNull: t.boolean({ description: IS_NULL_DESCRIPTION }),
    }),
  } as never);
}

export const EntityKindFilter = enumFilter<EntityKind>('EntityKindFilter', EntityKindEnum, 'the kind of an entity');
export const PredicateFilter = enumFilter<Predicate>('PredicateFilter', PredicateEnum, 'the predicate of a relation');
export const UnitFilter = enumFilter<Unit>('UnitFilter', UnitEnum, 'a unit');
export const UnitKindFilter = enumFilter<UnitKind>('UnitKindFilter', UnitKindEnum, 'the kind of unit of a metric');
export const ChangeBasisFilter = enumFilter<ChangeBasis>('ChangeBasisFilter', ChangeBasisEnum, 'what a change compares with');
export const FactBasisFilter = enumFilter<FactBasis>('FactBasisFilter', FactBasisEnum, 'whether a relation is stated or inferred');

/** The filter of each attribute enum (CustomsOfficeLevelFilter, ...), by enum name. */
export const ATTRIBUTE_ENUM_FILTERS = new Map(
  attributeEnums().map((e) => [e.name, enumFilter<string>(`${e.name}Filter`, ATTRIBUTE_ENUMS.get(e.name)!, e.tells)]),
);
