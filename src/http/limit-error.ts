// The typed error of a refused request: LIMIT_EXCEEDED naming the limit.
import type { GraphQLError } from 'graphql';
import { LimitExceededError } from '../domain/errors.ts';
import { graphQLErrorOf } from '../schema/graphql-errors.ts';

export function limitExceeded(message: string, limit: string, max: number, actual?: number): GraphQLError {
  return graphQLErrorOf(new LimitExceededError(message, { limit, max, ...(actual === undefined ? {} : { actual }) }), undefined, {
    // A refused request, like a validation error (GraphQL over HTTP: 400 for
    // application/graphql-response+json, 200 for application/json).
    http: { status: 400, spec: true },
  });
}
