// GraphiQL's page carries all of its code inline (nothing from a CDN), about
// 9 MB; gzipped it is about a quarter of that. The page is the same on every
// request, so it is rendered once (renderOnce), compressed once, off the event
// loop, and the compressed bytes are reused while the page text stays the
// same: rendering and compressing it per request held the event loop for
// 150-400 ms, so a few page loads a second would stall every other client. Only HTML pages are
// compressed here: the explorer serves its own precompressed files, and the
// GraphQL responses stay as they are (small, and compressing them would cost
// every request CPU).
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

const gzip = promisify(gzipCallback);

/** Pages smaller than this are sent as they are: gzip would save next to nothing. */
const MIN_BYTES = 1024;

/**
 * A page renderer that renders once per set of options (GraphiQL's stringifies
 * megabytes of editor code on every call). The same text object comes back
 * each time, so the compressed copy below is found by identity.
 */
export function renderOnce<O>(render: (options: O) => string): (options: O) => string {
  let last: { key: string; page: string } | null = null;
  return (options) => {
    const key = JSON.stringify(options ?? null);
    if (last?.key !== key) last = { key, page: render(options) };
    return last.page;
  };
}

/** Whether an Accept-Encoding header accepts gzip: by its own entry if listed, else by `*`; `q=0` refuses. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name) weights.set(name, q === undefined ? 1 : Number(q.slice(2)));
  }
  const weight = weights.get('gzip') ?? weights.get('*') ?? 0;
  return weight > 0;
}

export function usePageCompression(): Plugin {
  // The last page compressed: GraphiQL's page is one text for every request.
  let last: { text: string; gzipped: Promise<Uint8Array<ArrayBuffer>> } | null = null;

  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || response.status !== 200 || response.headers.has('content-encoding')) return;
      if (!/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) return;
      if (!acceptsGzip(request.headers.get('accept-encoding'))) return;
      const text = await response.text();
      const headers = new fetchAPI.Headers(response.headers);
      headers.append('vary', 'accept-encoding');
      // (A text of MIN_BYTES characters or more has at least as many bytes: no need to count a 9 MB page.)
      if (text.length < MIN_BYTES && Buffer.byteLength(text) < MIN_BYTES) {
        setResponse(new fetchAPI.Response(text, { status: 200, headers }));
        return;
      }
      if (last?.text !== text) last = { text, gzipped: gzip(text).then((b) => new Uint8Array(b)) };
      let body: Uint8Array<ArrayBuffer>;
      try {
        body = await last.gzipped;
      } catch {
        // Never seen; but a failed compression must not stick: send the page as it is.
        last = null;
        setResponse(new fetchAPI.Response(text, { status: 200, headers }));
        return;
      }
      headers.set('content-encoding', 'gzip');
      headers.set('content-length', String(body.byteLength));
      setResponse(new fetchAPI.Response(body, { status: 200, headers }));
    },
  };
}
