// The operations this server's own pages send: GraphiQL's default query and
// the introspection queries GraphiQL may send, and every query of the
// explorer. Read from their sources when the server starts, so a change to a
// page's queries can never leave its trusted operations behind.
import { getIntrospectionQuery, Kind, parse } from 'graphql';
import * as explorerQueries from '../explorer/client/queries.ts';
import { DEFAULT_QUERY } from '../graphiql.ts';

/** Whether a value is the text of a GraphQL document with an operation. */
function isOperation(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return parse(value).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
}

/**
 * GraphiQL asks for the schema with graphql-js' introspection query, with or
 * without input value deprecation and the schema description as configured,
 * and retries without `subscriptionType` when that fails.
 */
function graphiqlIntrospection(): string[] {
  const texts = [false, true].flatMap((inputValueDeprecation) =>
    [false, true].map((schemaDescription) => getIntrospectionQuery({ inputValueDeprecation, schemaDescription })),
  );
  return [...texts, ...texts.map((text) => text.replace('subscriptionType { name }', ''))];
}

/** The text of every operation GraphiQL and the explorer send. */
export function ownOperations(): string[] {
  return [...new Set([DEFAULT_QUERY, ...graphiqlIntrospection(), ...(Object.values(explorerQueries) as unknown[]).filter(isOperation)])];
}
