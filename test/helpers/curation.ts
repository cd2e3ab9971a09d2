// Requests to the write path with real tokens, made by the same code as
// `npm run token -- create`.
import { readFileSync } from 'node:fs';
import { createToken, revokeToken, type Scope } from '../../src/auth/tokens.ts';
import { type GraphQLResponse, openTestApi, type TestApi } from './api.ts';
import { SEED_TEXT, seedKnowledge } from './knowledge.ts';

export const seedText = () => readFileSync(SEED_TEXT, 'utf8');
export { seedKnowledge };

let counter = 0;
export async function tokenFor(api: TestApi, scopes: Scope[], revoked = false): Promise<string> {
  const name = `test-${scopes.join('-').toLowerCase() || 'none'}-${++counter}`;
  const { token } = await createToken(api.db.prisma, name, scopes);
  if (revoked) await revokeToken(api.db.prisma, name);
  return token;
}

/** A seeded API of its own and a CURATE token on it, for a test file's beforeAll. */
export async function openCuratorApi(): Promise<{ api: TestApi; curate: string }> {
  const api = await openTestApi('seeded');
  return { api, curate: await tokenFor(api, ['CURATE']) };
}

export async function send<T = Record<string, any>>(
  api: TestApi,
  query: string,
  variables: Record<string, unknown> = {},
  { token, headers = {} }: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T> & { headers: Headers }> {
  const response = await api.yoga.fetch('http://tradegraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

export const INGEST = `mutation Ingest($input: IngestSourceInput!) {
  ingestSource(input: $input) {
    dryRun version counts { table created updated unchanged deleted }
    source { slug } userErrors { code path message }
  }
}`;
export const RETRACT = `mutation Retract($input: RetractFactInput!) { retractFact(input: $input) { retractedId userErrors { code path message } } }`;
export const RESTORE = `mutation Restore($input: RestoreFactInput!) { restoreFact(input: $input) { relation { id history { operation actor reason } } observation { id } userErrors { code path message } } }`;
export const UPDATE = `mutation Update($input: UpdateEntityInput!) { updateEntity(input: $input) { entity { id name aliases } userErrors { code path message } } }`;
