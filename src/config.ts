// Every environment variable the server reads, parsed in one place so a bad
// value fails at start-up with a message that names it. docs/operations.md's
// configuration table lists the same variables; the limits' defaults are in src/limits.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_RESTART_ATTEMPTS } from './db/supervisor.ts';
import { parseCorsOrigins } from './http/cors.ts';
import { DEFAULT_LIMITS, LIMITS, type RequestLimits } from './limits.ts';
import type { PersistedOperationsOptions } from './http/persisted-operations.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === '1' || v === 'true' || v === 'yes');
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const EnvSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(4000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  TRADEGRAPH_DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
  TRADEGRAPH_EMBEDDED_ENGINE: z.enum(['auto', 'postgres', 'pglite']).default('auto'),
  // Unset: the port kept for the data folder, else 54329 (src/db/embedded-port.ts).
  TRADEGRAPH_EMBEDDED_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  TRADEGRAPH_EMBEDDED_RESTART_ATTEMPTS: int(DEFAULT_RESTART_ATTEMPTS, 0),
  TRADEGRAPH_SEED_FILE: z
    .string()
    .default(path.join(projectRoot, 'seed', 'beijing-trade-h1-2023.knowledge.json')),
  TRADEGRAPH_SEED_ON_EMPTY: flag(true),
  // Read replicas (src/db/replicas.ts): streaming replicas of DATABASE_URL, comma-separated; reads go to them.
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((list, ctx) => {
      const urls = list.split(',').map((u) => u.trim()).filter(Boolean);
      for (const url of urls) {
        if (!z.url({ protocol: /^postgres(ql)?$/ }).safeParse(url).success) ctx.addIssue({ code: 'custom', message: 'each replica must be a postgres:// URL' });
      }
      return urls;
    }),
  TRADEGRAPH_REPLICA_MAX_LAG_MS: int(LIMITS.replicaMaxLagMs, 0),
  // How often each replica's reachability, lag and graph version are checked.
  TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS: int(1_000, 10),
  TRADEGRAPH_DB_POOL_MAX: int(10, 1),
  TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: int(LIMITS.acquireTimeoutMs, 1),
  TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: int(LIMITS.statementTimeoutMs, 1),
  TRADEGRAPH_DB_IDLE_TIMEOUT_MS: int(30_000, 1),
  TRADEGRAPH_SQL_STATS: flag(false),
  // Escape hatch: false answers every field by its resolvers, never by a compiled read (src/schema/compiled/).
  TRADEGRAPH_COMPILED_READS: flag(true),
  TRADEGRAPH_INGEST_MAX_BYTES: int(LIMITS.ingestFileBytes, 1),
  // A folder where knowledge files' source texts may lie besides the knowledge file's own (src/ingest/read.ts).
  TRADEGRAPH_SOURCES_ROOT: z.preprocess(emptyAsUndefined, z.string().optional()),
  // Query limits (src/http/query-limits.ts), each set just above what the
  // documented examples, GraphiQL's default query and client panels need.
  TRADEGRAPH_MAX_DEPTH: int(DEFAULT_LIMITS.maxDepth, 1),
  TRADEGRAPH_MAX_ALIASES: int(DEFAULT_LIMITS.maxAliases, 0),
  TRADEGRAPH_MAX_TOKENS: int(DEFAULT_LIMITS.maxTokens, 1),
  TRADEGRAPH_MAX_DIRECTIVES: int(DEFAULT_LIMITS.maxDirectives, 0),
  TRADEGRAPH_MAX_COST: int(DEFAULT_LIMITS.maxCost, 1),
  TRADEGRAPH_MAX_BODY_BYTES: int(DEFAULT_LIMITS.maxBodyBytes, 1),
  TRADEGRAPH_SHUTDOWN_DEADLINE_MS: int(10_000, 0),
  // Origins whose pages may read answers cross-origin (CORS), comma-separated; none by default.
  TRADEGRAPH_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list, ctx) => {
      try {
        return parseCorsOrigins(list);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  // Persisted operations (src/http/persisted-operations.ts): manifest files,
  // comma-separated, and whether only listed operations run.
  TRADEGRAPH_PERSISTED_OPERATIONS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((f) => f.trim()).filter(Boolean)),
  TRADEGRAPH_PERSISTED_ONLY: flag(false),
  // Whether callers without a token may read; false: every request needs a token with the READ scope (src/auth/).
  TRADEGRAPH_PUBLIC_READ: flag(true),
  // The response cache (src/http/response-cache.ts): on or off, and its bounds per server process.
  TRADEGRAPH_RESPONSE_CACHE: flag(true),
  TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES: int(1_000, 1),
  TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES: int(64 * 1024 * 1024, 1),
  // Redis (src/redis/): unset, everything stays in this process (today's behaviour).
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^rediss?$/ }).optional()),
  // Prefix of every Redis key and channel, so several deployments (or tests) may share one Redis.
  TRADEGRAPH_REDIS_PREFIX: z.string().default('tradegraph:'),
  TRADEGRAPH_REDIS_TIMEOUT_MS: int(LIMITS.redisCommandTimeoutMs, 1),
  TRADEGRAPH_REDIS_CACHE_TTL_S: int(LIMITS.redisCacheTtlSeconds, 1),
  TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: int(LIMITS.graphVersionResyncMs, 50),
  // Server processes on the one port (src/cluster.ts); 1 runs no cluster at all.
  WEB_CONCURRENCY: int(1, 1),
}).refine((env) => !env.DATABASE_REPLICA_URLS.length || env.DATABASE_URL, {
  path: ['DATABASE_REPLICA_URLS'],
  message: 'read replicas need DATABASE_URL: they stream from an external primary, not the embedded database',
});

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** The persisted operations of a configuration, for createGraphQLServer. */
export function persistedOperations(config: Config): PersistedOperationsOptions {
  return { manifests: config.TRADEGRAPH_PERSISTED_OPERATIONS, only: config.TRADEGRAPH_PERSISTED_ONLY };
}

/** The request limits of a configuration, for createGraphQLServer. */
export function requestLimits(config: Config): RequestLimits {
  return {
    maxDepth: config.TRADEGRAPH_MAX_DEPTH,
    maxAliases: config.TRADEGRAPH_MAX_ALIASES,
    maxTokens: config.TRADEGRAPH_MAX_TOKENS,
    maxDirectives: config.TRADEGRAPH_MAX_DIRECTIVES,
    maxCost: config.TRADEGRAPH_MAX_COST,
    maxBodyBytes: config.TRADEGRAPH_MAX_BODY_BYTES,
  };
}
