// HTTP as the standards say, checked by the headers of the answers: 405 with
// `Allow` for methods /graphql does not answer, CSRF prevention that GraphiQL
// and the explorer pass, CORS for configured origins only and never with
// credentials, media types matched case-insensitively, and `q=0` in
// Accept-Encoding honoured on every compressed page. (The status and code of
// each refusal are also cases of hostile.test.ts.)
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { parseCorsOrigins } from '../../src/http/cors.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { watchEventLoop } from '../helpers/event-loop.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../helpers/server.ts';

const ORIGIN = 'http://tradegraph.test';
const ALLOWED = 'https://app.example.org';
const EVIL = 'https://evil.example';
const QUERY = JSON.stringify({ query: '{ __typename }' });

let db: TestDatabase;
/** The server as it starts by default: no CORS origin configured. */
let closed: ReturnType<typeof createGraphQLServer>;
/** The server with TRADEGRAPH_CORS_ORIGINS set. */
let open: ReturnType<typeof createGraphQLServer>;
let cases = 0;

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  closed = createGraphQLServer({ db, log: testLog });
  open = createGraphQLServer({ db, log: testLog, corsOrigins: parseCorsOrigins(`${ALLOWED}, http://localhost:5173`) });
  // Unwatched start-up costs of a process, not of a request: Prisma's first
  // query, GraphiQL's one rendering and compression.
  await closed.fetch(`${ORIGIN}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
  await (await closed.fetch(`${ORIGIN}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } })).arrayBuffer();
});
afterAll(() => db?.close());
const eventLoop = watchEventLoop((requests) => `the ${cases} HTTP cases of test/api/hostile-http.test.ts (${requests} requests)`);

async function fetchFrom(yoga: ReturnType<typeof createGraphQLServer>, path: string, init: RequestInit = {}) {
  return eventLoop.request(async () => {
    const response = await yoga.fetch(`${ORIGIN}${path}`, init);
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body, text: () => new TextDecoder().decode(body) };
  });
}

