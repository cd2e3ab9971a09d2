// A PostgreSQL primary and one streaming replica in temporary folders, on the
// machine's own PostgreSQL programs (initdb, postgres, pg_basebackup -R), for
// tests of read replicas and of the scale-out topology. It reuses the embedded
// database's machinery (src/db/initdb.ts, postmaster.ts, postgres-binaries.ts),
// so it works as root too (CI): the clusters belong to, and run as, the
// `postgres` system user.
//
// API:
//   const binaries = replicaBinaries();         // { binDir } or { missing: 'why' }
//   it.skipIf('missing' in binaries) ...        // say binaries.missing in the skip
//   const set = await startReplicaSet({ binDir, primaryPort?, replicaPort? });  // free ports unless given
//   set.primaryUrl / set.replicaUrl             // postgres://postgres:tradegraph@127.0.0.1:PORT/tradegraph
//   await set.waitForReplay()                   // the replica has replayed all the primary has written
//   await set.pauseReplay() / resumeReplay()    // pg_wal_replay_pause()/resume() on the replica
//   await set.stopReplica() / startReplica()    // fast shutdown / start again (same port, same data)
//   await set.scans('primary' | 'replica')      // seq + index scans of the graph's tables (pg_stat_user_tables)
//   await set.sessions('primary' | 'replica')   // tradegraph's sessions there (pg_stat_activity, application_name)
//   await set.sessionsGone()                    // until no tradegraph session is left on either (after closing servers)
// A session adds its scans to pg_stat_user_tables when it ends or, idle, up
// to 10 s later (PostgreSQL's PGSTAT_IDLE_INTERVAL): close the servers and
// await sessionsGone() before reading scans() for an exact count.
//   await set.sql('primary' | 'replica', text)  // one statement on a fresh connection, its rows
//   await set.stop()                            // both servers stopped, folders removed
// The `tradegraph` database exists (empty): connect to primaryUrl to migrate it.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { scratchDir } from '../../src/db/embedded.ts';
import { pickPort } from '../../src/db/embedded-port.ts';
import { initialiseCluster } from '../../src/db/initdb.ts';
import { postgresSystemUser, runsAsRoot } from '../../src/db/postgres-binaries.ts';
import { type DatabaseProcess, startPostmaster } from '../../src/db/postmaster.ts';

const USER = 'postgres';
const PASSWORD = 'tradegraph';
const DATABASE = 'tradegraph';
const PROGRAMS = ['initdb', 'postgres', 'pg_basebackup'];

const url = (port: number, database = DATABASE) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The folder of the machine's PostgreSQL programs (TEST_PG_BIN_DIR, pg_config --bindir, else the newest /usr/lib/postgresql/N/bin), or why there is none. */
export function replicaBinaries(): { binDir: string } | { missing: string } {
  const candidates: string[] = [];
  if (process.env.TEST_PG_BIN_DIR) candidates.push(process.env.TEST_PG_BIN_DIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on the PATH
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, version, 'bin'));
  }
  const found = candidates.find((dir) => PROGRAMS.every((p) => existsSync(path.join(dir, p))));
  return found ? { binDir: found } : { missing: `no PostgreSQL installation with ${PROGRAMS.join(', ')} (set TEST_PG_BIN_DIR, or install postgresql)` };
}

export interface ReplicaSetOptions {
  binDir: string;
  primaryPort?: number;
  replicaPort?: number;
}

export interface ReplicaSet {
  primaryUrl: string;
  replicaUrl: string;
  primaryPort: number;
  replicaPort: number;
  waitForReplay(timeoutMs?: number): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  scans(server: 'primary' | 'replica'): Promise<number>;
  sessions(server: 'primary' | 'replica'): Promise<number>;
  sessionsGone(timeoutMs?: number): Promise<void>;
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(server: 'primary' | 'replica', text: string): Promise<R[]>;
  stop(): Promise<void>;
}

const FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'max_connections=100',
  '-c', 'wal_level=replica',
  // Keeps WAL for a replica stopped for a while (tests stop it under load).
  '-c', 'wal_keep_size=256MB',
  // Throw-away clusters: durability is not what is tested.
  '-c', 'fsync=off',
  '-c', 'full_page_writes=off',
];

