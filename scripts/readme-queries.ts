// The example queries of README.md, read from the README itself so the limits
// test, `npm run limits` and `npm run load` always use what users copy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.ts';

export interface ExampleQuery {
  name: string;
  query: string;
}

export function readmeQueries(readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')): ExampleQuery[] {
  const queries: ExampleQuery[] = [];
  // ```graphql blocks that are queries (schema excerpts are not).
  for (const [, body] of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const query = body!.trim();
    if (query.startsWith('{') || /^query\b/.test(query)) queries.push({ name: `README example ${queries.length + 1}`, query });
  }
  // curl examples: the JSON body after -d '...'.
  for (const [, json] of readme.matchAll(/curl [^\n]*\n?[^\n]*-d '(\{"query"[^']*\})'/g)) {
    const { query } = JSON.parse(json!) as { query: string };
    queries.push({ name: 'README curl example', query });
  }
  return queries;
}

export interface ShownAnswer extends ExampleQuery {
  /** The answer the README shows right after the query (a ```json block). */
  shown: unknown;
}

/** The README's queries that are followed by the answer they give. */
export function readmeAnswers(readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')): ShownAnswer[] {
  const answers: ShownAnswer[] = [];
  for (const [, lang, body, json] of readme.matchAll(/```(graphql|sh)\n((?:(?!```)[\s\S])*)```\n\n```json\n((?:(?!```)[\s\S])*)```/g)) {
    const query = lang === 'sh' ? (JSON.parse(/-d '(\{"query"[^']*\})'/.exec(body!)![1]!) as { query: string }).query : body!.trim();
    answers.push({ name: `README answer ${answers.length + 1}`, query, shown: JSON.parse(json!) });
  }
  return answers;
}

export interface SqlExample {
  sql: string;
  /** psql's output as the README shows it (aligned, without the row count), when it shows one. */
  output?: string;
}

/** The README's SQL examples, each with the output shown after it. */
export function readmeSql(readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8')): SqlExample[] {
  return [...readme.matchAll(/```sql\n((?:(?!```)[\s\S])*)```(?:\n\n```\n((?:(?!```)[\s\S])*)```)?/g)].map(([, sql, output]) => ({ sql: sql!.trim(), output }));
}
