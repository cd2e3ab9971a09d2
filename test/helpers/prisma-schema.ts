// A small reader of prisma/schema.prisma, enough to compare the schema with a
// migrated database: models, fields, native types, keys, indexes and enums.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Field {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType: string | null;
  id: boolean;
  unique: boolean;
  relation: { fields: string[]; references: string[]; onDelete: string | null } | null;
}

export interface Model {
  name: string;
  table: string;
  fields: Field[];
  id: string[];
  uniques: string[][];
  indexes: string[][];
}

export interface PrismaSchema {
  models: Model[];
  enums: Array<{ name: string; dbName: string; values: string[] }>;
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function readPrismaSchema(file = path.resolve(import.meta.dirname, '../../prisma/schema.prisma')): PrismaSchema {
  const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const enums = [...text.matchAll(/^enum (\w+) \{([^}]*)\}/gm)].map(([, name, body]) => ({
    name: name!,
    dbName: /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!,
    values: body!.split('\n').map((l) => l.trim()).filter((l) => /^[A-Z_]+$/.test(l)),
  }));
  const models = [...text.matchAll(/^model (\w+) \{([^}]*)\}/gm)].map(([, name, body]) => {
    const fields: Field[] = [];
    const model: Model = { name: name!, table: name!, fields, id: [], uniques: [], indexes: [] };
    for (const raw of body!.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const block = /^@@(\w+)\((.*)\)$/.exec(line);
      if (block) {
        const [, attr, args] = block;
        const cols = /^\[([^\]]*)\]/.exec(args!)?.[1];
        if (attr === 'map') model.table = /"([^"]+)"/.exec(args!)![1]!;
        if (attr === 'id') model.id = list(cols!);
        if (attr === 'unique') model.uniques.push(list(cols!));
        if (attr === 'index') model.indexes.push(list(cols!));
        continue;
      }
      // A type is a word, or Unsupported("a PostgreSQL type") for a column Prisma only migrates.
      const m = /^(\w+)\s+(\w+(?:\("[^"]*"\))?)(\[\]|\?)?\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, fieldName, type, modifier, attrs = ''] = m;
      const rel = /@relation\(([^)]*)\)/.exec(attrs)?.[1];
      const relFields = rel ? /fields:\s*\[([^\]]*)\]/.exec(rel)?.[1] : undefined;
      fields.push({
        name: fieldName!,
        column: /@map\("([^"]+)"\)/.exec(attrs)?.[1] ?? fieldName!,
        type: type!,
        optional: modifier === '?',
        list: modifier === '[]',
        nativeType: /@db\.(\w+(?:\([^)]*\))?)/.exec(attrs)?.[1] ?? null,
        id: /@id\b/.test(attrs),
        unique: /@unique\b/.test(attrs),
        relation:
          relFields !== undefined
            ? {
                fields: list(relFields),
                references: list(/references:\s*\[([^\]]*)\]/.exec(rel!)![1]!),
                onDelete: /onDelete:\s*(\w+)/.exec(rel!)?.[1] ?? null,
              }
            : null,
      });
    }
    return model;
  });
  const modelNames = new Set(models.map((m) => m.name));
  // Keep only scalar and enum columns as fields of the table; relations stay for their foreign keys.
  for (const model of models) {
    model.fields = model.fields.filter((f) => !modelNames.has(f.type) || f.relation);
    for (const f of model.fields) if (modelNames.has(f.type)) f.type = `@${f.type}`;
  }
  return { models, enums };
}
