// The one place typed domain errors (src/domain/errors.ts) become GraphQL
// errors: the message as it is, `extensions` holding the code and details.
// Yoga's error masking (src/yoga.ts) applies it to whatever a resolver threw;
// code that must hand graphql-js a GraphQLError itself (request checks) calls it.
import { GraphQLError } from 'graphql';
import { TypedError } from '../domain/errors.ts';

/** The GraphQL error of a typed error, located where `at` (the error graphql-js wrapped it in) is. */
export function graphQLErrorOf(error: TypedError, at?: GraphQLError, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: at?.nodes,
    source: at?.source,
    positions: at?.positions,
    path: at?.path,
    extensions: { code: error.code, ...error.details, ...extensions },
  });
}

/** The typed error behind `error`, if it is (or wraps) one. */
export function typedErrorOf(error: unknown): TypedError | null {
  if (error instanceof TypedError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof TypedError) return error.originalError;
  return null;
}
