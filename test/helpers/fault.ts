// What the fault tests ask a real server process, how they judge the answer,
// and the faults they arrange around it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { runningPostmasterOf } from './postmaster.ts';
import { until } from './wait.ts';

/** A query that needs the database: a bonded zone's figures with their evidence. */
export const QUERY =
  '{ entity(slug: "tianzhu-comprehensive-bonded-zone") { name observations { edges { node { value evidence { quote } } } } } }';

export interface Sample {
  at: number;
  ms: number;
  /** HTTP status, or 0 when the connection failed or was cut. */
  status: number;
  codes: string[];
  text: string;
}

/** POSTs QUERY to the server at `url`. */
export async function ask(url: string): Promise<Sample> {
  const at = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    return { at, ms: Date.now() - at, status: response.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), text };
  } catch (err) {
    return { at, ms: Date.now() - at, status: 0, codes: [`fetch failed: ${(err as Error).message}`], text: '' };
  }
}

/** The full, correct answer (the zone's import-export value is in it). */
export const ok = (s: Sample) => s.status === 200 && s.codes.length === 0 && s.text.includes('73330000000');

export interface Readiness {
  status: number;
  body: { ready: boolean; reason?: string; database?: Record<string, any> } & Record<string, any>;
}

export async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/**
 * Sends QUERY to the server while another session of `databaseUrl` holds a
 * lock it needs; resolves once the request waits on it, so the request stays
 * in flight as long as the test wants.
 */
export async function requestWaitingOnLock(databaseUrl: string, serverUrl: string) {
  const locker = new pg.Client({ connectionString: databaseUrl });
  // The server under test may stop this database while the lock is held.
  locker.on('error', () => undefined);
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE observation IN ACCESS EXCLUSIVE MODE');
  const answer = ask(serverUrl);
  await until('the request to wait on the lock', 10_000, async () => {
    const { rows } = await locker.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'tradegraph' AND wait_event_type = 'Lock'`);
    return rows.length > 0;
  });
  return {
    answer,
    release: () => locker.query('COMMIT'),
    end: async () => {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end().catch(() => undefined);
    },
  };
}

/** Cleanups a test registers as it goes, run after it, the last first. */
export function cleanupAfterEach(): (cleanup: () => unknown) => void {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}

/** A data folder of the test's own for the embedded database; afterwards its PostgreSQL is killed if still running, and the folder removed. */
export function embeddedDataFolder(cleanup: (fn: () => unknown) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-fault-'));
  chmodSync(dir, 0o755);
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  cleanup(() => {
    const postmaster = runningPostmasterOf(dir);
    if (postmaster) process.kill(postmaster.pid, 'SIGKILL');
  });
  return dir;
}

/**
 * Takes `port` on 127.0.0.1 as soon as it is free: another program, which
 * accepts connections and never answers. PostgreSQL cannot listen there, and
 * the server's connections to it hang.
 */
export async function holdPort(port: number, cleanup: (fn: () => unknown) => void): Promise<void> {
  const sockets = new Set<net.Socket>();
  const holder = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await until(`port ${port} to be free`, 10_000, () =>
    new Promise<boolean>((resolve) => {
      holder.once('error', () => resolve(false));
      holder.listen(port, '127.0.0.1', () => resolve(true));
    }),
  );
  cleanup(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => holder.close(resolve));
  });
}
