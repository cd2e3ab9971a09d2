import { describe, expect, it } from 'vitest';
import { acceptsGzip, renderOnce } from '../../src/http/page-compression.ts';

describe('acceptsGzip', () => {
  it('reads the Accept-Encoding header as browsers and proxies send it', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
  });

  it('refuses what the header does not accept', () => {
    expect(acceptsGzip(null)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0.0, br')).toBe(false);
    expect(acceptsGzip('xgzip')).toBe(false);
    // An entry of its own outweighs the wildcard.
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('*;q=0, gzip')).toBe(true);
    expect(acceptsGzip('gzip;q=abc')).toBe(false);
  });
});

describe('renderOnce', () => {
  it('renders a page once for the same options and hands out the same text', () => {
    let renders = 0;
    const render = renderOnce((options: { title: string }) => `<title>${options.title}</title>${String(++renders)}`);
    const first = render({ title: 'tradegraph' });
    for (let i = 0; i < 5; i++) expect(render({ title: 'tradegraph' })).toBe(first);
    expect(renders).toBe(1);
    expect(render({ title: 'other' })).toBe('<title>other</title>2');
  });
});
