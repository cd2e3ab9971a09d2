// One structured log line per GraphQL request, with the request ID the
// response also carries, and nothing personal: no query text, no variables,
// no client address.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestIdFrom } from '../../src/http/request-log.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/server.ts';
import { inject } from 'vitest';

let db: TestDatabase;
let yoga: ReturnType<typeof createGraphQLServer>;
const lines: Array<Record<string, any>> = [];

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  yoga = createGraphQLServer({ db, log: pino({ level: 'info' }, sink) });
});
afterAll(() => db?.close());

const requestLines = () => lines.filter((l) => l.msg === 'graphql request');

async function post(body: unknown, headers: Record<string, string> = {}) {
  const before = requestLines().length;
  const response = await yoga.fetch('http://tradegraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7', ...headers },
    body: JSON.stringify(body),
  });
  await response.text();
  const logged = requestLines().slice(before);
  return { response, logged };
}

describe('request log', () => {
  it('writes one line per request with its ID, operation, status, duration and cost, and returns the ID', async () => {
    const secret = 'personal-name-in-a-variable';
    const { response, logged } = await post({
      query: 'query ZoneFigures($slug: String!) { entity(slug: $slug) { name } }',
      variables: { slug: secret },
    });
    expect(logged).toHaveLength(1);
    const [line] = logged;
    expect(line).toMatchObject({ operation: 'ZoneFigures', operationType: 'query', status: 200, method: 'POST', component: 'http' });
    expect(line!.requestId).toBe(response.headers.get('x-request-id'));
    expect(line!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(line!.ms).toBeGreaterThan(0);
    expect(line!.cost).toBeGreaterThan(0);
    expect(line!.errors).toBeUndefined();
    const raw = JSON.stringify(line);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain('203.0.113.7');
    expect(raw).not.toContain('entity(slug');
  });

  it('honours an incoming x-request-id', async () => {
    const { response, logged } = await post({ query: '{ __typename }' }, { 'x-request-id': 'edge-7f3a.42' });
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a.42');
    expect(logged[0]!.requestId).toBe('edge-7f3a.42');
  });

  it('replaces a request ID that could forge or bloat a log line', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    for (const bad of ['a\nb', 'x'.repeat(200), '<script>', '', null]) expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records the error codes of a refused request, and the operation name it was sent with', async () => {
    const { response, logged } = await post({ query: 'query Bomb { ...A } fragment A on Query { ...A }', operationName: 'Bomb' });
    expect(response.status).toBe(200);
    expect(logged[0]).toMatchObject({ operation: 'Bomb', errors: ['GRAPHQL_VALIDATION_FAILED'] });
  });

  it("logs a client's bad input at info with the operation and a hash of the document, never its text or values", async () => {
    const secret = 'typo-carrying-personal-data-42';
    const query = 'query TypoInVariable($first: Int) { entities(first: $first) { totalCount } }';
    const before = lines.length;
    const { response, logged } = await post({ query, variables: { first: secret } });
    expect(response.status).toBe(400);
    const written = lines.slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      operation: 'TypoInVariable',
      documentHash: createHash('sha256').update(query).digest('hex'),
      errors: ['BAD_USER_INPUT'],
    });
    // No line of this request, from Yoga or from us, is an error or carries the query or the value.
    expect(written.filter((l) => l.level >= 50)).toEqual([]);
    const raw = JSON.stringify(written);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain('entities(first');
  });

  it('logs refused documents (parse, validation, limits) without their text', async () => {
    const before = lines.length;
    for (const query of ['{ entity(slug: "secret-slug" { name }', '{ entity(slug: "secret-slug") { nope } }', `{ ${'__typename '.repeat(1200)} secret_field }`]) {
      await post({ query });
    }
    const written = lines.slice(before);
    expect(written.filter((l) => l.level >= 50)).toEqual([]);
    expect(JSON.stringify(written)).not.toMatch(/secret/);
    expect(written.filter((l) => l.msg === 'graphql request').map((l) => l.errors)).toEqual([['GRAPHQL_PARSE_FAILED'], ['GRAPHQL_VALIDATION_FAILED'], ['LIMIT_EXCEEDED']]);
  });
});

