// npm run schema: writes the two published contracts, schema.graphql (the API)
// and seed/knowledge.schema.json (the knowledge-file format). A test fails
// when either is out of date.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { projectRoot } from '../src/config.ts';
import { knowledgeJsonSchema } from '../src/ingest/knowledge-format.ts';
import { schema } from '../src/schema/index.ts';

export const GRAPHQL_SCHEMA_FILE = path.join(projectRoot, 'schema.graphql');
export const KNOWLEDGE_SCHEMA_FILE = path.join(projectRoot, 'seed', 'knowledge.schema.json');

export const graphqlSchemaText = () => `${printSchema(schema)}\n`;
export const knowledgeSchemaText = () => `${JSON.stringify(knowledgeJsonSchema(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GRAPHQL_SCHEMA_FILE, graphqlSchemaText());
  writeFileSync(KNOWLEDGE_SCHEMA_FILE, knowledgeSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), GRAPHQL_SCHEMA_FILE)} and ${path.relative(process.cwd(), KNOWLEDGE_SCHEMA_FILE)}`);
}
