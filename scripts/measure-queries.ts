// npm run limits: what the README's example queries, GraphiQL's default query
// and the standard introspection query measure against the query limits, so
// limits can be set just above what real queries need. Pass files of GraphQL
// documents to measure those too.
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig, requestLimits } from '../src/config.ts';
import { DEFAULT_QUERY } from '../src/graphiql.ts';
import { MAX_INTROSPECTION_DEPTH, MAX_INTROSPECTION_LIST_NESTING, measureQuery } from '../src/http/query-limits.ts';
import { schema } from '../src/schema/index.ts';
import { readmeQueries } from './readme-queries.ts';

const queries = [
  ...readmeQueries(),
  { name: 'GraphiQL default query', query: DEFAULT_QUERY },
  {
    name: 'standard introspection query',
    query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
  },
  ...process.argv.slice(2).map((file) => ({ name: file, query: readFileSync(file, 'utf8') })),
];

const limits = requestLimits(loadConfig());
const rows = queries.map(({ name, query }) => {
  try {
    return { query: name, ...measureQuery(schema, query) };
  } catch (err) {
    return { query: name, error: (err as Error).message };
  }
});
console.table(rows);
console.log('limits:', {
  depth: limits.maxDepth,
  aliases: limits.maxAliases,
  tokens: limits.maxTokens,
  directives: limits.maxDirectives,
  cost: limits.maxCost,
  bodyBytes: limits.maxBodyBytes,
  introspectionDepth: MAX_INTROSPECTION_DEPTH,
  introspectionListNesting: MAX_INTROSPECTION_LIST_NESTING,
});
