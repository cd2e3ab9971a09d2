// The response cache's fast path (issue 14: cached answers at least 5x
// PostGraphile's throughput). A hit through Yoga still builds a fetch Request,
// runs every plugin and serialises the answer again; this path answers from
// node's http layer instead, before Yoga sees the request.
//
// It serves only what the slow path has already served: the exact request
// (method, URL with its query string, every header but the few listed in
// IGNORED, the body's bytes) that the slow path answered from the cache (a
// hit, or a 304) is kept with the response it got, status, headers and body
// as sent, under the graph version of that answer. A later request with the
// same text gets that response if the graph's version, as the slow path takes
// it (the store's: known from PostgreSQL's notifications, or a read sent after
// the request arrived; src/cache/), is still that version. Any other request, including one
// that differs by a header or a byte, goes the slow path, which runs every
// check; a request text the slow path answered from the cache passed all of
// them, and their outcome depends on nothing else (a token's request never
// gets here: the cache does not serve those). Only the request ID (and the
// log line's duration) is the request's own.
//
// Bodies are read here once, up to the anonymous body limit, and handed to
// Yoga when this path does not answer (as a stream in
// `req.body`); a body without Content-Length or above the limit is left to
// the slow path, unread.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { ResponseStore } from '../cache/response-store.ts';
import type { Logger } from '../logger.ts';
import { requestIdFrom, requestLogFields } from './request-log.ts';
import { parseGraphVersion } from './request-version.ts';
import { matchesEntityTag } from './response-cache.ts';

/**
 * Request headers that do not change the slow path's answer to an anonymous
 * request (or, x-request-id and if-none-match, that this path applies itself);
 * every other header is part of the request's text.
 */
const IGNORED = new Set(['host', 'connection', 'keep-alive', 'content-length', 'user-agent', 'x-request-id', 'if-none-match']);

/** What the response cache decided for a request (src/http/response-cache.ts). */
export interface CacheOutcome {
  version: string;
  etag: string;
  kind: 'hit' | 'notModified';
}

interface Recorded {
  status: number;
  /** As sent, name and value; the request ID's value is replaced per request. */
  headers: string[];
  body: Buffer | undefined;
  /** The request log's line for it (src/http/request-log.ts), the request ID and duration aside. */
  logFields: Record<string, unknown> | undefined;
}

interface KnownAnswer {
  version: string;
  etag: string;
  ok?: Recorded;
  notModified?: Recorded;
}

export interface HitPathOptions {
  store: ResponseStore;
  /** The request log (its component `http`), for one line per request as the slow path writes it. */
  log: Logger;
  graphqlEndpoint: string;
  /** The body limit of anonymous requests (a larger body is the slow path's to refuse). */
  maxBodyBytes: number;
  /** Bounds of the kept responses, as the response cache's. */
  maxEntries: number;
  maxBytes: number;
}

