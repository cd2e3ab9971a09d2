// Every mutation refused without a token, with a revoked one, with a guessed
// one and with a READ token, and accepted with CURATE; reads closed to
// anonymous callers when TRADEGRAPH_PUBLIC_READ=false.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { INGEST, RESTORE, RETRACT, seedKnowledge, seedText, send, tokenFor, UPDATE } from '../helpers/curation.ts';
import { testLog } from '../helpers/server.ts';

let api: TestApi;
let relationId: string;
let entityId: string;
beforeAll(async () => {
  api = await openTestApi('seeded');
  const { data } = await api.query(`{ source(slug: "beijing-trade-h1-2023") { relations(first: 1) { nodes { id } } } entities(first: 1) { nodes { id } } }`);
  relationId = data!.source.relations.nodes[0].id;
  entityId = data!.entities.nodes[0].id;
});
afterAll(() => api?.close());

const mutations = () => [
  { name: 'ingestSource', query: INGEST, input: { knowledge: seedKnowledge(), text: seedText(), dryRun: true } },
  { name: 'retractFact', query: RETRACT, input: { id: relationId, reason: 'auth test' } },
  { name: 'restoreFact', query: RESTORE, input: { id: relationId, reason: 'auth test' } },
  { name: 'updateEntity', query: UPDATE, input: { id: entityId } },
];

describe('the write path', () => {
  it('refuses every mutation without a token, with a revoked, guessed or malformed one (alike), and with a READ token', async () => {
    const revoked = await tokenFor(api, ['CURATE'], true);
    const read = await tokenFor(api, ['READ']);
    const guessed = `tg_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    for (const m of mutations()) {
      const answers = await Promise.all([undefined, revoked, guessed, 'not-a-token'].map((token) => send(api, m.query, { input: m.input }, { token })));
      for (const a of answers) {
        expect(a.status, m.name).toBe(401);
        expect(a.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(a.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      // Nothing tells an unknown token from a revoked one.
      expect(new Set(answers.map((a) => a.errors?.[0]?.message)).size).toBe(1);
      const forbidden = await send(api, m.query, { input: m.input }, { token: read });
      expect(forbidden.status).toBe(403);
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('accepts every mutation with a CURATE token', async () => {
    const curate = await tokenFor(api, ['CURATE']);
    for (const m of mutations()) {
      const answer = await send(api, m.query, { input: m.input }, { token: curate });
      expect(answer.errors, m.name).toBeUndefined();
      expect(Object.values(answer.data!)[0].userErrors, m.name).toEqual([]);
    }
  });

  it('keeps reads open to anonymous callers by default, and closes them with TRADEGRAPH_PUBLIC_READ=false', async () => {
    expect((await send(api, '{ sources { totalCount } }')).data?.sources.totalCount).toBe(1);
    const closed = createGraphQLServer({ db: api.db, log: testLog, curation: { publicRead: false } });
    const ask = async (token?: string) =>
      Promise.resolve(closed.fetch('http://tradegraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: '{ sources { totalCount } }' }),
      })).then(async (r: Response) => ({ status: r.status, body: (await r.json()) as any }));
    const anonymous = await ask();
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const read = await ask(await tokenFor(api, ['READ']));
    expect(read.body.data.sources.totalCount).toBe(1);
  });
});
