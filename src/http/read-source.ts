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
//    An operation answered wholly by compiled statements needs no read after:
//    each statement read the version beside its answer, from the same
//    snapshot (src/sql/graph-version.ts), and the newest of them is sent.
import { type ExecutionResult, getOperationAST, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type pg from 'pg';
import { coalescedReader } from '../cache/graph-version.ts';
import type { ReadSource, ReplicaSet } from '../db/replicas.ts';
import { untraced } from '../db/sql-trace.ts';
import type { Logger } from '../logger.ts';
import type { Context } from '../schema/builder.ts';
import { readGraphVersion } from '../sql/graph-version.ts';
import { causes, codesOf, isConnectionFailure } from './database-errors.ts';
import { parseGraphVersion, requiredVersion } from './request-version.ts';
import { pathOf } from './request-path.ts';

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
  query: boolean;
  /** Its database failed it: no version is read (a hung database would hold the answer a second time). */
  failed: boolean;
  context: Context;
}

/** Longest the version read after an operation may hold its response; past it the response goes without the header. */
const VERSION_READ_TIMEOUT_MS = 2_000;

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
    onExecute({ args, extendContext, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const query = getOperationAST(args.document, args.operationName)?.operation === 'query';
      let source = primary;
      if (query && replicas) {
        // The newest of what the client has seen and what the cache's key stands for.
        const asked = parseGraphVersion(request.headers.get(GRAPH_VERSION_HEADER));
        const kept = requiredVersion(request);
        source = replicas.choose(asked === undefined || (kept !== undefined && kept > asked) ? kept : asked);
      }
      const read: RequestRead = { source, query, failed: false, context: args.contextValue as unknown as Context };
      reads.set(request, read);
      const onExecuteDone = ({ result }: { result: unknown }) => {
        if (isSingleResult(result) && result.errors?.some((e) => isConnectionFailure(e))) read.failed = true;
      };
      if (source === primary) return { onExecuteDone };
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
      return { onExecuteDone };
    },
    async onResponse({ request, response }) {
      if (request.method === 'OPTIONS' || pathOf(request) !== graphqlEndpoint) return;
      const read = reads.get(request);
      // The cache's version, read before the operation ran (the version of an answer from the cache, or a 304).
      const known = requiredVersion(request);
      if (read?.failed) return;
      // A query on the primary without replicas: the cache's version read before it ran is as good.
      const pool = read && !(read.query && !replicas && known !== undefined) ? read.source.pool : known === undefined ? primary.pool : undefined;
      let version = known?.toString();
      // Compiled execution read the version in its own statements, from the same snapshots as the answer.
      const compiled = read?.context.compiledGraphVersion;
      if (pool && compiled?.pool === pool) version = compiled.version.toString();
      else if (pool) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          // Bookkeeping, not the query: outside the request's statement trace.
          version = await Promise.race([
            untraced(() => versionOf(pool)),
            new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), VERSION_READ_TIMEOUT_MS))),
          ]);
        } catch (err) {
          log.debug({ err }, 'graph version unreadable; response sent without X-Graph-Version');
          return;
        } finally {
          clearTimeout(timer);
        }
      }
      if (version !== undefined) response.headers.set(GRAPH_VERSION_HEADER, version);
    },
  };
}
