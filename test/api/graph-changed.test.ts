// graphChanged through Yoga (GraphQL over SSE), within one process: every
// committed mutation is announced with its source and the new version, a dry
// run or a refused mutation is not, and subscribing follows the rules of
// reading (the READ scope when anonymous reads are closed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { INGEST, RETRACT, seedKnowledge, seedText, send, tokenFor } from '../helpers/curation.ts';
import { testLog } from '../helpers/server.ts';
import { subscribeSse } from '../helpers/sse.ts';

const SUBSCRIPTION = 'subscription { graphChanged { version sourceSlug origin } }';
let api: TestApi;
let curator: string;
beforeAll(async () => {
  api = await openTestApi('seeded');
  curator = await tokenFor(api, ['CURATE']);
});
afterAll(() => api?.close());

const versionNow = async () => (await api.db.pool.query<{ v: string }>('SELECT version::text AS v FROM graph_version')).rows[0]!.v;

describe('graphChanged', () => {
  it('announces each committed mutation with its source and the version it left, and nothing for a dry run', async () => {
    const subscription = await subscribeSse('http://tradegraph.test/graphql', SUBSCRIPTION, {}, (url, init) => Promise.resolve(api.yoga.fetch(url, init)));
    expect(subscription.status).toBe(200);
    try {
      const dry = await send(api, INGEST, { input: { knowledge: seedKnowledge(), text: seedText(), dryRun: true } }, { token: curator });
      expect(dry.data?.ingestSource.dryRun).toBe(true);
      const ingest = await send(api, INGEST, { input: { knowledge: seedKnowledge(), text: seedText() } }, { token: curator });
      expect(ingest.data?.ingestSource.userErrors).toEqual([]);
      const first = (await subscription.next(5_000)).data.graphChanged;
      expect(first).toEqual({ version: await versionNow(), sourceSlug: 'beijing-trade-h1-2023', origin: 'INGEST' });

      const { data } = await api.query('{ source(slug: "beijing-trade-h1-2023") { relations(first: 1) { nodes { id } } } }');
      const retract = await send(api, RETRACT, { input: { id: data!.source.relations.nodes[0].id, reason: 'subscription test' } }, { token: curator });
      expect(retract.data?.retractFact.userErrors).toEqual([]);
      const second = (await subscription.next(5_000)).data.graphChanged;
      expect(second).toEqual({ version: await versionNow(), sourceSlug: null, origin: 'CURATION' });
      expect(BigInt(second.version)).toBeGreaterThan(BigInt(first.version));
      // The dry run announced nothing: the next event would have been it.
      await expect(subscription.next(300)).rejects.toThrow(/no event/);
    } finally {
      subscription.close();
    }
  });

  it('is held to the query limits, like any operation', async () => {
    const fields = Array.from({ length: 1_001 }, () => 'version').join(' ');
    const viaYoga = (url: string, init: RequestInit) => Promise.resolve(api.yoga.fetch(url, init));
    const subscription = await subscribeSse('http://tradegraph.test/graphql', `subscription { graphChanged { ${fields} } }`, {}, viaYoga);
    try {
      const refused = await subscription.next(5_000);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'tokens' });
    } finally {
      subscription.close();
    }
  });

  it('needs the READ scope when anonymous reads are closed, like any read', async () => {
    const closed = createGraphQLServer({ db: api.db, log: testLog, curation: { publicRead: false } });
    const viaYoga = (url: string, init: RequestInit) => Promise.resolve(closed.fetch(url, init));
    const anonymous = await subscribeSse('http://tradegraph.test/graphql', SUBSCRIPTION, {}, viaYoga);
    const refused = await anonymous.next(5_000);
    anonymous.close();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeUndefined();

    const reader = await tokenFor(api, ['READ']);
    const allowed = await subscribeSse('http://tradegraph.test/graphql', SUBSCRIPTION, { authorization: `Bearer ${reader}` }, viaYoga);
    try {
      expect(allowed.status).toBe(200);
      // Open, and silent until something changes.
      await expect(allowed.next(300)).rejects.toThrow(/no event/);
    } finally {
      allowed.close();
    }
  });
});
