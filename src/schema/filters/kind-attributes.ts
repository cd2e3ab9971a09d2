// Conditions on the typed attributes of each kind (customsOffice: { level,
// customsCode }, ...), one input type per kind with filterable attributes,
// derived from the kind registry: text and codes take a StringFilter, dates a
// DateFilter, enums their enum's filter. References are walked with relation
// filters instead.
import { type Attribute, detailsRelationOf, KIND_NAMES, KINDS, withArticle } from '../../domain/kinds.ts';
import { kindModel } from '../../domain/kind-models.ts';
import type { EntityKind } from '../../generated/prisma/enums.ts';
import { builder } from '../builder.ts';
import { allOf } from '../pagination.ts';
import { conditionFields, type Condition, type FilterBudget, type Maybe, type ModelName, put, scalarWhere, type Where } from './conditions.ts';
import { ATTRIBUTE_ENUM_FILTERS, type EnumFilterInput } from './enum.ts';
import { DateFilter } from './range.ts';
import { StringFilter, type StringFilterInput, stringWhere } from './string.ts';

type Kinds = typeof KINDS;
type FilterInputOf<A> = A extends { type: 'text' | 'code' } ? StringFilterInput
  : A extends { type: 'date' } ? typeof DateFilter.$inferInput
  : A extends { type: 'enum' } ? EnumFilterInput<string>
  : never;
type Filterable<As> = { [N in keyof As as FilterInputOf<As[N]> extends never ? never : N]?: Maybe<FilterInputOf<As[N]>> };
type WithFilters<K extends EntityKind> = keyof Filterable<Kinds[K]['attributes']> extends never ? never : K;

/** EntityFilter's kind conditions, typed from the registry: { customsOffice?: { level?, customsCode? }, ... }. */
export type KindAttributeConditions = {
  [K in EntityKind as WithFilters<K> extends never ? never : Uncapitalize<Kinds[K]['typeName']>]?: Maybe<Filterable<Kinds[K]['attributes']>>;
};

function conditionOf(attribute: Attribute): Condition | null {
  const type = attribute.type === 'text' || attribute.type === 'code' ? StringFilter
    : attribute.type === 'date' ? DateFilter
    : attribute.type === 'enum' ? ATTRIBUTE_ENUM_FILTERS.get(attribute.enum.name)!
    : null;
  return type && { type, description: '' };
}

const filterable = (kind: EntityKind) =>
  Object.entries(KINDS[kind].attributes as Record<string, Attribute>).filter(([, a]) => conditionOf(a) !== null);

/** Each kind's attribute filter, with the EntityFilter field that takes it. */
export const KIND_ATTRIBUTE_FILTERS = KIND_NAMES.filter((kind) => filterable(kind).length > 0).map((kind) => {
  const spec = KINDS[kind];
  const conditions = Object.fromEntries(
    filterable(kind).map(([name, a]) => [name, { ...conditionOf(a)!, description: `Condition on \`${name}\`.` }]),
  );
  const filter = builder.inputType(`${spec.typeName}Filter`, {
    description: `Conditions on the attributes of ${withArticle(spec.noun.one)}.`,
    fields: (t) => conditionFields(t, conditions),
  });
  return { kind, field: detailsRelationOf(kind)!, filter, description: `Only ${spec.noun.many}, with these attributes.` };
});

/** Conditions on kinds' attributes; asking about a kind's attributes means the entity is of that kind. */
export function kindAttributesWhere(input: KindAttributeConditions, budget: FilterBudget): Where[] {
  const out: Where[] = [];
  for (const { kind, field } of KIND_ATTRIBUTE_FILTERS) {
    const attributes = (input as Record<string, Maybe<Record<string, Maybe<object>>>>)[field];
    if (!attributes) continue;
    budget.count();
    const model = kindModel(kind)!;
    const inner: Where = {};
    const innerAnds: Where[] = [];
    for (const [name, a] of filterable(kind)) {
      const where = a.type === 'text' || a.type === 'code' ? stringWhere(attributes[name] as StringFilterInput, budget) : scalarWhere(attributes[name], budget);
      put(model.model as ModelName, inner, innerAnds, name, where);
    }
    out.push({ kind, [model.relation]: { is: allOf(inner, ...innerAnds) } });
  }
  return out;
}
