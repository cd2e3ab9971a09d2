// Checks of the HTTP request itself, before any GraphQL, in this order:
// 1. the method: /graphql answers GET and POST (405 with `Allow` otherwise);
// 2. CSRF prevention (Yoga's plugin): a request a cross-site page could send
//    without a CORS preflight (a GET, or a POST with no content type or a
//    form's or text/plain) must carry a header no form can set;
// 3. a content type the API reads (JSON, or GraphQL text), matched
//    case-insensitively as media types are, and a body that is valid UTF-8
//    (a JSON body that is not would be decoded with replacement characters
//    and run as a different query).
// The body size limit is the curation plugin's (src/auth/plugin.ts), which
// wraps the parser set here; the Content-Length header's form is checked here.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.ts';

/**
 * Headers that mark a request as sent by a client rather than a cross-site
 * form (any one, any value): Yoga's own, and the two Apollo's servers accept
 * (Apollo's iOS and Kotlin clients send `x-apollo-operation-name` themselves).
 */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** Media types the API reads in a POST; Yoga's parsers for anything else (forms) are not used. */
const READ_MEDIA_TYPES = new Set(['application/json', 'application/graphql+json', 'application/graphql']);

function requestError(message: string, status: number, code: string, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status, ...(headers ? { headers } : {}) } } });
}

/** The media type of a Content-Type header, lower-cased (`APPLICATION/JSON; charset=UTF-8` is `application/json`). */
export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || null;
}

/**
 * The header with its media type and parameter names lower-cased, as Yoga's
 * parsers (which compare exactly) expect. Parameter values are kept.
 */
function canonicalContentType(contentType: string): string {
  const [type = '', ...params] = contentType.split(';').map((part) => part.trim());
  const named = params.filter(Boolean).map((param) => {
    const eq = param.indexOf('=');
    return eq < 0 ? param.toLowerCase() : `${param.slice(0, eq).trim().toLowerCase()}=${param.slice(eq + 1).trim()}`;
  });
  return [type.toLowerCase(), ...named].join('; ');
}

function useMethodAndMediaType(allowedMethods: readonly string[]): Plugin {
  const allow = allowedMethods.join(', ');
  return {
    onRequest({ request }) {
      const contentType = request.headers.get('content-type');
      // In place: a rebuilt request would lose what the server adapter attached to its body.
      if (contentType && canonicalContentType(contentType) !== contentType) request.headers.set('content-type', canonicalContentType(contentType));
    },
    onRequestParse({ request }) {
      if (request.method !== 'GET' && request.method !== 'POST') {
        throw requestError(`${request.method} is not supported here: send a GraphQL request with GET or POST.`, 405, ErrorCode.BAD_REQUEST, { allow });
      }
      // One non-negative integer, as Yoga's own body limit requires (several values joined are a smuggling attempt).
      const length = request.headers.get('content-length');
      if (length !== null && !/^\d+$/.test(length)) throw requestError('Content-Length header is invalid.', 400, ErrorCode.BAD_REQUEST);
    },
  };
}

/** Yoga's CSRF prevention, with its refusal typed and saying what to send. */
function useTypedCSRFPrevention(): Plugin {
  const { onRequestParse } = useCSRFPrevention({ requestHeaders: CSRF_HEADERS }) as Required<Pick<Plugin, 'onRequestParse'>>;
  return {
    onRequestParse(payload) {
      try {
        return onRequestParse(payload);
      } catch {
        throw requestError(
          'This request could have been sent by another site (a GET, or a POST without a JSON content type), so it is refused: ' +
            `POST with content-type application/json, or send the header ${CSRF_HEADERS[0]} (any value).`,
          403,
          ErrorCode.BAD_REQUEST,
        );
      }
    },
  };
}

function useBodyChecks(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method === 'GET') return;
      const type = mediaType(request.headers.get('content-type'));
      if (!requestParser || !type || !READ_MEDIA_TYPES.has(type)) {
        throw requestError(
          `Content type "${(request.headers.get('content-type') ?? 'none').slice(0, 100)}" is not supported; send application/json.`,
          415,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        );
      }
      setRequestParser(async (req) => {
        const bytes = new Uint8Array(await req.arrayBuffer());
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          throw requestError('The request body is not valid UTF-8.', 400, ErrorCode.BAD_REQUEST);
        }
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: bytes }));
      });
    },
  };
}

/** The checks of a GraphQL request's method, origin (CSRF) and body, in that order. */
export function useRequestChecks({ allowedMethods = ['GET', 'POST'] }: { allowedMethods?: readonly string[] } = {}): Plugin[] {
  return [useMethodAndMediaType(allowedMethods), useTypedCSRFPrevention(), useBodyChecks()];
}
