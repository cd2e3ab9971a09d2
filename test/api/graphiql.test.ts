// GraphiQL is served by this server, so it works with no internet: the page
// must not load anything from another host.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

describe('GraphiQL', () => {
  it('is served from the server itself and references no external host', async () => {
    const response = await api.yoga.fetch('http://tradegraph.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>tradegraph</title>');
    // Everything the page loads is inline: no script, stylesheet, font or image from anywhere else.
    const loaded = [
      ...html.matchAll(/<(?:script|img|iframe)[^>]*\ssrc\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/<link[^>]*\shref\s*=\s*["']?([^"'\s>]+)/gi),
      ...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/gi),
      ...html.matchAll(/url\(\s*["']?(https?:[^"')\s]+)/gi),
    ].map((m) => m[1]!);
    const external = loaded.filter((url) => /^(https?:)?\/\//i.test(url));
    expect(external).toEqual([]);
    for (const cdn of ['unpkg.com', 'cdn.jsdelivr.net', 'cdnjs.cloudflare.com', 'esm.sh', 'fonts.googleapis.com']) {
      expect(html).not.toContain(cdn);
    }
  });

  it('opens with the walk from Beijing Customs as its default query', async () => {
    const response = await api.yoga.fetch('http://tradegraph.test/graphql', { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(html).toContain(JSON.stringify(DEFAULT_QUERY).slice(1, 60));
    const result = await api.query(DEFAULT_QUERY);
    expect(result.errors).toBeUndefined();
    const zones = result.data!.entity.supervises.edges.filter((e: any) => e.node.__typename === 'BondedZone');
    expect(zones).toHaveLength(3);
    expect(zones.flatMap((z: any) => z.node.observations.edges).every((o: any) => o.node.evidence.quote.length > 0)).toBe(true);
  });

  it('is sent gzipped to browsers that accept it, the same page a quarter of the size', async () => {
    const page = (encoding?: string) =>
      api.yoga.fetch('http://tradegraph.test/graphql', { headers: { accept: 'text/html', ...(encoding ? { 'accept-encoding': encoding } : {}) } });
    const plain = await page();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const html = await plain.text();
    for (const round of [1, 2]) {
      // The second request is answered from the compressed copy of the first.
      const zipped = await page('gzip, deflate, br');
      expect(zipped.status, `round ${round}`).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(Number(zipped.headers.get('content-length'))).toBe(bytes.byteLength);
      expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(html) / 3);
      expect(gunzipSync(bytes).toString('utf8')).toBe(html);
    }
    // gzip;q=0 refuses it.
    expect((await page('gzip;q=0, identity')).headers.get('content-encoding')).toBeNull();
  });
});
