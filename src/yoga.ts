// Builds the GraphQL HTTP handler (no port): schema, context, GraphiQL served
// from this server, request and query limits, error masking, request logs,
// health checks, SQL statement tracing, and the graph explorer under /explore.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { ResponseStore } from './cache/response-store.ts';
import type { Database } from './db/database.ts';
import { pendingMigrations, readMigrations } from './db/migrate.ts';
import { type SqlTrace, withSqlTrace } from './db/sql-trace.ts';
import { type CurationHttpOptions, useCurationHttp } from './auth/plugin.ts';
import { type GraphChangePublisher, type GraphEvents, graphChangePublisher, localGraphEvents, useGraphChangePublishing } from './events/graph-events.ts';
import { useExplorer } from './explorer/serve.ts';
import { DEFAULT_QUERY } from './graphiql.ts';
import { corsOption, useVaryOnOrigin } from './http/cors.ts';
import { useAsOf } from './http/as-of.ts';
import { useCompiledExecution } from './http/compiled-execution.ts';
import { useDatabaseShare } from './http/database-share.ts';
import { DEFAULT_LIMITS, type RequestLimits } from './limits.ts';
import { useOperationChecks } from './http/operation-checks.ts';
import { renderOnce, usePageCompression } from './http/page-compression.ts';
import { type PersistedOperationsOptions, usePersistedOperationsOf } from './http/persisted-operations.ts';
import { useQueryLimits } from './http/query-limits.ts';
import { useRequestChecks } from './http/request-checks.ts';
import { useRequestLog, yogaLogger } from './http/request-log.ts';
import { useResponseCache } from './http/response-cache.ts';
import { cacheHitPath } from './http/hit-path.ts';
import { useReadSource } from './http/read-source.ts';
import { useRootPage } from './http/root-page.ts';
import type { Logger } from './logger.ts';
import type { Context } from './schema/builder.ts';
import { ErrorCode } from './domain/errors.ts';
import { graphQLErrorOf, typedErrorOf } from './schema/graphql-errors.ts';
import { causes, codesOf, isConnectionFailure } from './http/database-errors.ts';
import { schema } from './schema/index.ts';
import type { SharedHealth } from './shared-state.ts';

export interface GraphQLServerOptions {
  db: Pick<Database, 'prisma' | 'pool' | 'status' | 'replicas'>;
  log: Logger;
  /** Report the SQL statements each operation ran in `extensions.sqlStatements`. */
  sqlStats?: boolean;
  /** Request and query limits; the defaults are those of the configuration. */
  limits?: Partial<RequestLimits>;
  /** True once graceful shutdown has begun: /ready then answers 503. */
  isDraining?: () => boolean;
  /** Origins whose pages may read the API's answers (CORS), as TRADEGRAPH_CORS_ORIGINS lists them; none by default. */
  corsOrigins?: readonly string[];
  /** Persisted operation manifests, and whether only their operations run. */
  persistedOperations?: PersistedOperationsOptions;
  /** The write path (src/auth/): whether anonymous callers read, the ingest size limit, the mutation rate. */
  curation?: Partial<Omit<CurationHttpOptions, 'prisma' | 'maxBodyBytes'>> & { ingestMaxBytes?: number };
  /** Where identical queries' answers are kept until the graph changes (src/http/response-cache.ts); none: no cache. */
  responseCache?: ResponseStore;
  /** Bounds of the hit path's copies of cached responses (src/http/hit-path.ts); default 1,000 and 64 MiB. */
  hitPathBounds?: { maxEntries: number; maxBytes: number };
  /** Which worker of a cluster this is (src/cluster.ts), shown by /ready. */
  instance?: { worker: number; pid: number } | undefined;
  /** Where `graphChanged` subscribers listen, and who announces commits there (src/shared-state.ts); default: this process only. */
  graphEvents?: { events: GraphEvents; publisher: GraphChangePublisher };
  /** What /ready reports about shared state (Redis, the cache); `degraded` makes it say so. */
  sharedHealth?: () => Promise<SharedHealth>;
  /** Answer root fields the read compiler covers with one SQL statement each (src/schema/compiled/); default true. */
  compiledReads?: boolean;
}

/** Counts the SQL statements an operation sends, and reports them in the response's extensions. */
function useSqlStatementCount(): Plugin {
  return {
    onExecute({ setExecuteFn, executeFn }) {
      const trace: SqlTrace = { statements: 0 };
      setExecuteFn((args) => withSqlTrace(trace, () => executeFn(args)));
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, sqlStatements: trace.statements } });
        },
      };
    },
  };
}

