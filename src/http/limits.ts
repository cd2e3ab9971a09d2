// The limits of one request, with their defaults. Measured (`npm run limits`):
// the README's examples need depth 6 and cost 308, GraphiQL's default query
// depth 10 and cost 1134, a client's entity panel with two pages of 100 cost
// 4624, a traversal page of 100 with 10-step paths about 7500, and the
// standard introspection query 183 tokens. Each default sits just above.
import type { QueryLimits } from './query-limits.ts';

export interface RequestLimits extends QueryLimits {
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxDepth: 12,
  maxAliases: 10,
  maxTokens: 1000,
  maxDirectives: 10,
  maxCost: 10_000,
  maxBodyBytes: 64 * 1024,
};
