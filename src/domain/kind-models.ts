// Where each kind of the registry lives in Prisma's data model: its 1:1
// attribute model, the field of each attribute, and the relation fields of
// its references both ways. Read from the generated data model, so the
// registry names no model, column or foreign key of its own.
import { getDatamodel } from '../generated/pothos-types.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import { type Attribute, detailsRelationOf, KIND_NAMES, KINDS } from './kinds.ts';

export interface ModelField {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isRequired: boolean;
  isList: boolean;
  isUnique: boolean;
  isId: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

export const MODELS = getDatamodel().datamodel.models as unknown as Record<string, { fields: ModelField[] }>;

export function modelField(model: string, name: string): ModelField | undefined {
  return MODELS[model]?.fields.find((f) => f.name === name);
}

export interface KindModel {
  kind: EntityKind;
  /** Entity's relation field to the attribute model (customsOffice). */
  relation: string;
  /** The attribute model (CustomsOfficeDetails). */
  model: string;
  /** The kind's attributes with their Prisma fields. */
  attributes: Array<{
    name: string;
    attribute: Attribute;
    /** The model's field holding the value: the attribute itself, or a reference's foreign key (parentOfficeId). */
    field: string;
    /** For a reference: Entity's list field of the entities that refer to it (childOffices). */
    inverseRelation?: string;
  }>;
}

function kindModelOf(kind: EntityKind): KindModel | null {
  const relation = detailsRelationOf(kind);
  if (!relation) return null;
  const link = modelField('Entity', relation);
  if (!link || link.kind !== 'object') throw new Error(`Entity has no relation ${relation} to the attribute model of ${kind}`);
  const model = link.type;
  const attributes = Object.entries(KINDS[kind].attributes as Record<string, Attribute>).map(([name, attribute]) => {
    if (attribute.type !== 'reference') return { name, attribute, field: name };
    const reference = modelField(model, name);
    const foreignKey = reference?.relationFromFields?.[0];
    if (!reference || !foreignKey) throw new Error(`${model}.${name} is not a relation holding its foreign key`);
    const inverse = MODELS.Entity!.fields.find((f) => f.relationName === reference.relationName && f.type === model);
    if (!inverse) throw new Error(`Entity has no list field for the relation ${reference.relationName}`);
    return { name, attribute, field: foreignKey, inverseRelation: inverse.name };
  });
  return { kind, relation, model, attributes };
}

/** The attribute model of each kind that has attributes, in registry order. */
export const KIND_MODELS: KindModel[] = KIND_NAMES.flatMap((kind) => kindModelOf(kind) ?? []);

export const kindModel = (kind: EntityKind): KindModel | undefined => KIND_MODELS.find((m) => m.kind === kind);

type Kinds = typeof KINDS;
/** Entity's relation fields to the attribute models, as a type: 'customsOffice' | 'bondedZone' | ... */
export type DetailRelation = {
  [K in EntityKind]: keyof Kinds[K]['attributes'] extends never ? never : Uncapitalize<Kinds[K]['typeName']>;
}[EntityKind];

/** Entity's relation fields to the attribute models. */
export const DETAIL_RELATIONS = KIND_MODELS.map((m) => m.relation as DetailRelation);
