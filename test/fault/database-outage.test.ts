// Faults a real deployment meets: PostgreSQL stops and comes back while
// requests flow, and the server is told to stop while a request is in flight.
// Each test runs `npm start` as a process of its own against an embedded
// PostgreSQL cluster of its own (never one shared with other tests), which the
// test stops and starts at will.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type EmbeddedDatabase, pickPort, startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { ask, ok, requestWaitingOnLock, type Sample } from '../helpers/fault.ts';
import { logLines, type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { testLog } from '../helpers/server.ts';
import { sleep, until } from '../helpers/wait.ts';

const ACQUIRE_TIMEOUT_MS = 1_500;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-fault-'));
chmodSync(dataDir, 0o755);
let cluster: EmbeddedDatabase | null = null;
let clusterPort = 0;
let server: ServerProcess | null = null;

/** Starts (or restarts, on the same folder and port) this file's own PostgreSQL cluster. */
async function startCluster(): Promise<EmbeddedDatabase> {
  clusterPort ||= await pickPort(0);
  cluster = await startEmbeddedDatabase({ dataDir, port: clusterPort, engine: 'postgres', log: testLog });
  return cluster;
}

async function stopCluster(): Promise<void> {
  const running = cluster;
  cluster = null;
  await running?.stop();
}

/** The cluster, started if an earlier test left it stopped. */
const runningCluster = async () => cluster ?? (await startCluster());

afterEach(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = null;
});
afterAll(async () => {
  await stopCluster().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Sends requests from `clients` concurrent clients until stopped. */
function traffic(url: string, clients: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      samples.push(await ask(url));
      await sleep(20);
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe.skipIf(inject('testServer').kind === 'pglite')('faults', () => {
  it('fails fast while PostgreSQL is down and recovers by itself when it is back', { timeout: 120_000 }, async () => {
    const db = await runningCluster();
    server = await startServerProcess({ DATABASE_URL: db.url, TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) });
    const pid = server.child.pid;
    const load = traffic(server.url, 4);
    try {
      await until('healthy traffic', 10_000, async () => load.samples.filter(ok).length >= 10);

      const stoppedAt = Date.now();
      await stopCluster();
      await until('failures during the outage', 10_000, async () => load.samples.filter((s) => s.at > stoppedAt && !ok(s)).length >= 10);
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, reason: 'database unreachable' });
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      await sleep(2 * ACQUIRE_TIMEOUT_MS);

      const restartedAt = Date.now();
      await startCluster();
      const recovered = await until('a successful request after the restart', 15_000, async () =>
        load.samples.find((s) => s.at > restartedAt && ok(s)),
      );
      await sleep(500);
      await load.stop();

      // Recovered by itself, within seconds, in the same Node.js process.
      expect(recovered.at + recovered.ms - restartedAt).toBeLessThan(10_000);
      expect(server.child.exitCode).toBeNull();
      expect(server.child.pid).toBe(pid);
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
      expect(ok(await ask(server.url))).toBe(true);

      // During the outage: every failure is the masked, typed error, and none hung past the acquire timeout.
      const during = load.samples.filter((s) => s.at > stoppedAt + 200 && s.at + s.ms < restartedAt);
      const failed = during.filter((s) => !ok(s));
      expect(failed.length).toBeGreaterThanOrEqual(10);
      for (const sample of failed) {
        expect(sample.status).toBe(200);
        expect(new Set(sample.codes)).toEqual(new Set(['DATABASE_UNAVAILABLE']));
        expect(sample.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|prisma|postgres|stack/i);
      }
      // (The statement timeout, 15 s, is what a hang would run into; the margin allows for a busy machine.)
      expect(Math.max(...load.samples.map((s) => s.ms))).toBeLessThan(ACQUIRE_TIMEOUT_MS + 3_000);

      // The process logged the outage and never an uncaught error.
      const lines = logLines(server);
      expect(lines.some((l) => l.msg === 'database unavailable')).toBe(true);
      expect(server.logs()).not.toMatch(/uncaught|unhandled/i);
    } finally {
      await load.stop();
    }
  });

  it('finishes a request in flight on SIGTERM, refuses new connections, then stops', { timeout: 120_000 }, async () => {
    const db = await runningCluster();
    server = await startServerProcess({ DATABASE_URL: db.url, TRADEGRAPH_SHUTDOWN_DEADLINE_MS: '20000' });
    const { port } = server;

    // The request waits on a lock as long as the test wants.
    const request = await requestWaitingOnLock(db.url, server.url);
    try {
      server.child.kill('SIGTERM');
      // No new connections once shutdown has begun...
      await until('new connections to be refused', 10_000, () =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(false)));
          socket.once('error', () => resolve(true));
        }),
      );
      // ...but the request in flight is still being served.
      expect(server.child.exitCode).toBeNull();

      await request.release();
      expect(ok(await request.answer)).toBe(true);
      expect(await server.exited).toBe(0);
      const messages = logLines(server).map((l) => l.msg);
      expect(messages).toContain('stopped');
      expect(messages).not.toContain('requests still in flight at the deadline; closing them');
    } finally {
      await request.end();
    }
  });

  it('cuts a request still in flight at the shutdown deadline, and stops all the same', { timeout: 120_000 }, async () => {
    const db = await runningCluster();
    server = await startServerProcess({ DATABASE_URL: db.url, TRADEGRAPH_SHUTDOWN_DEADLINE_MS: '1000' });
    const request = await requestWaitingOnLock(db.url, server.url);
    try {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect((await request.answer).status).toBe(0);
      expect(logLines(server).map((l) => l.msg)).toEqual(expect.arrayContaining(['requests still in flight at the deadline; closing them', 'stopped']));
    } finally {
      await request.end();
    }
  });
});
