// One structured log line per GraphQL request: request ID, operation name and
// type, a hash of the document, HTTP status, duration, error codes and query
// cost. Never the query text, its variables or the client's address: those
// can hold personal data. A client's bad input is this line at info (its
// error codes say what was wrong), never an error of the server.
// The request ID is the caller's `x-request-id` when it is a sane token, else
// a new UUID, and is returned in the response's `x-request-id` header.
// Yoga's own log calls go through yogaLogger, below, under the same rule.
import { createHash, randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import { costOf } from './query-limits.ts';
import { pathOf } from './request-path.ts';

const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming request ID is kept only if it cannot forge or bloat a log line. */
export function requestIdFrom(header: string | null): string {
  return header && /^[\w.:/+=-]{1,128}$/.test(header) ? header : randomUUID();
}

interface RequestEntry {
  id: string;
  started: number;
  operation?: string;
  operationType?: string;
  /** SHA-256 of the query text, in hex (as automatic persisted queries name a document): finds repeats without the text. */
  documentHash?: string;
  errorCodes: Set<string>;
  /** The GraphQL context, where the cost limit records the operation's cost. */
  context?: object;
}

/** Hashes of recent query texts: clients repeat the same few documents, and hashing one is a cost on every request. */
const hashes = new Map<string, string>();
const HASHES_KEPT = 512;
/** Texts longer than this are hashed every time (the map would keep them whole). */
const MAX_KEPT_TEXT = 16_384;

function documentHash(query: string): string {
  let hash = hashes.get(query);
  if (hash === undefined) {
    hash = createHash('sha256').update(query).digest('hex');
    if (query.length <= MAX_KEPT_TEXT) {
      if (hashes.size >= HASHES_KEPT) hashes.delete(hashes.keys().next().value!);
      hashes.set(query, hash);
    }
  }
  return hash;
}

function errorCodes(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  return results.flatMap((r) =>
    ((r as { errors?: Array<{ extensions?: { code?: unknown } }> })?.errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
  );
}

/** Each logged request's line (the cache's hit path writes the same line for the same request: src/http/hit-path.ts). */
const logged = new WeakMap<Request, Record<string, unknown>>();

/** The fields of the line logged for this request, once its response is ready. */
export function requestLogFields(request: Request): Record<string, unknown> | undefined {
  return logged.get(request);
}

export function useRequestLog(log: Logger, graphqlEndpoint: string): Plugin {
  const entries = new WeakMap<Request, RequestEntry>();
  return {
    onRequest({ request }) {
      entries.set(request, { id: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)), started: performance.now(), errorCodes: new Set() });
    },
    onParams({ request, params }) {
      const entry = entries.get(request);
      if (entry && typeof params.operationName === 'string') entry.operation = params.operationName.slice(0, 100);
      if (entry && typeof params.query === 'string') entry.documentHash = documentHash(params.query);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request && entries.get(request);
      if (!entry) return;
      const operation = getOperationAST(args.document, args.operationName);
      entry.operation ??= operation?.name?.value;
      entry.operationType = operation?.operation;
      entry.context = args.contextValue as object;
    },
    onResultProcess({ request, result }) {
      const entry = entries.get(request);
      for (const code of errorCodes(result)) entry?.errorCodes.add(code);
    },
    onResponse({ request, response }) {
      const entry = entries.get(request);
      if (!entry) return;
      response.headers.set(REQUEST_ID_HEADER, entry.id);
      if (pathOf(request) !== graphqlEndpoint) return;
      const cost = entry.context && costOf(entry.context)?.cost;
      const fields = {
        requestId: entry.id,
        method: request.method,
        operation: entry.operation ?? null,
        operationType: entry.operationType ?? null,
        ...(entry.documentHash ? { documentHash: entry.documentHash } : {}),
        status: response.status,
        ms: Math.round((performance.now() - entry.started) * 10) / 10,
        ...(cost === undefined ? {} : { cost }),
        ...(entry.errorCodes.size ? { errors: [...entry.errorCodes] } : {}),
      };
      logged.set(request, fields);
      if (response.status >= 500) log.error(fields, 'graphql request');
      else log.info(fields, 'graphql request');
    },
  };
}

/**
 * Yoga's own log calls. Its messages are fixed texts, kept at their level. An
 * error object it logs is the original of an error maskError has just
 * handled (and logged itself when the server is at fault): a client's bad
 * variable, say, whose text quotes the query and the value. Those go to debug
 * by type and code only, so no client input reaches the log at error.
 */
export function yogaLogger(log: Logger) {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const errors = args.filter((a): a is Error => a instanceof Error);
    if (!errors.length) return log[level](args.map(String).join(' '));
    for (const e of errors) log.debug({ errorType: e.name, code: (e as { extensions?: { code?: unknown } }).extensions?.code }, 'error handled by maskError');
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