async function basebackup(binDir: string, port: number, dir: string): Promise<void> {
  const owner = runsAsRoot() ? postgresSystemUser(true) : undefined;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const child = spawn(path.join(binDir, 'pg_basebackup'), ['-D', dir, '-R', '-X', 'stream', '--checkpoint=fast', '-h', '127.0.0.1', '-p', String(port), '-U', USER, '--no-password'], {
    ...owner,
    env: { ...process.env, PGPASSWORD: PASSWORD, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`pg_basebackup failed (exit code ${code}): ${output.trim()}`);
}

async function query<R extends pg.QueryResultRow>(connectionString: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startReplicaSet({ binDir, primaryPort, replicaPort }: ReplicaSetOptions): Promise<ReplicaSet> {
  const base = scratchDir('tradegraph-replica-set');
  const primaryDir = path.join(base, 'primary');
  const replicaDir = path.join(base, 'replica');
  const asPostgresUser = runsAsRoot();
  const ports = { primary: await pickPort(primaryPort ?? 0), replica: 0 };
  ports.replica = await pickPort(replicaPort ?? 0);
  if (ports.replica === ports.primary) ports.replica = await pickPort(0);
  let primary: DatabaseProcess | undefined;
  let replica: DatabaseProcess | undefined;
  const start = (dataDir: string, port: number) => startPostmaster({ dataDir, port, flags: FLAGS, asPostgresUser, binDir });
  const urls = { primary: url(ports.primary), replica: url(ports.replica) };

  const stop = async () => {
    await replica?.stop(5_000);
    await primary?.stop(5_000);
    replica = primary = undefined;
    rmSync(base, { recursive: true, force: true });
  };
  try {
    chmodSync(base, 0o755);
    await initialiseCluster({ dir: primaryDir, user: USER, password: PASSWORD, binDir });
    primary = await start(primaryDir, ports.primary);
    await query(url(ports.primary, 'postgres'), `CREATE DATABASE ${DATABASE}`);
    await basebackup(binDir, ports.primary, replicaDir);
    replica = await start(replicaDir, ports.replica);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  const set: ReplicaSet = {
    primaryUrl: urls.primary,
    replicaUrl: urls.replica,
    primaryPort: ports.primary,
    replicaPort: ports.replica,
    sql: (server, text) => query(urls[server], text),
    async waitForReplay(timeoutMs = 20_000) {
      const lsn = (await query<{ lsn: string }>(urls.primary, 'SELECT pg_current_wal_lsn()::text AS lsn'))[0]!.lsn;
      for (const until = Date.now() + timeoutMs; ; ) {
        const [row] = await query<{ caught_up: boolean }>(urls.replica, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS caught_up`).catch(() => [{ caught_up: false }]);
        if (row?.caught_up) return;
        if (Date.now() > until) throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    pauseReplay: async () => void (await query(urls.replica, 'SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await query(urls.replica, 'SELECT pg_wal_replay_resume()')),
    async stopReplica() {
      await replica?.stop(5_000);
      replica = undefined;
    },
    async startReplica() {
      replica ??= await start(replicaDir, ports.replica);
    },
    async scans(server) {
      // A fresh connection sees the counters as flushed so far (a backend flushes its own within about a second).
      const [row] = await query<{ scans: string }>(
        urls[server],
        `SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::text AS scans FROM pg_stat_user_tables
          WHERE relname NOT IN ('graph_version', '_prisma_migrations')`,
      );
      return Number(row!.scans);
    },
    async sessions(server) {
      const [row] = await query<{ n: number }>(urls[server], `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'tradegraph%' AND pid <> pg_backend_pid()`);
      return row!.n;
    },
    async sessionsGone(timeoutMs = 10_000) {
      for (const until = Date.now() + timeoutMs; (await set.sessions('primary')) + (await set.sessions('replica')) > 0; ) {
        if (Date.now() > until) throw new Error(`tradegraph sessions still open after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
  };
  return set;
}
