// GET / says where things are: a small HTML page for browsers, JSON for
// clients that ask for it, a line of text for everything else (curl). The
// GraphQL endpoint is read from Yoga itself, the explorer's path from the
// explorer, so the page cannot point somewhere else than they are.
import type { Plugin } from 'graphql-yoga';
import { EXPLORE_PATH } from '../explorer/client/urls.ts';

const ROOT_PATH = '/';

const TYPES = ['text/html', 'application/json', 'text/plain'] as const;
type PageType = (typeof TYPES)[number];

// The page has no script, no image and no form: it may load nothing at all.
export const ROOT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Which of the page's types an Accept header prefers: the highest weight of
 * its most specific matching range (RFC 9110, 12.5.1); the first type wins a
 * tie, except that a bare `*\/*` (curl, fetch) gets text.
 */
export function preferredType(accept: string | null): PageType {
  const ranges = (accept ?? '*/*').split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    return { range, weight: Number.isFinite(weight) ? weight : 0 };
  });
  const weightOf = (type: PageType) => {
    const [major] = type.split('/');
    const match = ranges.find((r) => r.range === type) ?? ranges.find((r) => r.range === `${major}/*`) ?? ranges.find((r) => r.range === '*/*');
    // A type matched only by */* ranks just below one that was named.
    return match ? match.weight - (match.range === '*/*' ? 0.0001 : 0) : 0;
  };
  let best: PageType = 'text/plain';
  let bestWeight = weightOf(best);
  for (const type of TYPES) {
    const weight = weightOf(type);
    if (weight > bestWeight) [best, bestWeight] = [type, weight];
  }
  return best;
}

interface Links {
  graphql: string;
  explorer: string;
}

function html({ graphql, explorer }: Links): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tradegraph</title>
<style>body { font: 1rem/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; } a { color: #005a9c; }</style>
</head>
<body>
<main>
<h1>tradegraph</h1>
<p>A GraphQL knowledge graph of trade and customs reports: every fact tied to the sentence that states it.</p>
<ul>
<li><a href="${graphql}">${graphql}</a>: the GraphQL API (GraphiQL in a browser)</li>
<li><a href="${explorer}">${explorer}</a>: the graph explorer</li>
</ul>
</main>
</body>
</html>
`;
}

function body(type: PageType, links: Links): string {
  if (type === 'text/html') return html(links);
  if (type === 'application/json') return `${JSON.stringify({ name: 'tradegraph', graphql: links.graphql, explorer: links.explorer })}\n`;
  return `tradegraph: GraphQL at ${links.graphql} (GraphiQL in a browser), the graph explorer at ${links.explorer}\n`;
}

/** A Yoga plugin that answers `/` and lets every other request through. */
export function useRootPage(): Plugin {
  let links: Links = { graphql: '/graphql', explorer: EXPLORE_PATH };
  return {
    onYogaInit({ yoga }) {
      links = { ...links, graphql: yoga.graphqlEndpoint };
    },
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== ROOT_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const text = `This address only answers GET. GraphQL is at ${links.graphql}.\n`;
        endResponse(new fetchAPI.Response(text, { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const type = preferredType(request.headers.get('accept'));
      const headers: Record<string, string> = {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'no-cache',
        vary: 'accept',
        'x-content-type-options': 'nosniff',
      };
      if (type === 'text/html') headers['content-security-policy'] = ROOT_PAGE_CSP;
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body(type, links), { status: 200, headers }));
    },
  };
}
