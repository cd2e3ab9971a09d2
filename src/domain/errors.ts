// The typed errors of the domain: expected failures (bad input, nothing
// found, a limit) raised by the SQL layer and the GraphQL layer alike. They
// are plain errors with a stable code and details; the GraphQL layer turns
// them into GraphQL errors (src/schema/graphql-errors.ts), so nothing below it
// knows about GraphQL. Anything else thrown is masked as an internal error.

/** Every `extensions.code` a client may see. */
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

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure: its message is shown to the client with `code` and `details`. */
export class TypedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the client may act on: the argument at fault, the limit, ... */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadInputError extends TypedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

export class NotFoundError extends TypedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_FOUND, message, details);
  }
}

export class LimitExceededError extends TypedError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.LIMIT_EXCEEDED, message, details);
  }
}