describe('methods /graphql does not answer', () => {
  it.each(['PUT', 'DELETE', 'PATCH', 'TRACE', 'HEAD'])('%s gets 405 with Allow: GET, POST and a message that says so', async (method) => {
    cases += 1;
    const body = method === 'TRACE' || method === 'HEAD' ? undefined : QUERY;
    const response = await fetchFrom(closed, '/graphql', { method, headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    if (method === 'HEAD') return;
    const error = JSON.parse(response.text()).errors[0];
    expect(error.extensions.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(new RegExp(`^${method} is not supported.*GET or POST`));
    expect(error.message).not.toMatch(/content type/i);
  });

  it('OPTIONS is one of them unless CORS is configured', async () => {
    cases += 1;
    const response = await fetchFrom(closed, '/graphql', { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('media types', () => {
  it.each(['APPLICATION/JSON', 'Application/Json; Charset=UTF-8', 'application/json ; charset=utf-8'])('reads a body sent as %s', async (contentType) => {
    cases += 1;
    const response = await fetchFrom(closed, '/graphql', { method: 'POST', headers: { 'content-type': contentType }, body: QUERY });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text())).toMatchObject({ data: { __typename: 'Query' } });
  });

  it('answers in the media type an Accept in capitals asks for', async () => {
    cases += 1;
    const response = await fetchFrom(closed, `/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'APPLICATION/GRAPHQL-RESPONSE+JSON', 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });
});

describe('CSRF prevention', () => {
  it('lets the explorer and GraphiQL through: both POST application/json, which no form can send', async () => {
    cases += 1;
    // What both send (src/explorer/client/api.ts; GraphiQL's fetcher), from the page's own origin.
    const response = await fetchFrom(closed, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', origin: ORIGIN },
      body: QUERY,
    });
    expect(response.status).toBe(200);
  });

  it('serves GraphiQL itself to a plain browser GET', async () => {
    cases += 1;
    const response = await fetchFrom(closed, '/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it.each(['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'])('answers a GET that carries %s', async (header) => {
    cases += 1;
    const response = await fetchFrom(closed, `/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { [header]: '1' } });
    expect(response.status).toBe(200);
  });
});

describe('CORS', () => {
  const post = (yoga: ReturnType<typeof createGraphQLServer>, origin: string) =>
    fetchFrom(yoga, '/graphql', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: QUERY });
  const preflight = (yoga: ReturnType<typeof createGraphQLServer>, origin: string) =>
    fetchFrom(yoga, '/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-request-id' },
    });

  it('gives no origin access by default, and never echoes one', async () => {
    cases += 1;
    for (const origin of [EVIL, 'null', ALLOWED]) {
      const response = await post(closed, origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives a configured origin access without credentials, and says the answer varies by Origin', async () => {
    cases += 1;
    const response = await post(open, ALLOWED);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    const allowed = await preflight(open, ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/content-type.*x-request-id/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives any other origin, "null" included, no CORS headers even when some are configured', async () => {
    cases += 1;
    for (const origin of [EVIL, 'null', `${ALLOWED}.evil.example`, 'http://app.example.org']) {
      for (const response of [await post(open, origin), await preflight(open, origin)]) {
        expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
      }
    }
  });

  it('reads TRADEGRAPH_CORS_ORIGINS as a list of origins and refuses anything else', () => {
    expect(loadConfig({}).TRADEGRAPH_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ TRADEGRAPH_CORS_ORIGINS: ' https://App.Example.org/ ,http://localhost:5173' }).TRADEGRAPH_CORS_ORIGINS).toEqual([
      'https://app.example.org',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'app.example.org', 'https://app.example.org/path', 'ftp://files.example.org']) {
      expect(() => loadConfig({ TRADEGRAPH_CORS_ORIGINS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TRADEGRAPH_CORS_ORIGINS: bad })).toThrow(/TRADEGRAPH_CORS_ORIGINS.*not an origin/);
    }
  });
});

describe('Accept-Encoding', () => {
  const PAGES = [
    { name: 'the explorer', path: '/explore', accept: 'text/html' },
    { name: "the explorer's script", path: '/explore/assets/explorer.js', accept: '*/*' },
    { name: 'GraphiQL', path: '/graphql', accept: 'text/html' },
  ];

  it.each(PAGES)('$name is sent as it is when gzip is refused with q=0', async ({ path, accept }) => {
    cases += 1;
    for (const refusal of ['gzip;q=0', 'gzip; q=0, identity', '*;q=0', 'br, gzip;q=0.0']) {
      const response = await fetchFrom(closed, path, { headers: { accept, 'accept-encoding': refusal } });
      expect(response.status, refusal).toBe(200);
      expect(response.headers.get('content-encoding'), refusal).toBeNull();
    }
  });

  it.each(PAGES)('$name is gzipped when gzip is accepted', async ({ path, accept }) => {
    cases += 1;
    const response = await fetchFrom(closed, path, { headers: { accept, 'accept-encoding': 'gzip;q=0.5, br;q=1' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(response.body).byteLength).toBeGreaterThan(response.body.byteLength);
  });
});

describe('over a real HTTP connection (Node\'s server adapter, not yoga.fetch)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Yoga answers its own errors; its promise is not the server's to await.
    server = createServer((req, res) => void closed(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** node:http, because fetch refuses to send TRACE at all. */
  const wire = (method: string, headers: Record<string, string>, body?: string) =>
    eventLoop.request(
      () =>
        new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method, headers }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
          });
          req.on('error', reject);
          req.end(body);
        }),
    );

  it('reads APPLICATION/JSON', async () => {
    cases += 1;
    const response = await wire('POST', { 'content-type': 'APPLICATION/JSON; CHARSET=utf-8' }, QUERY);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ data: { __typename: 'Query' } });
  });

  it.each(['TRACE', 'HEAD', 'PUT'])('answers %s with 405 and Allow', async (method) => {
    cases += 1;
    const response = await wire(method, { 'content-type': 'application/json' }, method === 'PUT' ? QUERY : undefined);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
  });

  it('never runs a form-encoded POST', async () => {
    cases += 1;
    const response = await wire('POST', { 'content-type': 'application/x-www-form-urlencoded' }, `query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).not.toHaveProperty('data');
  });
});