export interface HitPath {
  /** Answers `req` from a kept response, or hands it to `next` (its body, if read, in `req.body`). */
  serve(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** Keeps the responses the slow path answered from the cache (the last plugin, so every header is set). */
  recorder: Plugin;
  /** For the response cache: what it decided for a request. */
  noteOutcome(request: Request, outcome: CacheOutcome): void;
  /** Requests this path answered. */
  served(): number;
}

/** The request's text: method, URL, the headers that matter (as sent, in order) and the body. */
function requestText(req: IncomingMessage, body: Buffer | undefined): string {
  let text = `${req.method} ${req.url}\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!IGNORED.has(name)) text += `${name}: ${raw[i + 1]}\n`;
  }
  // latin1: one character per byte, so two texts are equal exactly when their bytes are.
  return body ? `${text}\n${body.toString('latin1')}` : text;
}

const single = (value: string | string[] | undefined): string | null => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);

export function cacheHitPath({ store, log, graphqlEndpoint, maxBodyBytes, maxEntries, maxBytes }: HitPathOptions): HitPath {
  const known = new LRUCache<string, KnownAnswer>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (a, text) => text.length + (a.ok?.body?.length ?? 0) + 256,
  });
  const texts = new WeakMap<IncomingMessage, string>();
  const outcomes = new WeakMap<Request, CacheOutcome>();
  let served = 0;

  const send = (req: IncomingMessage, res: ServerResponse, started: number, recorded: Recorded) => {
    const id = requestIdFrom(single(req.headers['x-request-id']));
    const headers = recorded.headers.slice();
    for (let i = 0; i < headers.length; i += 2) if (headers[i] === 'x-request-id') headers[i + 1] = id;
    res.writeHead(recorded.status, headers);
    res.end(recorded.body);
    served++;
    store.countHit?.();
    if (recorded.logFields && log.isLevelEnabled('info')) {
      log.info({ ...recorded.logFields, requestId: id, ms: Math.round((performance.now() - started) * 10) / 10 }, 'graphql request');
    }
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, next: () => void, text: string, started: number) => {
    const found = known.get(text);
    if (!found) return next();
    let version: string;
    try {
      // A version the client requires (it saw it elsewhere) is one the store must not answer older than.
      version = await store.version(parseGraphVersion(single(req.headers['x-graph-version'])));
    } catch {
      // The slow path says why and answers without the cache. Until it serves from the cache again, this
      // path keeps nothing: a store that failed (Redis hung) would otherwise be waited for twice per request.
      known.clear();
      return next();
    }
    if (version !== found.version) {
      if (known.get(text) === found) known.delete(text);
      return next();
    }
    const recorded = req.method === 'GET' && matchesEntityTag(single(req.headers['if-none-match']), found.etag) ? found.notModified : found.ok;
    if (!recorded) return next();
    send(req, res, started, recorded);
  };

  return {
    serve(req, res, next) {
      const started = performance.now();
      const method = req.method;
      const url = req.url ?? '';
      const q = url.indexOf('?');
      if ((method !== 'GET' && method !== 'POST') || (q < 0 ? url : url.slice(0, q)) !== graphqlEndpoint || req.headers.authorization !== undefined) return next();
      const fail = (err: unknown) => {
        log.error({ err }, 'the cache hit path failed');
        if (!res.headersSent) res.destroy();
      };
      if (method === 'GET') {
        const text = requestText(req, undefined);
        texts.set(req, text);
        answer(req, res, next, text, started).catch(fail);
        return;
      }
      const length = req.headers['content-length'];
      if (length === undefined || !/^\d+$/.test(length) || Number(length) > maxBodyBytes || Number(length) === 0 || req.headers['transfer-encoding'] !== undefined) return next();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.once('error', () => res.destroy());
      req.once('end', () => {
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // Yoga reads the body from here (whatwg-node's normalizeNodeRequest takes `req.body`), not from the
        // spent socket stream: a stream as the socket's, since a Buffer there would have its every byte's index listed.
        (req as IncomingMessage & { body?: Readable }).body = Readable.from(body);
        const text = requestText(req, body);
        texts.set(req, text);
        answer(req, res, next, text, started).catch(fail);
      });
    },
    noteOutcome(request, outcome) {
      outcomes.set(request, outcome);
    },
    served: () => served,
    recorder: {
      onResponse({ request, response, serverContext }) {
        const outcome = outcomes.get(request);
        const req = (serverContext as { req?: IncomingMessage }).req;
        const text = req && texts.get(req);
        if (!outcome || !text) return;
        const status = outcome.kind === 'hit' ? 200 : 304;
        if (response.status !== status) return;
        const previous = known.get(text);
        const entry: KnownAnswer = previous?.version === outcome.version && previous.etag === outcome.etag ? previous : { version: outcome.version, etag: outcome.etag };
        const variant = outcome.kind === 'hit' ? 'ok' : 'notModified';
        if (entry[variant]) return;
        const headers: string[] = [];
        response.headers.forEach((value, name) => headers.push(name, value));
        const keep = (body: Buffer | undefined) => {
          entry[variant] = { status, headers, body, logFields: requestLogFields(request) };
          known.set(text, entry);
        };
        if (status !== 200) return keep(undefined);
        // A copy of the body as sent (the response itself still goes out whole).
        return response.clone().arrayBuffer().then((bytes) => keep(Buffer.from(bytes)));
      },
    },
  };
}

/**
 * The node http listener of a server: the hit path first when it has one
 * (a response cache), else Yoga. `onFailure`: Yoga's handler rejected (a fault
 * of the adapter; Yoga answers every error itself).
 */
export function nodeListener(
  yoga: ((req: IncomingMessage, res: ServerResponse) => unknown) & { hitPath?: HitPath | undefined },
  onFailure: (err: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve(yoga(req, res)).catch((err: unknown) => {
      onFailure(err);
      res.destroy();
    });
  };
  const hitPath = yoga.hitPath;
  return hitPath ? (req, res) => hitPath.serve(req, res, () => handle(req, res)) : handle;
}
