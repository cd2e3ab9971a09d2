// Serves the explorer from the GraphQL server itself: /explore and
// /explore/source are one HTML page, /explore/assets/* its bundled code and
// styles. The page reads its data from /graphql like any client.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { acceptsGzip } from '../http/page-compression.ts';
import type { Logger } from '../logger.ts';
import { EXPLORE_PATH, SOURCE_PATH } from './client/urls.ts';
import { bundleStaleness, EXPLORER_ASSETS, EXPLORER_OUT_DIR, ensureExplorerBundle, type ExplorerAssetName } from './bundle.ts';

const ASSET_PREFIX = `${EXPLORE_PATH}/assets/`;

export type ExplorerRoute = { page: true } | { asset: ExplorerAssetName } | { notFound: true };

/** What a path under /explore is, or null for paths the explorer does not own. */
export function explorerRoute(pathname: string): ExplorerRoute | null {
  if (pathname === EXPLORE_PATH || pathname === `${EXPLORE_PATH}/` || pathname === SOURCE_PATH) return { page: true };
  if (!pathname.startsWith(`${EXPLORE_PATH}/`)) return null;
  const asset = pathname.slice(ASSET_PREFIX.length);
  if (pathname.startsWith(ASSET_PREFIX) && (EXPLORER_ASSETS as readonly string[]).includes(asset)) return { asset: asset as ExplorerAssetName };
  return { notFound: true };
}

// Only this server's own scripts run; styles may be inline because Cytoscape
// adds one small <style>; data is fetched from this origin only.
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Bytes = Uint8Array<ArrayBuffer>;

interface Asset {
  body: Bytes;
  gzip: Bytes;
  etag: string;
  type: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function asset(content: Uint8Array, name: string): Asset {
  const body: Bytes = new Uint8Array(content);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, gzip: new Uint8Array(gzipSync(body)), etag, type: TYPES[path.extname(name)] ?? 'application/octet-stream' };
}

function page(assets: Map<ExplorerAssetName, Asset>): Asset {
  const version = (name: ExplorerAssetName) => encodeURIComponent(assets.get(name)!.etag.replaceAll('"', ''));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tradegraph explorer</title>
<link rel="stylesheet" href="${ASSET_PREFIX}explorer.css?v=${version('explorer.css')}">
<script defer src="${ASSET_PREFIX}explorer.js?v=${version('explorer.js')}"></script>
</head>
<body>
<div id="app"><noscript>The explorer draws the graph with JavaScript. The same data is at <a href="/graphql">/graphql</a>.</noscript></div>
</body>
</html>
`;
  return asset(new TextEncoder().encode(html), 'index.html');
}

async function loadAssets(outDir: string, log: Logger): Promise<Map<ExplorerAssetName | 'page', Asset>> {
  const { built } = await ensureExplorerBundle(outDir);
  if (built) log.info({ reason: built, outDir }, 'built the explorer bundle');
  const assets = new Map<ExplorerAssetName, Asset>();
  for (const name of EXPLORER_ASSETS) assets.set(name, asset(await readFile(path.join(outDir, name)), name));
  return new Map<ExplorerAssetName | 'page', Asset>([...assets, ['page', page(assets)]]);
}

export interface ExplorerOptions {
  log: Logger;
  /** Where the bundle is (and is built if missing). */
  outDir?: string;
}

/** A Yoga plugin that answers requests under /explore and lets every other request through. */
export function useExplorer({ log, outDir = EXPLORER_OUT_DIR }: ExplorerOptions): Plugin {
  const explorerLog = log.child({ component: 'explorer' });
  let loading: Promise<Map<ExplorerAssetName | 'page', Asset>> | null = null;
  const assets = () => {
    loading ??= loadAssets(outDir, explorerLog).catch((err: unknown) => {
      loading = null; // try again on the next request
      throw err;
    });
    return loading;
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      const route = explorerRoute(url.pathname);
      if (!route) return;
      const text = (status: number, body: string, headers: Record<string, string> = {}) =>
        new fetchAPI.Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(text(405, 'The explorer only answers GET.', { allow: 'GET, HEAD' }));
      }
      if ('notFound' in route) return endResponse(text(404, `Nothing at ${url.pathname}.`));

      // A page load checks the bundle's sources (a few stats), so an edit shows on reload.
      const fresh = 'page' in route ? bundleStaleness(outDir).then((stale) => void (stale && (loading = null))) : Promise.resolve();
      return fresh.then(assets).then(
        (loaded) => {
          const file = loaded.get('page' in route ? 'page' : route.asset)!;
          const headers: Record<string, string> = {
            'content-type': file.type,
            etag: file.etag,
            // Revalidate every time: a rebuilt bundle shows at once, an unchanged one costs a 304.
            'cache-control': 'no-cache',
            'x-content-type-options': 'nosniff',
            vary: 'accept-encoding',
          };
          if ('page' in route) {
            headers['content-security-policy'] = EXPLORER_CSP;
            headers['referrer-policy'] = 'no-referrer';
          }
          if (request.headers.get('if-none-match') === file.etag) {
            return endResponse(new fetchAPI.Response(null, { status: 304, headers }));
          }
          const gzip = acceptsGzip(request.headers.get('accept-encoding'));
          if (gzip) headers['content-encoding'] = 'gzip';
          const body = gzip ? file.gzip : file.body;
          headers['content-length'] = String(body.byteLength);
          endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers }));
        },
        (err: unknown) => {
          explorerLog.error({ err }, 'the explorer bundle could not be built');
          endResponse(text(503, 'The explorer is not available: its bundle could not be built. Run `npm run build:explorer` to see why.'));
        },
      );
    },
  };
}
