// Hostile requests: each is refused (or answered harmlessly) with the right
// HTTP status and a typed extensions.code, reveals nothing internal, and the
// server answers an ordinary query right after. Requests go through Yoga's
// fetch exactly as HTTP clients send them, with the default limits.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/limits.ts';
import { encodeGlobalId } from '../../src/schema/scalars.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { watchEventLoop } from '../helpers/event-loop.ts';
import { diamonds, doubling } from '../helpers/fragment-documents.ts';
import { LIMITS } from '../../src/limits.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
  // Unwatched: the first query of a process sets Prisma up (about a second of
  // CPU), a start-up cost of any server rather than the work of a request.
  await api.query('{ entity(slug: "beijing-customs") { name } }');
});
afterAll(() => api?.close());
const eventLoop = watchEventLoop((requests) => `the ${hostileCases()} hostile cases of test/api/hostile.test.ts (${requests} requests)`);

const ENDPOINT = 'http://tradegraph.test/graphql';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

interface Sent {
  method?: string;
  /** Query string of a GET. */
  search?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  body?: BodyInit;
}

const json = (query: string, variables?: Record<string, unknown>, operationName?: string): Sent => ({ body: JSON.stringify({ query, variables, operationName }) });
/** A GET as a client that is not a browser form sends it: with a header that no cross-site form can set (CSRF prevention). */
const get = (query: string): Sent => ({ method: 'GET', contentType: null, headers: { 'x-graphql-yoga-csrf': '1' }, search: `?query=${encodeURIComponent(query)}` });

async function send({ method = 'POST', search = '', contentType = 'application/json', headers: extra = {}, body }: Sent) {
  const headers: Record<string, string> = { accept: GRAPHQL_RESPONSE, ...extra };
  if (contentType) headers['content-type'] = contentType;
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  return eventLoop.request(async () => {
    const response = await api.yoga.fetch(`${ENDPOINT}${search}`, init);
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as { data?: any; errors?: any[] }) : {} };
  });
}

const nest = (levels: number, leaf: string) => {
  let selection = leaf;
  for (let i = 0; i < levels; i++) selection = `relations(first: 2) { edges { node { ${selection} } } }`;
  return `{ entity(slug: "beijing-customs") { ${selection} } }`;
};

function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`{"query":"{ __typename }","pad":"${'x'.repeat(1024)}`);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

/** Requests a cross-site page can send without a CORS preflight (no custom header, a "simple" content type). */
const CSRF_VECTORS: Array<{ name: string; contentType: string | null; body: string }> = [
  { name: 'a form-encoded POST', contentType: 'application/x-www-form-urlencoded', body: `query=${encodeURIComponent('{ __typename }')}` },
  { name: 'a form-encoded POST in capitals', contentType: 'APPLICATION/X-WWW-FORM-URLENCODED', body: `query=${encodeURIComponent('{ __typename }')}` },
  {
    name: 'a multipart form POST',
    contentType: 'multipart/form-data; boundary=x',
    body: `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--\r\n`,
  },
  { name: 'a text/plain POST', contentType: 'text/plain', body: JSON.stringify({ query: '{ __typename }' }) },
  { name: 'a POST without a content type', contentType: null, body: JSON.stringify({ query: '{ __typename }' }) },
];

const aliases = (n: number) => Array.from({ length: n }, (_, i) => `e${i}: entity(slug: "beijing-customs") { name }`).join(' ');
const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalId('Entity', i + 1));

interface HostileCase {
  name: string;
  request: () => Sent;
  status: number;
  code: string;
  /** For LIMIT_EXCEEDED: which limit. */
  limit?: string;
}

