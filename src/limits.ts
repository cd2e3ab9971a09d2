// Every limit of the server, one line each: its value, what it bounds, and the
// environment variable that moves it, if one does. The request checks, the SQL
// caps, the schema's descriptions, the explorer and the limits table of
// docs/operations.md (test/unit/limits-docs.test.ts holds it to this file) all
// read from here, so a limit changes in one line and no text can drift.
// It imports nothing, so every layer (domain, SQL, schema, HTTP, the explorer's
// browser code) may read it.

export interface Limit {
  readonly value: number;
  /** What it bounds, and what happens past it; a sentence for the docs' table. */
  readonly meaning: string;
  /** The environment variable that sets it, when it is configurable. */
  readonly env?: string;
}

const limit = (value: number, meaning: string, env?: string): Limit => (env ? { value, meaning, env } : { value, meaning });

export const LIMIT_TABLE = {
  // One request, checked before any SQL runs (src/http/): past one, LIMIT_EXCEEDED with `limit`, `max` and `actual`.
  queryDepth: limit(12, 'Deepest field nesting of a query (fragments are not a level).', 'TRADEGRAPH_MAX_DEPTH'),
  queryAliases: limit(10, 'Most aliases in a query (`__typename` aliases are free).', 'TRADEGRAPH_MAX_ALIASES'),
  queryTokens: limit(1000, 'Most lexical tokens in a query document; parsing stops there.', 'TRADEGRAPH_MAX_TOKENS'),
  queryDirectives: limit(10, 'Most directives in a query (a fragment\'s count at each spread).', 'TRADEGRAPH_MAX_DIRECTIVES'),
  queryCost: limit(10_000, 'Most work a query may ask for: the fields its answer may hold and the rows it may make PostgreSQL read (see Query cost in docs/operations.md).', 'TRADEGRAPH_MAX_COST'),
  bodyBytes: limit(64 * 1024, 'Largest request body, in bytes; more is `413 REQUEST_ENTITY_TOO_LARGE`.', 'TRADEGRAPH_MAX_BODY_BYTES'),
  introspectionDepth: limit(15, 'Deepest introspection selection (the standard introspection query needs 15).'),
  introspectionListNesting: limit(3, 'Introspection lists (`types`, `fields`, `args`, ...) nested in one another.'),
  introspectionSchemaFields: limit(1, '`__schema` fields in one operation.'),
  // Pages and lists (src/schema/).
  defaultPageSize: limit(20, 'Page size of a connection asked for neither `first` nor `last`.'),
  pageSize: limit(100, 'Largest `first` or `last` of a connection; more is `LIMIT_EXCEEDED`, not a silent clamp.'),
  nodeIds: limit(100, 'Most IDs one `nodes(ids:)` takes.'),
  filterDepth: limit(8, 'Deepest nesting of `and`/`or`/`not` and relation conditions in one filter.'),
  filterConditions: limit(200, 'Most conditions (operators and nested filters) in one filter.'),
  filterList: limit(1000, 'Longest `in` or `notIn` list of a filter.'),
  // Search (src/sql/search.ts).
  searchQueryLength: limit(200, 'Longest `search` or `searchSources` query, in characters.'),
  searchRanked: limit(500, 'Results the pages of `search` and `searchSources` hold, best first; every match is ranked first, and counted in `totalCount`.'),
  // Traversal (src/sql/traversal.ts).
  traversalDepth: limit(6, '`depth` of `neighbors` and `maxDepth` of `paths` (below 1 is `BAD_USER_INPUT`).'),
  neighbourhood: limit(10_000, 'Entities a neighbourhood holds; a walk that reaches more is cut there (`truncated: true`).'),
  pathSearchEntities: limit(20_000, 'Entities a `paths` search visits from each end.'),
  pathNetworkRelations: limit(10_000, 'Relations of the shortest-path network a `paths` search assembles its paths from.'),
  paths: limit(100, 'Largest `first` of `paths`.'),
  subgraphDepth: limit(4, '`depth` of `subgraph` (and of the explorer).'),
  subgraphDefaultNodes: limit(200, '`maxNodes` of `subgraph` when not given (and what the explorer draws at once).'),
  subgraphNodes: limit(2000, 'Largest `maxNodes` of `subgraph`.'),
  subgraphEdges: limit(10_000, 'Relations a `subgraph` draws; a denser one is cut there (`truncated: true`).'),
  // Aggregates, claims and series (src/sql/stats.ts, rankings.ts, series.ts).
  statGroups: limit(1000, 'Largest `first` of `observationStats` (groups).'),
  rankingEntries: limit(100, 'Largest `first` of `rankings` (entries per ranking).'),
  rankings: limit(50, 'Rankings one `rankings` call returns (one per period and unit), latest periods kept.'),
  series: limit(100, 'Series one `series` call returns (one per metric, scope and unit).'),
  seriesPoints: limit(500, 'Points of one series, latest kept.'),
  // Inputs.
  decimalIntegerDigits: limit(64, 'Digits a `Decimal` input may have before its point.'),
  decimalFractionDigits: limit(32, 'Digits a `Decimal` input may have after its point.'),
  // The database (src/db/).
  requestStatements: limit(3, 'SQL statements one request runs at once (walks, searches and aggregates of all requests: half the pool).'),
  statementTimeoutMs: limit(15_000, 'PostgreSQL `statement_timeout` of every connection, in ms; past it, `QUERY_TIMEOUT`.', 'TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS'),
  acquireTimeoutMs: limit(5_000, 'Longest a request waits for a connection, in ms; past it, `DATABASE_UNAVAILABLE`.', 'TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS'),
  // Read replicas (src/db/replicas.ts).
  replicaMaxLagMs: limit(5_000, 'Replay lag past which a read replica leaves the rotation (its reads go to the primary) until it catches up, in ms.', 'TRADEGRAPH_REPLICA_MAX_LAG_MS'),
  replicaCheckTimeoutMs: limit(1_000, 'Longest a replica\'s health check (connect and query) may take, in ms; past it, the replica counts as unreachable.'),
  // The write path (src/auth/, src/schema/mutations/).
  mutationsPerMinute: limit(60, 'Mutations one token may run per minute on average (a token bucket refilled continuously); past it, `RATE_LIMITED`.'),
  mutationBurst: limit(20, 'Mutations one token may run in a burst before the per-minute rate applies.'),
  mutationFields: limit(10, 'Mutation fields one request may carry (aliases included); each is a transaction of its own.'),
  ingestsPerRequest: limit(1, '`ingestSource` fields one request may carry: a knowledge file is a request.'),
  curateBodyBytes: limit(32 * 1024 * 1024, 'Largest request body a token with the CURATE scope may send (a knowledge file and its text, as JSON), in bytes.'),
  factHistory: limit(100, 'Changes `history` lists for one relation or observation (the latest kept).'),
  reasonLength: limit(2_000, 'Longest reason for a retraction or restoration, in characters.'),
  tokenNameLength: limit(100, 'Longest API token name, in characters.'),
  entityAliases: limit(100, 'Aliases one entity may have (a knowledge file\'s or updateEntity\'s list).'),
  tokenLastUsedResolutionMs: limit(60_000, 'How often a token\'s `last_used_at` is written at most, in ms.'),
  // Redis, when REDIS_URL is set (src/redis/): shared cache, graph version, change events, rate limit.
  redisCommandTimeoutMs: limit(500, 'Longest any Redis command may take, in ms; past it the request goes on without Redis (cache bypassed, rate limit per process).', 'TRADEGRAPH_REDIS_TIMEOUT_MS'),
  redisCacheTtlSeconds: limit(600, 'How long an answer stays in the Redis response cache, in seconds (entries of older graph versions are never read again and expire).', 'TRADEGRAPH_REDIS_CACHE_TTL_S'),
  graphVersionResyncMs: limit(2_000, 'How often each server compares the graph version in PostgreSQL with the one in Redis (and, without Redis, looks for changes to announce and reads it on the cache\'s version listener connection, a heartbeat), in ms: the longest a write that was not published (psql, Redis down at commit) can go unnoticed with Redis.', 'TRADEGRAPH_GRAPH_VERSION_RESYNC_MS'),
  // Ingest (src/ingest/).
  ingestFileBytes: limit(256 * 1024 * 1024, 'Largest knowledge file or source text ingest reads, in bytes.', 'TRADEGRAPH_INGEST_MAX_BYTES'),
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMIT_TABLE;

/** Each limit's value, by name: `LIMITS.pageSize` is 100. */
export const LIMITS = Object.fromEntries(Object.entries(LIMIT_TABLE).map(([name, l]) => [name, l.value])) as Record<LimitName, number>;

/** A limit as descriptions write it: 10,000 (digits grouped from 10,000 up, as in prose). */
export const limitText = (name: LimitName): string => (LIMITS[name] >= 10_000 ? LIMITS[name].toLocaleString('en-US') : String(LIMITS[name]));

/** The limits of one request, each configurable (src/config.ts reads their variables). */
export interface RequestLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxDepth: LIMITS.queryDepth,
  maxAliases: LIMITS.queryAliases,
  maxTokens: LIMITS.queryTokens,
  maxDirectives: LIMITS.queryDirectives,
  maxCost: LIMITS.queryCost,
  maxBodyBytes: LIMITS.bodyBytes,
};
