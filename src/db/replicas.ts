// Read replicas (DATABASE_REPLICA_URLS): PostgreSQL streaming replicas of the
// primary that answer reads. Each has a pool and a Prisma client; the primary's
// client extended with @prisma/extension-read-replicas over one replica sends
// that client's reads there and its writes and transactions to the primary.
// A request takes one read source for its whole execution (src/http/read-source.ts),
// so everything it reads comes from one server's snapshot stream.
//
// Each replica is checked every TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS with bounded
// timeouts: reachable, replay lag from LSNs (src/db/replica-lag.ts), and the
// graph version it has replayed (for read-your-writes). Unreachable, or lagging
// more than TRADEGRAPH_REPLICA_MAX_LAG_MS: out of rotation, its reads go to the
// primary; back in at the first healthy check. A connection error during a
// request takes it out at once (markUnreachable).
import { readReplicas } from '@prisma/extension-read-replicas';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { LIMITS } from '../limits.ts';
import { createPool, endPool, type PoolOptions, watchConnections } from './pool.ts';
import { createPrismaClient, type PrismaClient } from './prisma.ts';
import { parseLsn, PrimaryHistory, replicaLag } from './replica-lag.ts';

export type ReplicaState = 'unchecked' | 'healthy' | 'lagging' | 'unreachable';

/** One replica as /ready shows it: no credentials. */
export interface ReplicaStatus {
  name: string;
  /** host:port/database */
  address: string;
  state: ReplicaState;
  inRotation: boolean;
  /** Replay lag in ms (null: unknown, the replica or the primary was not reachable). */
  lagMs: number | null;
  /** WAL bytes the replica has still to replay. */
  lagBytes: number | null;
  /** The graph version it has replayed. */
  graphVersion: string | null;
  /** When it was last checked (ISO time). */
  checkedAt: string | null;
  /** Why it is out of rotation, in a few words. */
  reason?: string;
}

/** Where one request reads: the primary, or one replica in rotation. */
export interface ReadSource {
  name: string;
  pool: pg.Pool;
  prisma: PrismaClient;
  replica?: Replica;
}

interface Replica {
  name: string;
  address: string;
  pool: pg.Pool;
  /** The replica's own client (closed with the set). */
  client: PrismaClient;
  /** The primary's client extended to read from this replica. */
  routed: PrismaClient;
  /** A pool of one connection for health checks, with short timeouts: never queued behind requests. */
  probe: pg.Pool;
  state: ReplicaState;
  lag: { ms: number; bytes: bigint } | null;
  graphVersion: bigint | null;
  checkedAt: number | null;
  reason?: string;
}

export interface ReplicaSetOptions {
  urls: readonly string[];
  primary: { url: string; pool: pg.Pool; prisma: PrismaClient };
  pool: PoolOptions;
  maxLagMs: number;
  checkIntervalMs: number;
  log: Logger;
}

/** host:port/database of a connection string: what may be shown of it. */
export function addressOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

function probePool(url: string, log: Logger): pg.Pool {
  const timeout = LIMITS.replicaCheckTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
    idleTimeoutMillis: 0,
    application_name: 'tradegraph-health',
  });
  watchConnections(pool, log);
  return pool;
}

const PRIMARY_SQL = 'SELECT pg_current_wal_lsn()::text AS lsn';
const REPLICA_SQL = `SELECT pg_is_in_recovery() AS recovering,
  coalesce(pg_last_wal_replay_lsn(), '0/0')::text AS replay_lsn,
  (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_replay_ms,
  (SELECT version::text FROM graph_version WHERE id = 1) AS graph_version`;

export class ReplicaSet {
  private readonly replicas: Replica[];
  private readonly primary: ReadSource;
  private readonly primaryProbe: pg.Pool;
  private readonly history: PrimaryHistory;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private next = 0;
  private closed = false;

  constructor(private readonly options: ReplicaSetOptions) {
    this.log = options.log.child({ component: 'replicas' });
    this.primary = { name: 'primary', pool: options.primary.pool, prisma: options.primary.prisma };
    this.primaryProbe = probePool(options.primary.url, this.log);
    // Enough positions to time a lag a few times the limit.
    this.history = new PrimaryHistory(Math.max(16, Math.ceil((4 * options.maxLagMs) / options.checkIntervalMs)));
    this.replicas = options.urls.map((url, i) => {
      const name = `replica-${i + 1}`;
      const pool = createPool(url, options.pool, this.log.child({ replica: name }));
      const client = createPrismaClient(pool);
      // @prisma/extension-read-replicas must be the last extension applied (its README).
      const routed = options.primary.prisma.$extends(readReplicas({ replicas: [client] })) as unknown as PrismaClient;
      return { name, address: addressOf(url), pool, client, routed, probe: probePool(url, this.log), state: 'unchecked', lag: null, graphVersion: null, checkedAt: null };
    });
  }