// Refused before any SQL runs (parse, validation or the cost check): 400 with
// GraphQL over HTTP's media type, or the HTTP-level status.
const REFUSED: HostileCase[] = [
  { name: 'depth bomb: relations nested past the depth limit', request: () => json(nest(5, 'name')), status: 400, code: 'LIMIT_EXCEEDED', limit: 'depth' },
  {
    name: 'depth bomb hidden in fragments',
    request: () =>
      json(
        `{ entity(slug: "beijing-customs") { ...L1 } }
         fragment L1 on Entity { relations(first: 1) { edges { node { ...L2 } } } }
         fragment L2 on Entity { relations(first: 1) { edges { node { ...L3 } } } }
         fragment L3 on Entity { relations(first: 1) { edges { node { ...L4 } } } }
         fragment L4 on Entity { relations(first: 1) { edges { node { name } } } }`,
      ),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'depth',
  },
  { name: 'alias bomb: 50 aliases of one field', request: () => json(`{ ${aliases(50)} }`), status: 400, code: 'LIMIT_EXCEEDED', limit: 'aliases' },
  {
    name: 'alias bomb spread through fragments',
    request: () =>
      json(`{ ...A ...B } fragment A on Query { ${aliases(6)} } fragment B on Query { ${aliases(6).replaceAll('e', 'f')} }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'aliases',
  },
  {
    name: 'fragment cycle',
    request: () => json('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'fragment fan-out: each fragment spreads the next at full pages',
    request: () =>
      json(
        `{ entities(first: 100) { edges { node { ...F1 } } } }
         fragment F1 on Entity { relations(first: 100) { edges { node { ...F2 } } } }
         fragment F2 on Entity { observations(first: 100) { edges { node { value } } } }`,
      ),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'exponential fragments: 28 levels that each spread the next twice (2^28 copies)',
    request: () => json(doubling(28)),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'exponential fragments: 90 levels, the most 1,000 tokens hold',
    request: () => json(doubling(90)),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  { name: 'a chain of 25 fragment diamonds', request: () => json(diamonds(25)), status: 400, code: 'LIMIT_EXCEEDED', limit: 'cost' },
  {
    name: 'exponential fragments around __schema',
    request: () => json(doubling(24, '__schema { types { name } }')),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'schemaFields',
  },
  {
    name: 'directive bomb: forty spreads of one fragment, each with @include and @skip',
    request: () => json(`{ ${'...F @include(if: true) @skip(if: false) '.repeat(40)} } fragment F on Query { __typename }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'directives',
  },
  {
    name: 'directive bomb',
    request: () => json(`{ entity(slug: "beijing-customs") { name ${'@include(if: true) '.repeat(20)} } }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'directives',
  },
  { name: 'token bomb: 1,500 fields', request: () => json(`{ ${'__typename '.repeat(1500)} }`), status: 400, code: 'LIMIT_EXCEEDED', limit: 'tokens' },
  {
    name: 'cost bomb: two nested pages of 100',
    request: () => json('{ entities(first: 100) { edges { node { relations(first: 100) { edges { node { name } } } } } } }'),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'cost bomb with the page sizes in variables',
    request: () =>
      json('query Q($n: Int) { entities(first: $n) { edges { node { relations(first: $n) { edges { node { name } } } } } } }', { n: 100 }),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'deep traversal request: a walk of 3 hops at full pages',
    request: () =>
      json(`{ entity(slug: "beijing-customs") { ${'relations(first: 100) { edges { node { '.repeat(3)}name${' } } }'.repeat(3)} } }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'cost',
  },
  {
    name: 'huge list of IDs in nodes, written inline',
    request: () => json(`{ nodes(ids: ${JSON.stringify(ids(2_000))}) { id } }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'tokens',
  },
  {
    name: 'huge list of IDs in nodes, as a variable past the body limit',
    request: () => json('query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(5_000) }),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
  },
  {
    name: 'oversized body (declared length)',
    request: () => json(`{ __typename } # ${'x'.repeat(DEFAULT_LIMITS.maxBodyBytes)}`),
    status: 413,
    code: 'REQUEST_ENTITY_TOO_LARGE',
  },
  { name: 'oversized body streamed without a length', request: () => ({ body: chunkedBody(DEFAULT_LIMITS.maxBodyBytes * 4) }), status: 413, code: 'REQUEST_ENTITY_TOO_LARGE' },
  {
    name: 'batched request',
    request: () => ({ body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'introspection abuse: types expanded through their fields again and again',
    request: () => json('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'introspectionNesting',
  },
  {
    name: 'introspection abuse: deep __type/ofType nesting',
    request: () => json(`{ __schema { types { ${'ofType { '.repeat(LIMITS.introspectionDepth)}name${' }'.repeat(LIMITS.introspectionDepth)} } } }`),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'introspectionDepth',
  },
  {
    name: 'introspection abuse: __type expanded through fields',
    request: () => json('{ __type(name: "Entity") { fields { type { fields { type { fields { type { fields { name } } } } } } } } }'),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'introspectionNesting',
  },
  {
    name: 'introspection abuse: the whole schema twice',
    request: () => json('{ a: __schema { types { name } } b: __schema { types { name } } }'),
    status: 400,
    code: 'LIMIT_EXCEEDED',
    limit: 'schemaFields',
  },
  {
    name: 'invalid UTF-8 body',
    request: () => ({ body: new Uint8Array([...Buffer.from('{"query":"{ entity(slug: \\"'), 0xc3, 0x28, 0xff, ...Buffer.from('\\") { name } }"}')]) }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'invalid JSON body', request: () => ({ body: '{"query": "{ __typename }"' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'wrong content type', request: () => ({ contentType: 'application/xml', body: '<query/>' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  // A cross-site page can send these without a CORS preflight (CSRF): refused before any parsing.
  ...CSRF_VECTORS.map(({ name, contentType, body }) => ({ name: `CSRF: ${name}`, request: () => ({ contentType, body }), status: 403, code: 'BAD_REQUEST' })),
  {
    name: 'CSRF: a GET without a header a form cannot set',
    request: () => ({ method: 'GET', contentType: null, search: `?query=${encodeURIComponent('{ __typename }')}` }),
    status: 403,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a form-encoded POST that carries the CSRF header',
    request: () => ({ contentType: 'application/x-www-form-urlencoded', headers: { 'x-graphql-yoga-csrf': '1' }, body: `query=${encodeURIComponent('{ __typename }')}` }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  // 405, not a validation error: Yoga's method guard runs on the parsed document
  // before the schema is consulted, so it holds whatever mutations are added.
  { name: 'GET with a mutation', request: () => get('mutation { ingest }'), status: 405, code: 'BAD_REQUEST' },
  ...['PUT', 'DELETE', 'PATCH', 'TRACE'].map((method) => ({
    name: `${method} on /graphql`,
    request: () => ({ method, ...(method === 'TRACE' ? {} : json('{ __typename }')) }),
    status: 405,
    code: 'BAD_REQUEST',
  })),
  // Fields the schema lacks, on any operation type, are validation errors.
  { name: 'a POSTed mutation', request: () => json('mutation { ingest }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a GET subscription', request: () => get('subscription { changes }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a POSTed subscription', request: () => json('subscription { changes }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'an operation name the document does not have', request: () => json('query A { __typename }', undefined, 'B'), status: 400, code: 'BAD_REQUEST' },
  { name: 'two operations and no operation name', request: () => json('query A { __typename } query C { __typename }'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a document of fragments only', request: () => json('fragment F on Query { __typename }'), status: 400, code: 'BAD_REQUEST' },
  { name: 'syntax error', request: () => json('{ entity(slug: "beijing-customs") { name '), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
];

// Reach the resolvers, which refuse or answer harmlessly: 200, with a typed error where one is due.
const ANSWERED: HostileCase[] = [
  {
    name: `nodes with one ID more than the ${LIMITS.pageSize} allowed`,
    request: () => json(`{ nodes(ids: ${JSON.stringify(ids(LIMITS.pageSize + 1))}) { id } }`),
    status: 200,
    code: 'LIMIT_EXCEEDED',
  },
  { name: 'page size over the maximum', request: () => json('{ entities(first: 101) { totalCount } }'), status: 200, code: 'LIMIT_EXCEEDED' },
  { name: 'forged cursor', request: () => json(`{ entities(after: "' OR 1=1 --") { totalCount } }`), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'forged global ID', request: () => json(`{ node(id: "RW50aXR5OjEgT1IgMT0x") { id } }`), status: 200, code: 'BAD_USER_INPUT' },
];

/**
 * Strings full of SQL, LIKE and regex metacharacters, control characters and
 * oversized text: each matches nothing, except U+0000, which no PostgreSQL
 * text can hold and which is refused as bad input.
 */
const NASTY_STRINGS: Array<[string, 'no match' | 'BAD_USER_INPUT']> = [
  [`'; DROP TABLE entity; --`, 'no match'],
  [`" OR 1=1 --`, 'no match'],
  [`%_%\\%`, 'no match'],
  [`(a+)+$.*[^]{1000000}\\`, 'no match'],
  [`$1 $$ \\x00 :name ?`, 'no match'],
  [`\u202Eright-to-left \uFEFF zero-width \u200B`, 'no match'],
  ['🦄'.repeat(1000), 'no match'],
  ['x'.repeat(20_000), 'no match'],
  [`\u0000nul`, 'BAD_USER_INPUT'],
];

/**
 * The text inputs of the API, each with what a nasty string must give: no
 * match and no error, never a stack trace, SQL or an internal error.
 * Adding a text field (e.g. search) is one line.
 */
const TEXT_INPUTS: Array<{ name: string; query: string; empty: (data: any) => boolean }> = [
  { name: 'entity(slug:)', query: 'query Q($s: String!) { entity(slug: $s) { name } }', empty: (d) => d.entity === null },
  { name: 'metric(slug:)', query: 'query Q($s: String!) { metric(slug: $s) { name } }', empty: (d) => d.metric === null },
  { name: 'source(slug:)', query: 'query Q($s: String!) { source(slug: $s) { title } }', empty: (d) => d.source === null },
  {
    name: 'observations(metrics:, subjects:)',
    query: 'query Q($s: String!) { observations(metrics: [$s], subjects: [$s]) { totalCount } }',
    empty: (d) => d.observations.totalCount === 0,
  },
  // { name: 'search(query:)', query: 'query Q($s: String!) { search(query: $s) { edges { node { name } } } }', empty: (d) => d.search.edges.length === 0 },
];

const NORMAL = '{ entity(slug: "tianzhu-comprehensive-bonded-zone") { name observations { edges { node { value evidence { quote } } } } } }';

async function expectStillServing() {
  const { status, body } = await send(json(NORMAL));
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.entity.name).toBe('Tianzhu Comprehensive Bonded Zone');
  expect(body.data.entity.observations.edges[0].node.evidence.quote).toContain('73.33 billion yuan');
}

function expectNothingInternal(text: string) {
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|SELECT |INSERT |prisma|postgres|pg_/i);
}

/** The hostile requests of this file: each case of the tables, each nasty string in each text input. */
function hostileCases(): number {
  return REFUSED.length + ANSWERED.length + TEXT_INPUTS.length * NASTY_STRINGS.length;
}

describe('hostile requests', () => {
  it(`are at least 20 distinct cases`, () => {
    expect(REFUSED.length + ANSWERED.length + TEXT_INPUTS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(REFUSED)('refuses $name ($status $code)', async ({ request, status, code, limit }) => {
    const response = await send(request());
    expect({ status: response.status, codes: response.body.errors?.map((e) => e.extensions?.code) }).toMatchObject({
      status,
      codes: expect.arrayContaining([code]),
    });
    expect(response.body.data ?? null).toBeNull();
    if (limit) expect(response.body.errors!.map((e) => e.extensions.limit)).toContain(limit);
    for (const error of response.body.errors!) expect(error.extensions).not.toHaveProperty('http');
    expectNothingInternal(response.text);
    await expectStillServing();
  });

  it.each(ANSWERED)('answers $name with a typed error ($code)', async ({ request, status, code }) => {
    const response = await send(request());
    expect(response.status).toBe(status);
    expect(response.body.errors?.map((e) => e.extensions?.code)).toContain(code);
    expectNothingInternal(response.text);
    await expectStillServing();
  });

  describe.each(TEXT_INPUTS)('$name', ({ query, empty }) => {
    it.each(NASTY_STRINGS.map(([s, outcome]) => [JSON.stringify(s).slice(0, 40), outcome, s]))(
      'takes %s as plain text: %s',
      async (_label, outcome, nasty) => {
        const response = await send(json(query, { s: nasty }));
        expect(response.status).toBe(200);
        if (outcome === 'no match') {
          expect(response.body.errors).toBeUndefined();
          expect(empty(response.body.data)).toBe(true);
        } else {
          expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual([outcome]);
        }
        expectNothingInternal(response.text);
      },
    );

    it('is still served afterwards, and the graph is intact', async () => {
      await expectStillServing();
      const { body } = await send(json('{ entities { totalCount } }'));
      expect(body.data.entities.totalCount).toBe(32);
    });
  });

  it('still lets GraphiQL introspect the schema', async () => {
    const response = await send(json(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true })));
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.types.length).toBeGreaterThan(20);
  });
});
