// Cross-origin access: only the origins configured in TRADEGRAPH_CORS_ORIGINS
// may read the API's answers from a page of theirs, and never with
// credentials (the API has no login, so a cookie would only be a way to act
// as a user on some future endpoint). An origin not on the list gets no CORS
// headers at all: Yoga's default would echo any Origin with
// `allow-credentials: true`, and its list form answers others with
// `allow-origin: null`, which a sandboxed page (whose origin is "null") passes.
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import { CSRF_HEADERS } from './request-checks.ts';

type CorsOption = NonNullable<YogaServerOptions<object, object>['cors']>;
type CorsOptions = Exclude<CorsOption, true | ((...args: never[]) => unknown)>;

/** Headers a cross-origin client may send: the ones a GraphQL client needs, request IDs, and CSRF prevention's. */
const ALLOWED_HEADERS = ['content-type', 'accept', 'authorization', 'x-request-id', 'x-graph-version', ...CSRF_HEADERS];
/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * The origins of a comma-separated list (`https://app.example.org,
 * http://localhost:5173`), each as the browser sends it in `Origin`: scheme,
 * host and port, lower-cased, nothing else. Throws with a message naming the
 * entry that is not an origin (a path, a wildcard, a bare host).
 */
export function parseCorsOrigins(list: string): string[] {
  const origins = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return origins.map((entry) => {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    const bare = entry.replace(/\/$/, '').toLowerCase();
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== bare) {
      throw new Error(`"${entry}" is not an origin: give scheme, host and optional port, such as https://app.example.org (no path, no wildcard)`);
    }
    return url.origin;
  });
}

/** Yoga's `cors` option for an allow-list: CORS headers for listed origins only, none for any other. */
export function corsOption(origins: readonly string[]): CorsOption {
  if (!origins.length) return false;
  const allowed = new Set(origins);
  return (request: Request): CorsOptions => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id', 'x-graph-version'],
      maxAge: PREFLIGHT_MAX_AGE_S,
    };
  };
}

/**
 * With an allow-list, answers differ by Origin (CORS headers or none): say so
 * to caches on every answer, so none is served to an origin it was not made for.
 */
export function useVaryOnOrigin(origins: readonly string[]): Plugin {
  if (!origins.length) return {};
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (!vary?.split(',').some((v) => v.trim().toLowerCase() === 'origin')) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}
