// Checks of the HTTP request itself, before any GraphQL: a content type Yoga
// can parse, and a body that is valid UTF-8 (a JSON body that is not would be
// decoded with replacement characters and run as a different query). The body
// size limit is Yoga's own (maxRequestBodySize), which wraps the parser set here.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../schema/errors.ts';

function requestError(message: string, status: number, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

export function useRequestChecks(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser) {
        throw requestError(
          `Content type "${(request.headers.get('content-type') ?? 'none').slice(0, 100)}" is not supported; send application/json.`,
          415,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        );
      }
      if (request.method === 'GET' || request.method === 'HEAD') return;
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
