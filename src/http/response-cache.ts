// Answers to identical requests served from memory until the graph changes
// (issue 14). The key is a hash of the schema, the operation's text (a
// persisted operation's id already resolved to it), its name and variables,
// prefixed with the graph's version, read for every request
// (src/cache/graph-version.ts), or known from PostgreSQL's notifications
// (src/cache/version-listener.ts: a change by another client counts once its
// notification has arrived, or at once for a request whose X-Graph-Version
// requires it).
//
// Not @graphql-yoga/plugin-response-cache: it rewrites every document to
// collect typename/id pairs (more fields resolved per object, and a selection
// the read compiler would have to ignore), keeps entity maps a version key
// makes useless, and answers If-None-Match with 304 whenever that key is in
// its cache, whatever the request and whatever has changed since.
import { createHash } from 'node:crypto';
import { type ExecutionResult, getOperationAST, type GraphQLSchema, printSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ResponseStore } from '../cache/response-store.ts';
import type { CacheOutcome } from './hit-path.ts';
import type { Logger } from '../logger.ts';
import { parseGraphVersion, requireVersion } from './request-version.ts';

export interface ResponseCacheOptions {
  store: ResponseStore;
  schema: GraphQLSchema;
  log: Logger;
  /** Add `sqlStatements: 0` to answers from the cache (when the server reports statement counts). */
  reportStatements?: boolean;
  /** Told of every answer from the cache and every 304 (the hit path keeps their responses: src/http/hit-path.ts). */
  onOutcome?: (request: Request, outcome: CacheOutcome) => void;
}

interface RequestEntry {
  /** The graph version the answer will be kept under. */
  version: string;
  key: string;
  etag: string;
  hit: boolean;
  notModified: boolean;
  /** A query answered by execution, whose answer may be kept. */
  cacheable: boolean;
}

/** Whether an If-None-Match header names this entity tag (weak or strong, or `*`). */
export function matchesEntityTag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

const isSingleResult = (result: unknown): result is ExecutionResult =>
  result != null && typeof result === 'object' && !Array.isArray(result) && !(Symbol.asyncIterator in result);

export function useResponseCache({ store, schema, log, reportStatements = false, onOutcome }: ResponseCacheOptions): Plugin {
  // A new schema (a new release) never meets answers cached under the old one in a shared store.
  const schemaHash = createHash('sha256').update(printSchema(schema)).digest('base64url');
  const entries = new WeakMap<Request, RequestEntry>();
  let versionFailing = false;
  return {
    async onParams({ params, request, setResult }) {
      if (!params.query) return;
      // Only anonymous requests share answers: a token's request may see what others may not (tokens,
      // a graph closed to anonymous readers), and its checks run at execution, which a hit skips.
      if (request.headers.has('authorization')) return;
      let version: string;
      try {
        version = await store.version(parseGraphVersion(request.headers.get('x-graph-version')));
        versionFailing = false;
      } catch (err) {
        // The database is unreachable: answer without the cache (and say so once, not per request).
        if (!versionFailing) log.warn({ err }, 'graph version unreadable; answering without the response cache');
        versionFailing = true;
        return;
      }
      // An answer kept under this version must come from a database that has replayed it
      // (src/http/read-source.ts): so a store's version is graph_version's number, never a counter of its own.
      requireVersion(request, version);
      const hash = createHash('sha256')
        .update(schemaHash)
        .update('\0')
        .update(params.query)
        .update('\0')
        .update(params.operationName ?? '')
        .update('\0')
        .update(JSON.stringify(params.variables ?? null))
        .digest('base64url');
      const entry: RequestEntry = { version, key: `${version}:${hash}`, etag: `"${version}-${hash}"`, hit: false, notModified: false, cacheable: false };
      entries.set(request, entry);
      // The tag names this request's answer at this version: a match needs no stored entry.
      if (request.method === 'GET' && matchesEntityTag(request.headers.get('if-none-match'), entry.etag)) {
        entry.notModified = true;
        setResult({});
        return;
      }
      const cached = await store.get(entry.key);
      if (!cached) return;
      entry.hit = true;
      const result = cached.result;
      setResult(reportStatements ? { ...result, extensions: { ...result.extensions, sqlStatements: 0 } } : { ...result });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request && entries.get(request);
      if (entry && getOperationAST(args.document, args.operationName)?.operation === 'query') {
        entry.cacheable = true;
        // The answer will be kept under this version: whatever reads the data (a replica) must
        // have replayed at least this far, or an older answer would be kept as this version's.
        (args.contextValue as { cacheGraphVersion?: string }).cacheGraphVersion = entry.version;
      }
    },
    onResultProcess({ request, result, setResultProcessor, acceptableMediaTypes }) {
      const entry = entries.get(request);
      if (!entry) return;
      if (entry.notModified) {
        const headers = { etag: entry.etag };
        setResultProcessor((_result, fetchAPI) => new fetchAPI.Response(null, { status: 304, headers }), acceptableMediaTypes[0] ?? 'application/json');
        return;
      }
      if (entry.hit || !entry.cacheable) return;
      // Errors and partial answers are not kept: the next request tries again.
      if (!isSingleResult(result) || result.errors?.length || result.data == null) {
        entry.cacheable = false;
        return;
      }
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { sqlStatements, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
      const kept: ExecutionResult = Object.keys(extensions).length ? { data: result.data, extensions } : { data: result.data };
      return Promise.resolve(store.set(entry.key, { result: kept, bytes: Buffer.byteLength(JSON.stringify(kept)) })).catch((err: unknown) => {
        log.warn({ err }, 'could not keep an answer in the response cache');
      });
    },
    onResponse({ request, response }) {
      const entry = entries.get(request);
      if (entry && (entry.hit || entry.notModified)) onOutcome?.(request, { version: entry.version, etag: entry.etag, kind: entry.hit ? 'hit' : 'notModified' });
      if (!entry || entry.notModified || !(entry.hit || entry.cacheable)) return;
      response.headers.set('etag', entry.etag);
      response.headers.set('x-cache', entry.hit ? 'hit' : 'miss');
    },
  };
}
