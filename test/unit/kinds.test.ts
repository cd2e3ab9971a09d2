// The kind registry against Prisma's data model: every kind is a value of
// EntityKind, every kind with attributes has its 1:1 attribute model, every
// attribute its field of the right type, every enum Prisma's values, and no
// column of an attribute model is left out of the registry.
import { describe, expect, it } from 'vitest';
import { MODELS, modelField, KIND_MODELS } from '../../src/domain/kind-models.ts';
import { type Attribute, attributeEnums, detailsRelationOf, KIND_NAMES, KINDS, lookupFieldOf } from '../../src/domain/kinds.ts';
import * as prismaEnums from '../../src/generated/prisma/enums.ts';

const PRISMA_TYPE: Record<Attribute['type'], string | null> = { text: 'String', code: 'String', date: 'DateTime', enum: null, reference: 'Entity' };

describe('the kind registry', () => {
  it('lists the values of EntityKind, in order', () => {
    expect(KIND_NAMES).toEqual(Object.keys(prismaEnums.EntityKind));
  });

  it('gives every kind with attributes its attribute model, and no other kind one', () => {
    const detailModels = MODELS.Entity!.fields.filter((f) => f.kind === 'object' && !f.isList && f.type.endsWith('Details'));
    expect(detailModels.map((f) => f.name)).toEqual(KIND_MODELS.map((m) => m.relation));
    for (const kind of KIND_NAMES) {
      const relation = detailsRelationOf(kind);
      if (!relation) continue;
      const model = modelField('Entity', relation)!.type;
      const key = modelField(model, 'entityId');
      expect(key?.isId, `${model} is keyed by its entity`).toBe(true);
    }
  });

  it('maps every attribute to a field of its type, and every field of an attribute model to an attribute', () => {
    for (const m of KIND_MODELS) {
      for (const a of m.attributes) {
        const field = modelField(m.model, a.name);
        expect(field, `${m.model}.${a.name}`).toBeDefined();
        expect(field!.isRequired, `${m.model}.${a.name} is optional, as the file's attributes are`).toBe(false);
        const expected = a.attribute.type === 'enum' ? a.attribute.enum.name : PRISMA_TYPE[a.attribute.type];
        expect(field!.type, `${m.model}.${a.name}`).toBe(expected);
        if (a.attribute.type === 'reference') expect(modelField(m.model, a.field)?.kind).toBe('scalar');
      }
      const covered = new Set(['entityId', 'entity', ...m.attributes.flatMap((a) => [a.name, a.field])]);
      const left = MODELS[m.model]!.fields.filter((f) => !covered.has(f.name)).map((f) => f.name);
      expect(left, `${m.model} fields without an attribute`).toEqual([]);
    }
  });

  it('declares each attribute enum with exactly the values of the Prisma enum', () => {
    for (const e of attributeEnums()) {
      const prisma = (prismaEnums as unknown as Record<string, Record<string, string>>)[e.name];
      expect(prisma, e.name).toBeDefined();
      expect(Object.keys(e.values)).toEqual(Object.keys(prisma!));
    }
  });

  it('names distinct GraphQL types and root fields', () => {
    const names = KIND_NAMES.flatMap((k) => [KINDS[k].typeName]);
    const roots = KIND_NAMES.flatMap((k) => [KINDS[k].listField, lookupFieldOf(k)]);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(roots).size).toBe(roots.length);
  });
});
