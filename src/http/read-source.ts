// Where each request reads, and the graph version it answers at.
//  - A query reads from one source for its whole execution: a replica in
//    rotation that has replayed the version the request needs (the client's
//    `X-Graph-Version`, the response cache's key; src/http/request-version.ts),
//    else the primary. Mutations and subscriptions use the primary throughout.
//    The source is put in the context (`pool`, `prisma`), which every resolver
//    and the SQL layer read from.
//  - A query whose replica failed with a connection error (or a replay
//    conflict) is executed again on the primary: reads only, so it is safe, and
//    the answer still comes from one source. The replica leaves the rotation.
//  - Every GraphQL response carries `X-Graph-Version`: the graph version of the
//    source read after the operation ran (so a client that sends it back is
//    never answered from an older snapshot), a mutation's after its commit.
import { type ExecutionResult, getOperationAST, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type pg from 'pg';
import { coalescedReader } from '../cache/graph-version.ts';
import type { ReadSource, ReplicaSet } from '../db/replicas.ts';
import type { Logger } from '../logger.ts';
import { readGraphVersion } from '../sql/graph-version.ts';
import { causes, codesOf, isConnectionFailure } from './database-errors.ts';
import { parseGraphVersion, requiredVersion, requireVersion } from './request-version.ts';

export const GRAPH_VERSION_HEADER = 'x-graph-version';

export interface ReadSourceOptions {
  primary: ReadSource;
  /** None: every request reads from the primary (embedded or single-server mode). */
  replicas?: ReplicaSet;
  graphqlEndpoint: string;
  log: Logger;
}

interface RequestRead {
  source: ReadSource;
  /** A query answered by execution (its version is read from its source afterwards). */
  executed: boolean;
  query: boolean;
}

const isSingleResult = (result: unknown): result is ExecutionResult =>
  result != null && typeof result === 'object' && !Array.isArray(result) && !(Symbol.asyncIterator in result);

/** A replica's failure that the primary may answer instead: it could not be reached, or replay cancelled the statement (40001). */
function failedOnReplica(error: GraphQLError): boolean {
  return isConnectionFailure(error) || causes(error).flatMap(codesOf).includes('40001');
}

export function useReadSource({ primary, replicas, graphqlEndpoint, log }: ReadSourceOptions): Plugin {
  const reads = new WeakMap<Request, RequestRead>();
  // One coalesced version reader per pool: requests arriving together share a read sent after they arrived.
  const readers = new WeakMap<pg.Pool, () => Promise<string>>();
  const versionOf = (pool: pg.Pool) => {
    let reader = readers.get(pool);
    if (!reader) readers.set(pool, (reader = coalescedReader(() => readGraphVersion(pool))));
    return reader();
  };
  return {
    onRequest({ request }) {
      const asked = parseGraphVersion(request.headers.get(GRAPH_VERSION_HEADER));
      if (asked !== undefined) requireVersion(request, asked);
    },
    onExecute({ args, extendContext, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
      const source = query && replicas ? replicas.choose(requiredVersion(request)) : primary;
      const read: RequestRead = { source, executed: true, query };
      reads.set(request, read);
      if (source === primary) return;
      (extendContext as (extension: object) => void)({ pool: source.pool, prisma: source.prisma });
      setExecuteFn(async (execution) => {
        const result = await executeFn(execution);
        const failure = isSingleResult(result) ? result.errors?.find(failedOnReplica) : undefined;
        if (!failure) return result;
        replicas!.markUnreachable(source, failure.originalError ?? failure);
        log.info({ replica: source.name }, 'query failed on its replica; answering it from the primary');
        read.source = primary;
        Object.assign(execution.contextValue as object, { pool: primary.pool, prisma: primary.prisma, loaders: new Map() });
        return executeFn(execution);
      });
    },
    async onResponse({ request, response }) {
      if (request.method === 'OPTIONS' || new URL(request.url).pathname !== graphqlEndpoint) return;
      const read = reads.get(request);
      // Answered without execution (from the cache, 304, or refused before it): the version the request was held to.
      const known = requiredVersion(request);
      let version: string | undefined;
      try {
        // A query on the primary without replicas: the cache's version read before it ran is as good.
        if (read && !(read.query && !replicas && known !== undefined)) version = await versionOf(read.source.pool);
        else version = known?.toString() ?? (await versionOf(primary.pool));
      } catch (err) {
        log.debug({ err }, 'graph version unreadable; response sent without X-Graph-Version');
        return;
      }
      response.headers.set(GRAPH_VERSION_HEADER, version);
    },
  };
}
