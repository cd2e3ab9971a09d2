// The graph's version as PostgreSQL announces it, so the memory store
// (src/cache/local.ts) knows it without a statement per request.
//
// One connection of its own to the primary (a pg.Client, never the request
// pool's: a LISTEN belongs to its session) LISTENs on the channel that every
// change of graph_version notifies, in the changing transaction
// (prisma/migrations/20261204130000_graph_version_notify). PostgreSQL delivers
// a notification after its transaction commits, in commit order. The version
// is known (known() answers) only while that connection is up and synced: the
// version is read once on it right after LISTEN succeeded, so no change made
// between connecting and listening is missed. A lost connection (an error,
// pg_terminate_backend, a restart, a heartbeat left unanswered) forgets the
// version at once; the store reads per request again until this has
// reconnected, listened and read the version again.
//
// What a known version does not cover: a change committed by another client
// becomes known when its notification arrives (typically well under a
// millisecond after the commit). Commits by this process raise it themselves
// (raise(), src/shared-state.ts), and a request that needs a newer version than
// known reads the database (src/cache/local.ts).
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { GRAPH_VERSION_CHANNEL, listenForGraphVersion, readGraphVersion } from '../sql/graph-version.ts';
import { within } from '../time-limit.ts';

/** Longest a connection, LISTEN or version read may take before the connection counts as lost. */
const ANSWER_TIMEOUT_MS = 2_000;
/** Waits between reconnection attempts: doubled from the first up to the last. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface VersionListenerStatus {
  state: 'listening' | 'syncing' | 'connecting' | 'closed';
  /** The version known now (only while listening). */
  version?: string;
  /** Connections lost since start. */
  lost: number;
}

export interface VersionListener {
  /** The graph's version while listening and synced; undefined otherwise (read the database). */
  known(): string | undefined;
  /** A version this process read from the primary or left by its own commit: the known version never goes below it. */
  raise(version: string): void;
  /** This process committed without learning the version: forget it until read again on the listening connection. */
  doubt(): void;
  status(): VersionListenerStatus;
  /** Ends the connection (at most `timeoutMs`) and stops reconnecting. */
  close(timeoutMs?: number): Promise<void>;
}

export interface VersionListenerOptions {
  /** The primary's connection string. */
  url: string;
  log: Logger;
  /** How often the listening connection reads the version anyway (a heartbeat: a connection that no longer answers is dropped). */
  heartbeatMs: number;
}

export function versionListener({ url, log, heartbeatMs }: VersionListenerOptions): VersionListener {
  let client: pg.Client | undefined;
  /** The highest version seen on the current connection (heard, read or raised); valid for hits only when synced. */
  let version: bigint | undefined;
  let text: string | undefined;
  let synced = false;
  let closed = false;
  let lost = 0;
  let retryMs = RETRY_FIRST_MS;
  let retry: NodeJS.Timeout | undefined;
  let outage = false;
  /** Moves on every doubt(): a read sent before it cannot make the version known again. */
  let epoch = 0;

  const note = (seen: bigint) => {
    if (version === undefined || seen > version) {
      version = seen;
      text = seen.toString();
    }
  };
  const parse = (value: string | undefined) => (value && /^\d{1,19}$/.test(value) ? BigInt(value) : undefined);

  /** The connection is gone or no longer trusted: forget the version, end it, and connect again. */
  const drop = (from: pg.Client, err: unknown) => {
    if (client !== from) return;
    client = undefined;
    synced = false;
    version = undefined;
    text = undefined;
    lost++;
    from.removeAllListeners('notification');
    from.end().catch(() => undefined);
    if (closed) return;
    if (!outage) log.warn({ err }, 'graph version listener lost its connection; cache hits read the version from the database until it listens again');
    outage = true;
    retry = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  };

  /** Reads the version on the listening connection; afterwards it is known (whatever was heard since LISTEN counts too). */
  const sync = async (on: pg.Client) => {
    const sent = epoch;
    const read = BigInt(await within(ANSWER_TIMEOUT_MS, readGraphVersion(on)));
    if (client !== on || sent !== epoch) return;
    note(read);
    synced = true;
  };

  const connect = async () => {
    retry = undefined;
    if (closed) return;
    const next = new pg.Client({ connectionString: url, application_name: 'tradegraph-version-listener', keepAlive: true, connectionTimeoutMillis: ANSWER_TIMEOUT_MS });
    client = next;
    next.on('error', (err) => drop(next, err));
    next.on('end', () => drop(next, new Error('connection ended')));
    next.on('notification', (message) => {
      if (client !== next || message.channel !== GRAPH_VERSION_CHANNEL) return;
      const heard = parse(message.payload);
      if (heard !== undefined) note(heard);
    });
    try {
      await next.connect();
      await within(ANSWER_TIMEOUT_MS, listenForGraphVersion(next));
      await sync(next);
      if (client !== next) return;
      retryMs = RETRY_FIRST_MS;
      if (outage) log.info({ version: text }, 'graph version listener listens again; cache hits need no database read');
      outage = false;
    } catch (err) {
      drop(next, err);
    }
  };

  const heartbeat = setInterval(() => {
    const on = client;
    if (!on || !synced) return;
    sync(on).catch((err: unknown) => drop(on, err));
  }, heartbeatMs);
  heartbeat.unref();
  void connect();

  return {
    known: () => (synced ? text : undefined),
    raise(value) {
      const seen = parse(value);
      if (seen !== undefined && client) note(seen);
    },
    doubt() {
      const on = client;
      epoch++;
      if (!on) return;
      // Read again (queued after LISTEN on this connection, if that is still under way).
      synced = false;
      sync(on).catch((err: unknown) => drop(on, err));
    },
    status: () => ({ state: closed ? 'closed' : synced ? 'listening' : client ? 'syncing' : 'connecting', ...(synced ? { version: text } : {}), lost }),
    async close(timeoutMs = 1_000) {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      const on = client;
      client = undefined;
      synced = false;
      if (!on) return;
      await within(timeoutMs, on.end()).catch(() => undefined);
    },
  };
}
