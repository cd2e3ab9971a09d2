// The example queries, answers and SQL of the docs, read from the docs
// themselves so the limits test, the docs test, `npm run limits` and
// `npm run load` always use what users copy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';

/** The documents whose examples run against the seed: the README and the API and SQL guides. */
export const EXAMPLE_DOCS = ['README.md', 'docs/api.md', 'docs/sql.md'];

/** The example documents' text, one after the other. */
export function exampleText(): string {
  return EXAMPLE_DOCS.map((file) => readFileSync(path.join(projectRoot, file), 'utf8')).join('\n');
}

export interface ExampleQuery {
  name: string;
  query: string;
}

export function docQueries(text = exampleText()): ExampleQuery[] {
  const queries: ExampleQuery[] = [];
  // ```graphql blocks that are queries (schema excerpts are not).
  for (const [, body] of text.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const query = body!.trim();
    if (query.startsWith('{') || /^query\b/.test(query)) queries.push({ name: `docs example ${queries.length + 1}`, query });
  }
  // curl examples: the JSON body after -d '...'.
  for (const [, json] of text.matchAll(/curl [^\n]*\n?[^\n]*-d '(\{"query"[^']*\})'/g)) {
    const { query } = JSON.parse(json!) as { query: string };
    queries.push({ name: 'docs curl example', query });
  }
  return queries;
}

export interface ShownAnswer extends ExampleQuery {
  /** The answer the docs show right after the query (a ```json block). */
  shown: unknown;
}

/** The docs' queries that are followed by the answer they give. */
export function docAnswers(text = exampleText()): ShownAnswer[] {
  const answers: ShownAnswer[] = [];
  for (const [, lang, body, json] of text.matchAll(/```(graphql|sh)\n((?:(?!```)[\s\S])*)```\n\n```json\n((?:(?!```)[\s\S])*)```/g)) {
    const query = lang === 'sh' ? (JSON.parse(/-d '(\{"query"[^']*\})'/.exec(body!)![1]!) as { query: string }).query : body!.trim();
    answers.push({ name: `docs answer ${answers.length + 1}`, query, shown: JSON.parse(json!) });
  }
  return answers;
}

export interface SqlExample {
  sql: string;
  /** psql's output as the docs show it (aligned, without the row count), when they show one. */
  output?: string;
}

/** The docs' SQL examples, each with the output shown after it. */
export function docSql(text = exampleText()): SqlExample[] {
  return [...text.matchAll(/```sql\n((?:(?!```)[\s\S])*)```(?:\n\n```\n((?:(?!```)[\s\S])*)```)?/g)].map(([, sql, output]) => ({ sql: sql!.trim(), output }));
}
