// Managing tokens over the API: only an ADMIN token lists, makes and revokes
// tokens; a secret is shown once and never listed; changes enter the change
// log under the admin's name, without the token's hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { send, tokenFor } from '../helpers/curation.ts';

let api: TestApi;
let admin: string;
let curate: string;
let read: string;
beforeAll(async () => {
  api = await openTestApi('seeded', { responseCache: { maxEntries: 100, maxBytes: 1_000_000 } });
  admin = await tokenFor(api, ['ADMIN']);
  curate = await tokenFor(api, ['CURATE']);
  read = await tokenFor(api, ['READ']);
});
afterAll(async () => {
  await api?.close();
});

const TOKENS = `{ tokens(first: 50) { totalCount nodes { id name scopes createdAt lastUsedAt revokedAt } } }`;
const CREATE = `mutation($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { id name scopes revokedAt } userErrors { code path message } } }`;
const REVOKE = `mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id name revokedAt } userErrors { code path message } } }`;

describe('tokens over the API', () => {
  it('refuses every token operation without a token, with a revoked one, and without the ADMIN scope', async () => {
    const revoked = await tokenFor(api, ['ADMIN'], true);
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'UNAUTHENTICATED'],
      [revoked, 'UNAUTHENTICATED'],
      ['tg_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'UNAUTHENTICATED'],
      [read, 'FORBIDDEN'],
      [curate, 'FORBIDDEN'],
    ];
    for (const [token, code] of cases) {
      const list = await send(api, TOKENS, {}, { token });
      expect(list.data?.tokens ?? null).toBeNull();
      expect(list.errors?.[0]?.extensions?.code).toBe(code);
      const made = await send(api, CREATE, { input: { name: `intruder-${code}-${Math.random()}`, scopes: ['ADMIN'] } }, { token });
      expect(made.data?.createToken ?? null).toBeNull();
      expect(made.errors?.[0]?.extensions?.code).toBe(code);
      const gone = await send(api, REVOKE, { input: { id: 'QXBpVG9rZW46MQ' } }, { token });
      expect(gone.errors?.[0]?.extensions?.code).toBe(code);
    }
    const { rows } = await api.db.pool.query(`SELECT count(*)::int AS n FROM api_token WHERE name LIKE 'intruder-%'`);
    expect(rows[0].n).toBe(0);
  });

  it('lets an ADMIN list tokens without secrets, make one (secret once) and revoke it, each in the change log', async () => {
    const made = await send(api, CREATE, { input: { name: 'ci-bot', scopes: ['CURATE'] } }, { token: admin });
    expect(made.data!.createToken.userErrors).toEqual([]);
    const { token, apiToken } = made.data!.createToken;
    expect(token).toMatch(/^tg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'ci-bot', scopes: ['CURATE'], revokedAt: null });
    // The new token works, for what its scope allows.
    expect((await send(api, `{ __typename }`, {}, { token })).errors).toBeUndefined();

    const list = await send(api, TOKENS, {}, { token: admin });
    expect(list.errors).toBeUndefined();
    const listed = list.data!.tokens.nodes.find((n: any) => n.name === 'ci-bot');
    expect(listed).toMatchObject({ id: apiToken.id, scopes: ['CURATE'], revokedAt: null });
    expect(JSON.stringify(list.data)).not.toContain(token.slice(20));
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scopes']);
    // The same query without the token is not answered from the cache the admin's answer filled.
    const anonymous = await send(api, TOKENS);
    expect(anonymous.data?.tokens ?? null).toBeNull();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const again = await send(api, CREATE, { input: { name: 'ci-bot', scopes: ['READ'] } }, { token: admin });
    expect(again.data!.createToken).toMatchObject({ token: null, userErrors: [{ code: 'INVALID', path: 'name' }] });
    const none = await send(api, CREATE, { input: { name: 'no-scopes', scopes: [] } }, { token: admin });
    expect(none.data!.createToken.userErrors).toEqual([{ code: 'INVALID', path: 'scopes', message: expect.any(String) }]);

    const revoked = await send(api, REVOKE, { input: { id: apiToken.id } }, { token: admin });
    expect(revoked.data!.revokeToken.userErrors).toEqual([]);
    expect(Date.parse(revoked.data!.revokeToken.apiToken.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await send(api, `{ __typename }`, {}, { token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const twice = await send(api, REVOKE, { input: { id: apiToken.id } }, { token: admin });
    expect(twice.data!.revokeToken.userErrors).toEqual([{ code: 'NOT_FOUND', path: 'id', message: expect.any(String) }]);

    const { rows } = await api.db.pool.query(`SELECT actor, token_name, action, operation, before, after FROM change_log WHERE table_name = 'api_token' AND after->>'name' = 'ci-bot' ORDER BY id`);
    expect(rows.map((r) => [r.action, r.operation])).toEqual([['createToken', 'INSERT'], ['revokeToken', 'UPDATE']]);
    expect(rows.every((r) => r.token_name?.startsWith('test-admin-'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('secret_hash');
    expect(JSON.stringify(rows)).not.toContain('last_used_at');
  });
});
