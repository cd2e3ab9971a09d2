// Builds the GraphQL HTTP handler (no port): schema, context, GraphiQL served
// from this server, error masking, health checks and SQL statement tracing.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Database } from './db/database.ts';
import { pendingMigrations } from './db/migrate.ts';
import { type SqlTrace, withSqlTrace } from './db/sql-trace.ts';
import { DEFAULT_QUERY } from './graphiql.ts';
import type { Logger } from './logger.ts';
import type { Context } from './schema/builder.ts';
import { ErrorCode } from './schema/errors.ts';
import { schema } from './schema/index.ts';

export interface GraphQLServerOptions {
  db: Pick<Database, 'prisma' | 'pool'>;
  log: Logger;
  /** Report the SQL statements each operation ran in `extensions.sqlStatements`. */
  sqlStats?: boolean;
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

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003', 'P1001', 'P1017']);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && chain.length < 10; e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause) {
    chain.push(e);
  }
  return chain;
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
export function maskError(error: unknown, log: Logger): GraphQLError {
  // Expected failures are GraphQL errors thrown on purpose (bad input, not found, limits): shown as they are.
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (original == null || original instanceof GraphQLError)) return withInputErrorCode(error);
  const chain = causes(error);
  const codes = chain.map((e) => (e as { code?: unknown })?.code).filter((c): c is string => typeof c === 'string');
  const messages = chain.map((e) => String((e as Error)?.message ?? ''));
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (
    codes.some((c) => CONNECTION_ERRORS.has(c)) ||
    messages.some((m) => /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database/i.test(m))
  ) {
    log.warn({ err: chain.at(-1), path }, 'database unavailable');
    return new GraphQLError('The database is unavailable right now; try again shortly.', {
      path,
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    });
  }
  if (codes.includes('57014')) {
    return new GraphQLError('The query took too long and was cancelled; ask for less.', {
      path,
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  }
  log.error({ err: chain.at(-1), path }, 'unexpected error');
  return new GraphQLError('Unexpected error.', { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

export function createGraphQLServer({ db, log, sqlStats = false }: GraphQLServerOptions) {
  const yogaLog = log.child({ component: 'yoga' });
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    context: () => ({ prisma: db.prisma, pool: db.pool, loaders: new Map() }),
    graphiql: { title: 'tradegraph', defaultQuery: DEFAULT_QUERY },
    // GraphiQL's code is served by this server, not a CDN, so it works offline.
    renderGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: (error) => maskError(error, yogaLog) },
    logging: {
      debug: (...args) => yogaLog.debug(args.map(String).join(' ')),
      info: (...args) => yogaLog.info(args.map(String).join(' ')),
      warn: (...args) => yogaLog.warn(args.map(String).join(' ')),
      error: (...args) => yogaLog.error(args.map(String).join(' ')),
    },
    plugins: [
      ...(sqlStats ? [useSqlStatementCount()] : []),
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          try {
            const pending = await pendingMigrations(db.pool);
            return pending.length === 0;
          } catch {
            return false;
          }
        },
      }),
    ],
  });
}
