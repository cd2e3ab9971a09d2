// The committed contracts match the code: regenerate them with `npm run schema`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAPHQL_SCHEMA_FILE, graphqlSchemaText, KNOWLEDGE_SCHEMA_FILE, knowledgeSchemaText } from '../scripts/print-schemas.ts';

describe('published contracts', () => {
  it('schema.graphql is up to date (npm run schema)', () => {
    expect(readFileSync(GRAPHQL_SCHEMA_FILE, 'utf8')).toBe(graphqlSchemaText());
  });
  it('seed/knowledge.schema.json is up to date (npm run schema)', () => {
    expect(readFileSync(KNOWLEDGE_SCHEMA_FILE, 'utf8')).toBe(knowledgeSchemaText());
  });
});
