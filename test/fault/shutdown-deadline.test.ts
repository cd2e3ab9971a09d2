// SIGTERM is honoured within TRADEGRAPH_SHUTDOWN_DEADLINE_MS whatever the
// server is doing: starting its embedded PostgreSQL, running migrations, with
// its database dead and being restarted, with requests hanging on a dead
// database, or with a request in flight. Each test runs `npm start` as a
// process of its own; the embedded ones on a data folder of their own, whose
// real PostgreSQL process (PID from postmaster.pid) the test kills at will.
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { ask, cleanupAfterEach, embeddedDataFolder, holdPort, ok, readiness, requestWaitingOnLock, type Sample } from '../helpers/fault.ts';
import { embeddedUrl, isRunning, postmasterOf, runningPostmasterOf } from '../helpers/postmaster.ts';
import { logLines, type ServerProcess, spawnServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { openTestDatabase } from '../helpers/server.ts';
import { sleep, until } from '../helpers/wait.ts';

const DEADLINE_MS = 4_000;
/**
 * What the measurement adds to the deadline: delivering the signal, the
 * process's own exit, and the test noticing it, on a shared 2-core machine.
 */
const MEASURING_SLACK_MS = 1_000;
/** The advisory lock the migrations take (Prisma's, see src/db/migrate.ts). */
const MIGRATION_LOCK = 72707369;

const cleanup = cleanupAfterEach();
const dataFolder = () => embeddedDataFolder(cleanup);

function track(server: ServerProcess): ServerProcess {
  cleanup(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

const env = (extra: Record<string, string>) => ({
  TRADEGRAPH_SHUTDOWN_DEADLINE_MS: String(DEADLINE_MS),
  TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: '1500',
  ...extra,
});

/** Sends SIGTERM and resolves with how long the process took to exit, its exit code and its signal. */
async function terminate(server: ServerProcess) {
  const sent = Date.now();
  server.child.kill('SIGTERM');
  const code = await Promise.race([server.exited, sleep(30_000).then(() => 'still running' as const)]);
  return { ms: Date.now() - sent, code, signal: server.child.signalCode };
}

/** Asserts a stop that took at most the deadline, was clean (exit code 0) and logged as such. */
function expectStoppedInTime(server: ServerProcess, stop: Awaited<ReturnType<typeof terminate>>) {
  console.info(`[sigterm] ${expect.getState().currentTestName}: exited ${stop.code} after ${stop.ms} ms (deadline ${DEADLINE_MS} ms)`);
  expect(stop).toMatchObject({ code: 0, signal: null });
  expect(stop.ms).toBeLessThan(DEADLINE_MS + MEASURING_SLACK_MS);
  expect(logLines(server).map((l) => l.msg)).toContain('stopped');
  expect(server.logs()).not.toMatch(/uncaught|unhandled/i);
}

const embedded = inject('testServer').kind !== 'pglite';

describe.skipIf(!embedded)('SIGTERM within the shutdown deadline', () => {
  it('while the embedded PostgreSQL starts: stops it, leaves a usable data folder, exits 0', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const server = track(await spawnServerProcess(env({ TRADEGRAPH_DATA_DIR: dataDir })));
    // initdb writes PG_VERSION first: the cluster is being created or started.
    await until('the embedded PostgreSQL to be starting', 60_000, async () => existsSync(path.join(dataDir, 'postgres', 'PG_VERSION')));
    const stop = await terminate(server);
    expectStoppedInTime(server, stop);
    expect(server.logs()).not.toMatch(/tradegraph is ready/);
    // Nothing left running, and the folder starts normally afterwards.
    const postmaster = postmasterOf(dataDir);
    expect(postmaster === null || !isRunning(postmaster.pid)).toBe(true);
    const again = track(await startServerProcess(env({ TRADEGRAPH_DATA_DIR: dataDir })));
    expect(ok(await ask(again.url))).toBe(true);
    expect(await again.stop()).toBe(0);
  });

  it('while migrations wait to run: exits 0 without applying any', { timeout: 180_000 }, async () => {
    const db = await openTestDatabase(inject('testServer'), 'nothing');
    cleanup(() => db.close());
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    cleanup(() => locker.end());
    await locker.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);

    const server = track(await spawnServerProcess(env({ DATABASE_URL: db.url })));
    await until('the migrations to wait for their lock', 60_000, async () => {
      const { rows } = await locker.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows.length > 0;
    });
    const stop = await terminate(server);
    expectStoppedInTime(server, stop);
    await locker.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    const { rows } = await locker.query(`SELECT to_regclass('"_prisma_migrations"') IS NULL AS untouched`);
    expect(rows[0].untouched).toBe(true);
  });

  it('while its dead PostgreSQL is being restarted: exits 0', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const server = track(await startServerProcess(env({ TRADEGRAPH_DATA_DIR: dataDir })));
    const killed = postmasterOf(dataDir)!;
    process.kill(killed.pid, 'SIGKILL');
    // A program takes the port, so every restart fails for as long as the test wants.
    await holdPort(killed.port, cleanup);
    await until('/ready to see the database gone', 30_000, async () => (await readiness(server.url)).status === 503);
    await sleep(500);
    const stop = await terminate(server);
    expectStoppedInTime(server, stop);
    expect(runningPostmasterOf(dataDir)).toBeNull();
  });

  it('while requests hang on a dead database: answers or cuts them, exits 0', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    // Requests would wait 20 s for a connection: longer than the deadline.
    const server = track(await startServerProcess(env({ TRADEGRAPH_DATA_DIR: dataDir, TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: '20000' })));
    expect(ok(await ask(server.url))).toBe(true);
    const killed = postmasterOf(dataDir)!;
    process.kill(killed.pid, 'SIGKILL');
    await holdPort(killed.port, cleanup);
    await until('/ready to see the database gone', 30_000, async () => (await readiness(server.url)).status === 503);

    const hanging: Array<Promise<Sample>> = Array.from({ length: 3 }, () => ask(server.url));
    const settled: Sample[] = [];
    for (const h of hanging) void h.then((s) => settled.push(s));
    await sleep(1_000);
    expect(settled).toEqual([]);

    const stop = await terminate(server);
    expectStoppedInTime(server, stop);
    const answers = await Promise.all(hanging);
    for (const answer of answers) expect(answer.status === 0 || answer.codes.includes('DATABASE_UNAVAILABLE')).toBe(true);
    expect(runningPostmasterOf(dataDir)).toBeNull();
  });

  it('while a request is in flight: cuts it in time, stops PostgreSQL, exits 0', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const server = track(await startServerProcess(env({ TRADEGRAPH_DATA_DIR: dataDir })));
    const postmaster = postmasterOf(dataDir)!;
    // The request waits on a lock past the deadline.
    const request = await requestWaitingOnLock(embeddedUrl(postmaster.port), server.url);
    cleanup(request.end);

    const stop = await terminate(server);
    expectStoppedInTime(server, stop);
    expect((await request.answer).status).toBe(0);
    expect(logLines(server).map((l) => l.msg)).toContain('requests still in flight at the deadline; closing them');
    expect(isRunning(postmaster.pid)).toBe(false);
  });
});