/**
 * A plugin whose onRequest answers one path only, asked only for a request that
 * could be for that path: Yoga's readiness check otherwise ran a URLPattern
 * match (a polyfill, slow) on every GraphQL request.
 */
function onlyAt(path: string, plugin: Plugin): Plugin {
  const { onRequest } = plugin;
  if (!onRequest) return plugin;
  return { ...plugin, onRequest: (payload) => (payload.url.pathname === path || payload.request.url.endsWith(path) ? onRequest(payload) : undefined) };
}

/**
 * graphql-js reports a variable that does not fit its type (an unknown enum
 * value, a string for an Int) without a code; it is bad input like any other.
 */
function withInputErrorCode(error: GraphQLError): GraphQLError {
  if (error.extensions?.code || !/^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/.test(error.message)) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT },
  });
}

/** Turns an unexpected error into a typed, readable one that reveals nothing internal. */
function maskError(error: unknown, log: Logger): GraphQLError {
  // Expected failures (bad input, not found, limits) are typed errors of the domain: shown as they are.
  const typed = typedErrorOf(error);
  if (typed) return graphQLErrorOf(typed, error instanceof GraphQLError ? error : undefined);
  // GraphQL errors raised on purpose (validation, request checks) pass too.
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (original == null || original instanceof GraphQLError)) return withInputErrorCode(error);
  const chain = causes(error);
  const messages = chain.map((e) => String((e as Error)?.message ?? ''));
  const codes = chain.flatMap(codesOf);
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (isConnectionFailure(error)) {
    log.warn({ err: chain.at(-1), path }, 'database unavailable');
    return new GraphQLError('The database is unavailable right now; try again shortly.', {
      path,
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    });
  }
  // Text PostgreSQL cannot store (U+0000): no row can hold it, so the input is at fault.
  if (codes.some((c) => c === '22021' || c === '22P05') || messages.some((m) => /invalid byte sequence for encoding/.test(m))) {
    return new GraphQLError('An argument holds a character the graph cannot store (such as U+0000).', {
      path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  // A value past what a column holds (22003 numeric, 22008 date/time; Prisma's P2020): the
  // API only reads, so such a value came with the request.
  if (codes.some((c) => c === '22003' || c === '22008' || c === 'P2020')) {
    return new GraphQLError('An argument holds a value out of the range the graph can store.', {
      path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  // Heavy work that waited a statement's time for its turn (src/db/fair-share.ts).
  if (codes.includes('TG_BUSY')) {
    log.warn({ path }, 'heavy work waited too long for its turn');
    return new GraphQLError('The server is busy with other walks, searches and aggregates; try again shortly.', {
      path,
      extensions: { code: ErrorCode.QUERY_TIMEOUT },
    });
  }
  if (codes.includes('57014')) {
    return new GraphQLError('The query took too long and was cancelled; ask for less.', {
      path,
      extensions: { code: ErrorCode.QUERY_TIMEOUT },
    });
  }
  log.error({ err: chain.at(-1), path }, 'unexpected error');
  return new GraphQLError('Unexpected error.', { path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
}

export function createGraphQLServer({ db, log, sqlStats = false, limits: given = {}, isDraining = () => false, corsOrigins = [], persistedOperations = { manifests: [], only: false }, curation = {}, responseCache, hitPathBounds, instance, compiledReads = true, graphEvents, sharedHealth }: GraphQLServerOptions) {
  // The migrations this code ships with: read once, not on every readiness probe.
  const committedMigrations = readMigrations();
  const yogaLog = log.child({ component: 'yoga' });
  const limits = { ...DEFAULT_LIMITS, ...given };
  const requestLog = log.child({ component: 'http' });
  // Node's http layer answers repeated cache hits before Yoga (src/server.ts, src/http/hit-path.ts).
  const hitPath = responseCache
    ? cacheHitPath({ store: responseCache, log: requestLog, graphqlEndpoint: '/graphql', maxBodyBytes: limits.maxBodyBytes, ...(hitPathBounds ?? { maxEntries: 1_000, maxBytes: 64 << 20 }) })
    : undefined;
  const { events, publisher } = graphEvents ?? (() => {
    const local = localGraphEvents();
    return { events: local, publisher: graphChangePublisher({ events: local, pool: db.pool, log, resyncMs: 0 }) };
  })();
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // The body limit is the curation plugin's (src/auth/plugin.ts): maxBodyBytes, more for curators,
    // read once from the request's own stream. Yoga's would pipe every body through one more
    // TransformStream for a limit that one already holds (its Content-Length check is in request-checks.ts).
    maxRequestBodySize: false,
    // One operation per request: Relay does not batch, and a batch would
    // multiply every per-request limit. A JSON array is a BAD_REQUEST.
    batching: false,
    // No uploads: a knowledge file and its text come as JSON.
    multipart: false,
    context: () => ({ prisma: db.prisma, pool: db.pool, loaders: new Map(), ingestMaxBytes: curation.ingestMaxBytes, compiledReads, graphEvents: events }),
    graphiql: { title: 'tradegraph', defaultQuery: DEFAULT_QUERY },
    // GraphiQL's code is served by this server, not a CDN, so it works offline.
    renderGraphiQL: renderOnce(renderGraphiQL),
    landingPage: false,
    cors: corsOption(corsOrigins),
    maskedErrors: { maskError: (error) => maskError(error, yogaLog) },
    logging: yogaLogger(yogaLog),
    plugins: [
      // First: it gives the request a canonical content type, which every later plugin then sees.
      ...useRequestChecks({ allowedMethods: corsOrigins.length ? ['GET', 'POST', 'OPTIONS'] : ['GET', 'POST'] }),
      useVaryOnOrigin(corsOrigins),
      useRootPage(),
      useExplorer({ log }),
      usePageCompression(),
      useRequestLog(requestLog, '/graphql'),
      useCurationHttp({ publicRead: true, ...curation, prisma: db.prisma, maxBodyBytes: limits.maxBodyBytes }),
      ...usePersistedOperationsOf(persistedOperations),
      useOperationChecks(),
      ...useQueryLimits(limits),
      // Compiled execution runs inside the read source's retry on the primary (a later plugin wraps an earlier one).
      useCompiledExecution(),
      // Before the cache and the share: the version the request needs, and the source it reads from.
      useReadSource({ primary: { name: 'primary', pool: db.pool, prisma: db.prisma }, replicas: db.replicas, graphqlEndpoint: '/graphql', log: yogaLog }),
      useDatabaseShare(),
      useGraphChangePublishing(publisher),
      ...(sqlStats ? [useSqlStatementCount()] : []),
      useAsOf(),
      // After every check of the request and the operation: an answer is served only to a request that passed them.
      ...(responseCache ? [useResponseCache({ store: responseCache, schema, log: yogaLog, reportStatements: sqlStats, onOutcome: hitPath?.noteOutcome })] : []),
      onlyAt('/ready', useReadinessCheck({
        endpoint: '/ready',
        // The status code is what orchestrators read; the body says why, for
        // the operator (never an internal error message).
        check: async ({ fetchAPI }) => {
          const answer = (status: number, body: Record<string, unknown>) =>
            fetchAPI.Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
          // The embedded database's state and restarts (src/db/supervisor.ts); none for an external one.
          const embedded = db.status?.();
          // Each read replica's state and lag; out of rotation is not unready: the primary takes its reads.
          const about = { ...(embedded ? { database: embedded } : {}), ...(db.replicas ? { replicas: db.replicas.status() } : {}), ...instance };
          if (isDraining()) return answer(503, { ready: false, reason: 'shutting down', ...about });
          if (embedded?.state === 'restarting') return answer(503, { ready: false, reason: 'database restarting', ...about });
          if (embedded?.state === 'failed') {
            const detail = 'the embedded database could not be restarted; the server is stopping';
            return answer(503, { ready: false, reason: 'database failed', detail, ...about });
          }
          let pending: string[];
          try {
            pending = await pendingMigrations(db.pool, committedMigrations);
          } catch {
            return answer(503, { ready: false, reason: 'database unreachable', ...about });
          }
          if (pending.length) return answer(503, { ready: false, reason: 'migrations pending', pendingMigrations: pending, ...about });
          // Shared state (Redis) unreachable: still ready (answers come from the database), but say what runs degraded.
          const shared = sharedHealth ? await sharedHealth() : undefined;
          // Pool saturation at a glance: `waiting` above 0 for long means requests queue for connections.
          const pool = { total: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount };
          return answer(200, { ready: true, ...(shared?.degraded ? { degraded: shared.degraded } : {}), ...about, pool, ...shared?.details });
        },
      })),
      // Last: it keeps responses as sent, every other plugin's headers set.
      ...(hitPath ? [hitPath.recorder] : []),
    ],
  });
  return Object.assign(yoga, { hitPath });
}
