// X-Graph-Version on every GraphQL response of a single server (no replicas):
// the version a query's answer reflects, a mutation's after its commit, a cached
// answer's too, and never a statement more on a cache hit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGraphVersion } from '../../src/sql/graph-version.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { send, tokenFor, UPDATE } from '../helpers/curation.ts';

const FIRST = '{ entities(first: 1) { edges { node { id name } } } }';

let cached: TestApi;
let uncached: TestApi;
beforeAll(async () => {
  [cached, uncached] = await Promise.all([openTestApi('seeded', { responseCache: { maxEntries: 100, maxBytes: 1 << 20 } }), openTestApi('seeded')]);
});
afterAll(async () => {
  await Promise.all([cached?.close(), uncached?.close()]);
});

describe('X-Graph-Version', () => {
  it.each([
    ['with the response cache', () => cached],
    ['without it', () => uncached],
  ])('is the graph version on queries and, after a mutation, its committed version (%s)', async (_name, api) => {
    const before = await readGraphVersion(api().db.pool);
    const query = await send(api(), FIRST);
    expect(query.headers.get('x-graph-version')).toBe(before);
    const entity = query.data!.entities.edges[0].node as { id: string; name: string };
    const token = await tokenFor(api(), ['CURATE']);
    const update = await send(api(), UPDATE, { input: { id: entity.id, name: `${entity.name} (v)` } }, { token });
    expect(update.errors).toBeUndefined();
    const after = await readGraphVersion(api().db.pool);
    expect(BigInt(after)).toBeGreaterThan(BigInt(before));
    expect(update.headers.get('x-graph-version')).toBe(after);
    const again = await send(api(), FIRST);
    expect(again.headers.get('x-graph-version')).toBe(after);
  });

  it('comes with a cached answer, which runs no statement', async () => {
    await send(cached, '{ sources { totalCount } }');
    const hit = await send(cached, '{ sources { totalCount } }');
    expect(hit.headers.get('x-cache')).toBe('hit');
    expect(hit.extensions?.sqlStatements).toBe(0);
    expect(hit.headers.get('x-graph-version')).toBe(await readGraphVersion(cached.db.pool));
  });

  it('is the server\'s version, never an echo of what the client sent', async () => {
    for (const api of [cached, uncached]) {
      const answer = await send(api, '{ sources { totalCount } }', {}, { headers: { 'x-graph-version': '999999999' } });
      expect(answer.errors).toBeUndefined();
      expect(answer.headers.get('x-graph-version')).toBe(await readGraphVersion(api.db.pool));
    }
  });

  it('comes with an answer refused before execution', async () => {
    const refused = await send(uncached, '{ nope }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.headers.get('x-graph-version')).toMatch(/^\d+$/);
  });
});
