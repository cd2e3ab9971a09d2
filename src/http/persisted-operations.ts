// Persisted (trusted) operations: a client sends the ID of an operation
// instead of its text, from manifests such as relay-compiler's persistConfig
// and GraphQL Code Generator's persisted documents write ({ "<id>": "<text>" })
// or Apollo's persisted query manifest. The ID comes as `documentId` (GraphQL
// over HTTP; "sha256:" prefix optional) or `doc_id` (Relay's examples), in the
// body or a GET's query string, or as Apollo's
// `extensions.persistedQuery.sha256Hash`. With `only`, nothing else runs,
// except the text of a listed operation (the same tokens), which runs as its ID would:
// GraphiQL and the explorer send their own operations as text, and those are
// always listed (own-operations.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { stripIgnoredCharacters } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.ts';
import { ownOperations } from './own-operations.ts';

export interface PersistedOperationsOptions {
  /** Manifest files: JSON objects of ID to text, or Apollo's persisted query manifest. */
  manifests: readonly string[];
  /** Run listed operations only. */
  only: boolean;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The operations of one manifest file, by ID. */
export function readManifest(file: string): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`persisted operations manifest ${file}: ${(err as Error).message}`);
  }
  const apollo = json as { format?: unknown; operations?: Array<{ id?: unknown; body?: unknown }> };
  const entries: Array<[unknown, unknown]> =
    apollo?.format === 'apollo-persisted-query-manifest' && Array.isArray(apollo.operations)
      ? apollo.operations.map((o) => [o.id, o.body])
      : json && typeof json === 'object' && !Array.isArray(json)
        ? Object.entries(json)
        : [];
  if (!entries.length || entries.some(([id, text]) => typeof id !== 'string' || typeof text !== 'string')) {
    throw new Error(`persisted operations manifest ${file}: expected { "<id>": "<operation text>", ... } or Apollo's persisted query manifest`);
  }
  return new Map(entries as Array<[string, string]>);
}

/**
 * A text's tokens without what GraphQL ignores (white space, commas,
 * comments): two texts with the same tokens are the same operation, however
 * a client indents or minifies it (GraphiQL minifies its introspection query).
 */
function tokensOf(text: string): string | undefined {
  try {
    return stripIgnoredCharacters(text);
  } catch {
    return undefined;
  }
}

/** Every trusted operation by ID (each also under the SHA-256 of its text), and the ID of each text's tokens. */
export function operationStore(manifests: readonly string[]) {
  const byId = new Map<string, string>();
  const idOfTokens = new Map<string, string>();
  const add = (id: string, text: string) => {
    byId.set(id, text);
    byId.set(sha256(text), text);
    const tokens = tokensOf(text);
    if (tokens !== undefined && !idOfTokens.has(tokens)) idOfTokens.set(tokens, id);
  };
  for (const text of ownOperations()) add(sha256(text), text);
  for (const file of manifests) for (const [id, text] of readManifest(file)) add(id, text);
  return { byId, idOf: (text: string) => idOfTokens.get(tokensOf(text) ?? '') };
}

/** The persisted operation ID a request carries (in its body, or its query string for GET), if any. */
function operationIdOf(params: GraphQLParams & { documentId?: unknown; doc_id?: unknown }, request: Request): string | null {
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const search = request.method === 'GET' ? new URL(request.url).searchParams : null;
  const id = params.documentId ?? params.doc_id ?? search?.get('documentId') ?? search?.get('doc_id') ?? persisted?.sha256Hash;
  return typeof id === 'string' ? id.replace(/^sha256:/, '') : null;
}

const refusal = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });

/** The Yoga plugins of persisted operations; none when no manifest is given and arbitrary operations run. */
export function usePersistedOperationsOf({ manifests, only }: PersistedOperationsOptions): Plugin[] {
  if (!manifests.length && !only) return [];
  const { byId, idOf } = operationStore(manifests);
  return [
    {
      // The text of a listed operation is that operation: served as its ID is.
      onParams({ params, setParams }) {
        const id = only && params.query ? idOf(params.query) : undefined;
        if (id) setParams({ ...params, query: undefined, documentId: id } as GraphQLParams);
      },
    },
    usePersistedOperations({
      allowArbitraryOperations: !only,
      extractPersistedOperationId: operationIdOf,
      getPersistedOperation: (id) => byId.get(id) ?? null,
      customErrors: {
        notFound: refusal('No persisted operation has this ID: send one from the manifests the server was started with.', ErrorCode.PERSISTED_QUERY_NOT_FOUND),
        persistedQueryOnly: refusal('This server runs persisted operations only: send the documentId of a listed operation.', ErrorCode.PERSISTED_QUERY_ONLY),
        keyNotFound: refusal('Send an operation: its text in "query", or the ID of a persisted operation in "documentId".', ErrorCode.BAD_REQUEST),
      },
    }) as Plugin,
  ];
}
