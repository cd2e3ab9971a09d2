// Expected failures as typed GraphQL errors with a stable extensions.code.
// Anything else thrown by a resolver is masked by Yoga as an internal error.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  /** A page, ID list or query limit (depth, aliases, tokens, directives, cost) was exceeded. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** A statement ran past the statement timeout and was cancelled. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** The document does not parse (Yoga's code). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document does not validate against the schema (unknown field, fragment cycle, ...). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** The HTTP request is malformed: invalid JSON or UTF-8, batching, a mutation over GET (Yoga's code). */
  BAD_REQUEST: 'BAD_REQUEST',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The body is larger than TRADEGRAPH_MAX_BODY_BYTES (Yoga's code). */
  REQUEST_ENTITY_TOO_LARGE: 'REQUEST_ENTITY_TOO_LARGE',
  /** A persisted operation ID that no manifest of the server lists. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** An operation's text sent to a server that runs persisted operations only (TRADEGRAPH_PERSISTED_ONLY). */
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export class BadInputError extends GraphQLError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...details } });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.NOT_FOUND, ...details } });
  }
}

export class LimitExceededError extends GraphQLError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED, ...details } });
  }
}
