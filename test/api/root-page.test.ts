// GET / through Yoga, as browsers, curl and JSON clients reach it: a small
// answer that points to the GraphQL API and the explorer, in the form asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_PAGE_CSP } from '../../src/http/root-page.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('migrated');
});
afterAll(() => api?.close());

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const get = (path: string, init: RequestInit = {}) => api.yoga.fetch(`http://tradegraph.test${path}`, init);

describe('GET /', () => {
  it('gives a browser a page that links to GraphiQL and the explorer, and loads nothing', async () => {
    const response = await get('/', { headers: { accept: BROWSER } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(ROOT_PAGE_CSP);
    const page = await response.text();
    const links = [...page.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/graphql', '/explore']);
    expect(page).not.toMatch(/<script|https?:\/\//);
    // Both links lead somewhere: GraphiQL and the explorer's page.
    for (const link of links) {
      const target = await get(link!, { headers: { accept: BROWSER } });
      expect(target.status, link).toBe(200);
      expect(target.headers.get('content-type'), link).toMatch(/^text\/html/);
    }
  });

  it('gives curl (any type) a line of text, and a JSON client JSON', async () => {
    const curl = await get('/', { headers: { accept: '*/*' } });
    expect(curl.status).toBe(200);
    expect(curl.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await curl.text()).toBe('tradegraph: GraphQL at /graphql (GraphiQL in a browser), the graph explorer at /explore\n');

    const none = await get('/');
    expect(none.headers.get('content-type')).toBe('text/plain; charset=utf-8');

    const json = await get('/', { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ name: 'tradegraph', graphql: '/graphql', explorer: '/explore' });
    expect(json.headers.get('vary')).toMatch(/accept/i);
  });

  it('answers HEAD without a body and other methods with 405, naming the GraphQL endpoint', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const post = await get('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.text()).toContain('/graphql');
  });

  it('leaves other unknown paths as they were: 404', async () => {
    expect((await get('/nothing-here', { headers: { accept: BROWSER } })).status).toBe(404);
  });
});
