// The typed errors of the write path, with their codes and HTTP statuses. None
// of them says whether a token exists: a missing, malformed, unknown or
// revoked token gets the same UNAUTHENTICATED answer.
import { GraphQLError } from 'graphql';

export const CurationErrorCode = {
  /** No valid token came with a request that needs one (missing, unknown or revoked: the same answer). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The token is valid but lacks the scope the operation needs. */
  FORBIDDEN: 'FORBIDDEN',
  /** The token ran more mutations than its rate allows; `retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Another write to the same source was under way, or the source changed since the version given. */
  CONFLICT: 'CONFLICT',
} as const;

export class UnauthenticatedError extends GraphQLError {
  constructor() {
    super('This operation needs a valid API token: send `Authorization: Bearer <token>` (npm run token -- create makes one).', {
      extensions: { code: CurationErrorCode.UNAUTHENTICATED, http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="tradegraph"' } } },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(scope: string) {
    super(`This operation needs a token with the ${scope} scope; this token does not have it.`, {
      extensions: { code: CurationErrorCode.FORBIDDEN, scope, http: { status: 403 } },
    });
  }
}

export class RateLimitedError extends GraphQLError {
  constructor(retryAfterSeconds: number) {
    super(`Too many mutations with this token; try again in ${retryAfterSeconds} s.`, {
      extensions: {
        code: CurationErrorCode.RATE_LIMITED,
        retryAfterSeconds,
        http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
      },
    });
  }
}

/** Thrown below the GraphQL layer; the mutation answers it as a CONFLICT user error in its payload. */
export class WriteConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteConflictError';
  }
}
