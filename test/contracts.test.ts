// The committed contracts match the code: regenerate them with `npm run schema`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EXPLORER_TYPES_FILE,
  explorerTypesText,
  GRAPHQL_SCHEMA_FILE,
  graphqlSchemaText,
  KNOWLEDGE_SCHEMA_FILE,
  knowledgeSchemaText,
} from '../scripts/print-schemas.ts';
import { operationTypesText } from '../src/explorer/operation-types.ts';

describe('published contracts', () => {
  it('schema.graphql is up to date (npm run schema)', () => {
    expect(readFileSync(GRAPHQL_SCHEMA_FILE, 'utf8')).toBe(graphqlSchemaText());
  });
  it('seed/knowledge.schema.json is up to date (npm run schema)', () => {
    expect(readFileSync(KNOWLEDGE_SCHEMA_FILE, 'utf8')).toBe(knowledgeSchemaText());
  });
  it("the explorer's result types are up to date with its documents and schema.graphql (npm run schema)", () => {
    expect(readFileSync(EXPLORER_TYPES_FILE, 'utf8')).toBe(explorerTypesText());
  });
});

describe('result types generated from a schema', () => {
  const schema = `
    enum Kind { A B }
    interface Thing { id: ID! }
    type Item implements Thing { id: ID! code: String kind: Kind! tags: [String!] }
    type Query { item: Item! maybe: Item things: [Thing!]! }`;

  it('are nullable exactly where the schema says, with enums as their values and fragments optional', () => {
    const text = operationTypesText(schema, { Q: 'query Q { item { code kind tags } maybe { id } things { id ... on Item { code } } }' });
    expect(text).toContain(`export interface QResult {
  item: {
    code: string | null;
    kind: 'A' | 'B';
    tags: Array<string> | null;
  };
  maybe: {
    id: string;
  } | null;
  things: Array<{
    id: string;
    code?: string | null;
  }>;
}`);
  });

  it('refuse a field the schema does not have', () => {
    expect(() => operationTypesText(schema, { Q: 'query Q { item { nope } }' })).toThrow('Item has no field nope');
  });
});
