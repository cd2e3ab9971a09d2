// Sends GraphQL requests through Yoga's fetch, exactly as HTTP clients do,
// and returns the parsed response with the SQL statement count it reports.
import { inject } from 'vitest';
import type { RequestLimits } from '../../src/limits.ts';
import type { PersistedOperationsOptions } from '../../src/http/persisted-operations.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { localResponseStore } from '../../src/cache/local.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, testLog, type Contents, type TestDatabase } from './server.ts';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

export interface TestApi {
  db: TestDatabase;
  yoga: ReturnType<typeof createGraphQLServer>;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  /** Request limits other than the defaults (e.g. a cost limit raised for a deliberately huge query). */
  limits?: Partial<RequestLimits>;
  /** Persisted operation manifests, and whether only their operations run. */
  persistedOperations?: PersistedOperationsOptions;
  /** Serve identical queries from a response cache with these bounds (none by default). */
  responseCache?: { maxEntries: number; maxBytes: number };
  /** false: every field by its resolvers, never a compiled read (to compare the two paths). */
  compiledReads?: boolean;
  /** Send every query with an ADMIN token (for sweeps over every root field, `tokens` included). */
  asAdmin?: boolean;
}

export async function openTestApi(contents: Contents = 'seeded', options: TestApiOptions = {}): Promise<TestApi> {
  const db = await openTestDatabase(inject('testServer'), contents);
  const responseCache = options.responseCache && localResponseStore(db.pool, options.responseCache);
  const yoga = createGraphQLServer({ db, log: testLog, sqlStats: true, limits: options.limits, persistedOperations: options.persistedOperations, responseCache, compiledReads: options.compiledReads });
  const admin = options.asAdmin ? (await createToken(db.prisma, `test-sweep-admin-${process.pid}`, ['ADMIN'])).token : null;
  return {
    db,
    yoga,
    async query(query, variables) {
      const response = await yoga.fetch('http://tradegraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(admin ? { authorization: `Bearer ${admin}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    close: () => db.close(),
  };
}

/** Asserts a response has no errors and returns its data. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data!;
}