  /** Runs the first check (so healthy replicas serve from the first request), then checks periodically. */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      if (this.closed) return;
      this.round ??= this.check().finally(() => (this.round = undefined));
      this.timer = setTimeout(tick, this.options.checkIntervalMs);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, this.options.checkIntervalMs);
    this.timer.unref();
  }

  /**
   * Where a request reads: a replica in rotation that has replayed at least
   * `minVersion` (the graph version the client has seen), in turn; else the primary.
   */
  choose(minVersion?: bigint): ReadSource {
    const fit = this.replicas.filter((r) => r.state === 'healthy' && (minVersion === undefined || (r.graphVersion !== null && r.graphVersion >= minVersion)));
    if (!fit.length) return this.primary;
    const replica = fit[this.next++ % fit.length]!;
    return { name: replica.name, pool: replica.pool, prisma: replica.routed, replica };
  }

  primarySource(): ReadSource {
    return this.primary;
  }

  /** A replica failed a request with a connection error: out of rotation until a check finds it healthy. */
  markUnreachable(source: ReadSource, err: unknown): void {
    const replica = source.replica;
    if (!replica || replica.state === 'unreachable') return;
    replica.state = 'unreachable';
    replica.reason = 'a request could not reach it';
    this.log.warn({ replica: replica.name, address: replica.address, err }, 'read replica failed a request; its reads go to the primary');
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      address: r.address,
      state: r.state,
      inRotation: r.state === 'healthy',
      lagMs: r.lag ? r.lag.ms : null,
      lagBytes: r.lag ? Number(r.lag.bytes) : null,
      graphVersion: r.graphVersion?.toString() ?? null,
      checkedAt: r.checkedAt ? new Date(r.checkedAt).toISOString() : null,
      ...(r.reason ? { reason: r.reason } : {}),
    }));
  }

  /** One round of checks: the primary's WAL position, then every replica at once. */
  async check(): Promise<void> {
    let primaryKnown = false;
    try {
      const { rows } = await this.primaryProbe.query<{ lsn: string }>(PRIMARY_SQL);
      this.history.add({ lsn: parseLsn(rows[0]!.lsn), at: Date.now() });
      primaryKnown = true;
    } catch (err) {
      // The primary unreachable: lags cannot be measured, reachable replicas keep serving reads.
      this.log.warn({ err }, 'replica check: the primary is unreachable; replica lag unknown');
    }
    await Promise.all(this.replicas.map((r) => this.checkReplica(r, primaryKnown)));
  }

  private async checkReplica(replica: Replica, primaryKnown: boolean): Promise<void> {
    const before = replica.state;
    try {
      const { rows } = await replica.probe.query<{ recovering: boolean; replay_lsn: string; since_replay_ms: number | null; graph_version: string | null }>(REPLICA_SQL);
      const row = rows[0]!;
      const now = Date.now();
      replica.checkedAt = now;
      replica.graphVersion = row.graph_version === null ? null : BigInt(row.graph_version);
      replica.lag = !row.recovering ? { ms: 0, bytes: 0n } : primaryKnown ? replicaLag(this.history, { replayLsn: parseLsn(row.replay_lsn), sinceLastReplayMs: row.since_replay_ms }, now) : null;
      if (replica.graphVersion === null) {
        replica.state = 'unreachable';
        replica.reason = 'it holds no graph version (not a replica of this graph?)';
      } else if (replica.lag && replica.lag.ms > this.options.maxLagMs) {
        replica.state = 'lagging';
        replica.reason = `replay lag ${replica.lag.ms} ms is over ${this.options.maxLagMs} ms`;
      } else {
        replica.state = 'healthy';
        delete replica.reason;
      }
    } catch (err) {
      replica.checkedAt = Date.now();
      replica.state = 'unreachable';
      replica.lag = null;
      replica.reason = 'not reachable';
      if (before !== 'unreachable') this.log.warn({ replica: replica.name, address: replica.address, err }, 'read replica unreachable; its reads go to the primary');
      return;
    }
    if (before !== replica.state) {
      const level = replica.state === 'healthy' ? 'info' : 'warn';
      this.log[level]({ replica: replica.name, address: replica.address, state: replica.state, lagMs: replica.lag?.ms }, replica.state === 'healthy' ? 'read replica in rotation' : `read replica out of rotation: ${replica.reason}`);
    }
  }

  async close(withinMs: number): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
    await Promise.all([
      endPool(this.primaryProbe, withinMs),
      ...this.replicas.map(async (r) => {
        await r.client.$disconnect().catch(() => undefined);
        await Promise.all([endPool(r.pool, withinMs), endPool(r.probe, withinMs)]);
      }),
    ]);
  }
}
