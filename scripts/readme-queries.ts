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
