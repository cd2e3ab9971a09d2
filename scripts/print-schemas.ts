// npm run schema: writes the two published contracts, schema.graphql (the API)
// and seed/knowledge.schema.json (the knowledge-file format), and the
// explorer's result types generated from the first. A test fails when any is
// out of date.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { projectRoot } from '../src/config.ts';
import { operationTypesText } from '../src/explorer/operation-types.ts';
import * as explorerQueries from '../src/explorer/client/queries.ts';
import { knowledgeJsonSchema } from '../src/ingest/knowledge-format.ts';
import { schema } from '../src/schema/index.ts';

export const GRAPHQL_SCHEMA_FILE = path.join(projectRoot, 'schema.graphql');
export const KNOWLEDGE_SCHEMA_FILE = path.join(projectRoot, 'seed', 'knowledge.schema.json');

export const EXPLORER_TYPES_FILE = path.join(projectRoot, 'src', 'explorer', 'client', 'operations.generated.ts');

export const graphqlSchemaText = () => `${printSchema(schema)}\n`;
/** The explorer's documents: the exported strings of queries.ts that hold an operation, by name (module namespaces list them in different orders). */
const explorerDocuments = () =>
  Object.fromEntries(Object.entries(explorerQueries).sort(([a], [b]) => a.localeCompare(b)).filter(([, v]) => typeof v === 'string' && /^\s*query /.test(v))) as Record<string, string>;
export const explorerTypesText = () => operationTypesText(graphqlSchemaText(), explorerDocuments());
export const knowledgeSchemaText = () => `${JSON.stringify(knowledgeJsonSchema(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GRAPHQL_SCHEMA_FILE, graphqlSchemaText());
  writeFileSync(KNOWLEDGE_SCHEMA_FILE, knowledgeSchemaText());
  writeFileSync(EXPLORER_TYPES_FILE, explorerTypesText());
  const written = [GRAPHQL_SCHEMA_FILE, KNOWLEDGE_SCHEMA_FILE, EXPLORER_TYPES_FILE].map((f) => path.relative(process.cwd(), f));
  console.log(`wrote ${written.join(', ')}`);
}
