// npm run limits: what the docs' example queries, GraphiQL's default query
// and the standard introspection query measure against the query limits, so
// limits can be set just above what real queries need. Pass files of GraphQL
// documents to measure those too:
//
//   npm run limits -- my-query.graphql [--variables '{"slug": "beijing-customs"}' | --variables vars.json]
//
// A file's variables are those given after it with --variables, else
// `my-query.variables.json` beside it. A required variable still missing is
// measured with a stand-in (an Int as the default page size, an enum as its
// first value, ...), and the `note` column says which.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  getIntrospectionQuery,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
} from 'graphql';
import { loadConfig, requestLimits } from '../src/config.ts';
import { DEFAULT_QUERY } from '../src/graphiql.ts';
import { measureQuery } from '../src/http/query-limits.ts';
import { schema } from '../src/schema/index.ts';
import { docQueries } from './doc-examples.ts';
import { LIMITS } from '../src/limits.ts';

export interface QueryFile {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The files named on the command line, each with the variables given for it. */
export function queryFiles(argv: readonly string[]): QueryFile[] {
  const files: QueryFile[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--variables') {
      const value = argv[++i];
      const last = files.at(-1);
      if (!last || value === undefined) throw new Error('--variables comes after a query file and takes JSON or a JSON file');
      last.variables = JSON.parse(existsSync(value) ? readFileSync(value, 'utf8') : value) as Record<string, unknown>;
      continue;
    }
    const beside = arg.replace(/\.(graphql|gql)$/, '') + '.variables.json';
    const variables = existsSync(beside) ? (JSON.parse(readFileSync(beside, 'utf8')) as Record<string, unknown>) : {};
    files.push({ name: arg, query: readFileSync(arg, 'utf8'), variables });
  }
  return files;
}

/** A value of `type` that coerces: what a missing required variable is measured with. */
function standIn(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return standIn(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(required.map((f) => [f.name, standIn(f.type)]));
  }
  if (isScalarType(type)) {
    if (type.name === 'Int') return LIMITS.defaultPageSize;
    if (type.name === 'Float') return 0;
    if (type.name === 'Boolean') return false;
    // Custom scalars (Decimal, Date, ...): the first plain value they accept.
    return ['x', '0', '2000-01-01', '2000-01-01T00:00:00Z'].find((value) => {
      try {
        type.parseValue(value);
        return true;
      } catch {
        return false;
      }
    });
  }
  return null;
}

/** The variables to measure a document with: those given, and stand-ins for required ones missing (named in `standIns`). */
export function withStandIns(schema: GraphQLSchema, query: string, given: Record<string, unknown>) {
  const variables = { ...given };
  const standIns: string[] = [];
  for (const definition of parse(query).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      if (name in variables || v.defaultValue || v.type.kind !== Kind.NON_NULL_TYPE) continue;
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (!type) continue;
      variables[name] = standIn(type);
      standIns.push(`$${name}`);
    }
  }
  return { variables, standIns };
}

function main() {
  const queries = [
    ...docQueries().map((q) => ({ ...q, variables: {} })),
    { name: 'GraphiQL default query', query: DEFAULT_QUERY, variables: {} },
    {
      name: 'standard introspection query',
      query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
      variables: {},
    },
    ...queryFiles(process.argv.slice(2)),
  ];

  const limits = requestLimits(loadConfig());
  const rows = queries.map(({ name, query, variables: given }) => {
    try {
      const { variables, standIns } = withStandIns(schema, query, given);
      return { query: name, ...measureQuery(schema, query, variables), ...(standIns.length ? { note: `stand-ins for ${standIns.join(', ')}` } : {}) };
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
    introspectionDepth: LIMITS.introspectionDepth,
    introspectionListNesting: LIMITS.introspectionListNesting,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
