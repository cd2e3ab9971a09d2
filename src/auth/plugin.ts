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
import { RateLimiter } from './rate-limit.ts';
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
}

function error(message: string, code: string, status: number) {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/** Caps a body stream at `limit` bytes, for requests whose Content-Length is missing or wrong. */
function limitBody(request: Request, limit: number, tooLarge: () => Error): Request {
  if (!request.body) return request;
  let read = 0;
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > limit) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, { method: request.method, headers: request.headers, body, duplex: 'half' } as RequestInit);
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
  const limiter = new RateLimiter(options.mutationsPerMinute ?? LIMITS.mutationsPerMinute, options.mutationBurst ?? LIMITS.mutationBurst);
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
    onRequestParse({ request, requestParser, setRequestParser }) {
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
        return requestParser(limitBody(req, limit, tooLarge));
      });
    },
    async onContextBuilding({ context, extendContext }) {
      const request = (context as { request?: Request }).request;
      extendContext({ viewer: request ? await viewer(request) : { holder: null, invalid: false } } as never);
    },
    onExecute({ args, setResultAndStopExecution }) {
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
      const wait = limiter.take(who.holder.id, Math.max(1, fields.length));
      if (wait > 0) return stop(new RateLimitedError(wait));
    },
  };
}
