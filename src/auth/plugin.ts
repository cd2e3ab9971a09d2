// The write path's HTTP rules, as one Yoga plugin:
// - the token of `Authorization: Bearer` is resolved once per request (the
//   viewer, in the context); a token that is not valid is refused on every
//   operation, with the same answer whatever was wrong with it;
// - reads need the READ scope when TRADEGRAPH_PUBLIC_READ=false;
// - mutations need the CURATE scope, come only as POST with a JSON body
//   (Yoga refuses them over GET; CSRF prevention refuses forms), at most
//   LIMITS.mutationFields per request (aliases count), and are rate-limited
//   per token;
// - bodies past the read limit are read only for a CURATE token (a knowledge
//   file and its text travel in the request).
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLError,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PrismaClient } from '../db/prisma.ts';
import { mediaType } from '../http/request-checks.ts';
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from './errors.ts';
import { type MutationRateLimiter, RateLimiter } from './rate-limit.ts';
import { grants } from './tokens.ts';
import { type Viewer, viewerOf } from './viewer.ts';
import { LIMITS } from '../limits.ts';

declare module '../schema/builder.ts' {
  interface Context {
    /** Who sent the request (src/auth/plugin.ts). */
    viewer?: Viewer;
  }
}

export interface CurationHttpOptions {
  prisma: PrismaClient;
  /** Whether anonymous callers may read (TRADEGRAPH_PUBLIC_READ). */
  publicRead: boolean;
  /** The body limit of everyone but curators. */
  maxBodyBytes: number;
  curateMaxBodyBytes?: number;
  mutationsPerMinute?: number;
  mutationBurst?: number;
  /** The limiter shared by every instance (src/redis/rate-limit.ts); default: a token bucket in this process. */
  rateLimiter?: MutationRateLimiter;
}

function error(message: string, code: string, status: number) {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The body read whole, at most `limit` bytes, for requests whose Content-Length
 * is missing or wrong: read from the stream directly, not piped through a
 * TransformStream into a new stream (web streams cost a request more CPU than
 * its compiled read). The parsers after this one read the bytes.
 */
async function limitBody(request: Request, limit: number, tooLarge: () => Error, RequestOf: typeof Request): Promise<Request> {
  if (!request.body) return request;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, read);
  return new RequestOf(request.url, { method: request.method, headers: request.headers, body: body as BodyInit });
}

/** Root fields of the operation, fragments followed (aliases each count), by name. */
/** Mutations that manage tokens: the ADMIN scope's. */
const ADMIN_MUTATIONS = new Set(['createToken', 'revokeToken']);

function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== '__typename') names.push(s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return names;
}

export function useCurationHttp(options: CurationHttpOptions): Plugin {
  const curateMax = options.curateMaxBodyBytes ?? LIMITS.curateBodyBytes;
  const limiter = options.rateLimiter ?? new RateLimiter(options.mutationsPerMinute ?? LIMITS.mutationsPerMinute, options.mutationBurst ?? LIMITS.mutationBurst);
  /** Whether this request may read (TRADEGRAPH_PUBLIC_READ, else the READ scope); the error to answer when not. */
  const readRefusal = (who: Viewer): GraphQLError | undefined => {
    if (who.invalid) return new UnauthenticatedError();
    if (!options.publicRead && !(who.holder && grants(who.holder.scopes, 'READ'))) return who.holder ? new ForbiddenError('READ') : new UnauthenticatedError();
    return undefined;
  };
  const viewers = new WeakMap<Request, Promise<Viewer>>();
  const viewer = (request: Request) => {
    let found = viewers.get(request);
    if (!found) {
      found = viewerOf(options.prisma, request.headers.get('authorization'));
      viewers.set(request, found);
    }
    return found;
  };
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      setRequestParser(async (req) => {
        const who = await viewer(request);
        const limit = who.holder && grants(who.holder.scopes, 'CURATE') ? curateMax : options.maxBodyBytes;
        const tooLarge = () =>
          error(
            `The request body is larger than ${limit} bytes, the limit${limit === curateMax ? ' for curators' : '; only a token with the CURATE scope may send more'}.`,
            'REQUEST_ENTITY_TOO_LARGE',
            413,
          );
        const length = req.headers.get('content-length');
        if (length !== null && Number(length) > limit) throw tooLarge();
        // The server's own Request class (whatwg-node's), lighter than Node's global one.
        return requestParser(await limitBody(req, limit, tooLarge, fetchAPI.Request));
      });
    },
    async onContextBuilding({ context, extendContext }) {
      const request = (context as { request?: Request }).request;
      extendContext({ viewer: request ? await viewer(request) : { holder: null, invalid: false } } as never);
    },
    // Subscriptions (graphChanged) are reads: the same rule, checked before the stream opens.
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as { viewer?: Viewer; request?: Request };
      if (!context.viewer || !context.request) return;
      const refused = readRefusal(context.viewer);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const stop = (e: GraphQLError) => setResultAndStopExecution({ errors: [e] });
      const context = args.contextValue as { viewer?: Viewer; request?: Request };
      const who = context.viewer;
      if (!who || !context.request) return; // Not an HTTP request (a test's direct execution).
      if (who.invalid) return stop(new UnauthenticatedError());
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      if (operation.operation !== 'mutation') {
        if (!options.publicRead && !(who.holder && grants(who.holder.scopes, 'READ'))) {
          return stop(who.holder ? new ForbiddenError('READ') : new UnauthenticatedError());
        }
        return;
      }
      if (context.request.method !== 'POST' || mediaType(context.request.headers.get('content-type')) !== 'application/json') {
        return stop(error('Mutations are accepted only as POST with a JSON body (content-type application/json).', 'BAD_REQUEST', 415));
      }
      if (!who.holder) return stop(new UnauthenticatedError());
      if (!grants(who.holder.scopes, 'CURATE')) return stop(new ForbiddenError('CURATE'));
      const fields = rootFields(args.document, operation.selectionSet);
      if (fields.some((f) => ADMIN_MUTATIONS.has(f)) && !grants(who.holder.scopes, 'ADMIN')) return stop(new ForbiddenError('ADMIN'));
      if (fields.length > LIMITS.mutationFields) {
        return stop(error(`A request may carry at most ${LIMITS.mutationFields} mutation fields (aliases count); this one has ${fields.length}.`, 'LIMIT_EXCEEDED', 400));
      }
      const ingests = fields.filter((f) => f === 'ingestSource').length;
      if (ingests > LIMITS.ingestsPerRequest) {
        return stop(error(`A request may ingest at most ${LIMITS.ingestsPerRequest} knowledge file; this one has ${ingests}.`, 'LIMIT_EXCEEDED', 400));
      }
      const wait = await limiter.take(who.holder.id, Math.max(1, fields.length));
      if (wait > 0) return stop(new RateLimitedError(wait));
    },
  };
}
