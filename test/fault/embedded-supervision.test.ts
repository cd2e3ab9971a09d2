// The embedded PostgreSQL is supervised: when its process dies, the server
// restarts it with backoff, logs and counts each restart, shows them in /ready,
// and answers again once it is back; when restarting keeps failing it says so
// and exits, for whatever runs it to start it again. Each test runs `npm start`
// as a process of its own on a data folder of its own, and kills the real
// PostgreSQL process (its PID from postmaster.pid).
import { describe, expect, inject, it } from 'vitest';
import { ask, cleanupAfterEach, embeddedDataFolder, holdPort, ok, readiness } from '../helpers/fault.ts';
import { isRunning, postmasterOf, runningPostmasterOf } from '../helpers/postmaster.ts';
import { logLines, type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/wait.ts';

const cleanup = cleanupAfterEach();
const dataFolder = () => embeddedDataFolder(cleanup);

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: '1500', ...env });
  cleanup(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

describe.skipIf(inject('testServer').kind === 'pglite')('the supervised embedded PostgreSQL', () => {
  it('is restarted when its process dies, each restart logged and counted in /ready', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const server = await start({ TRADEGRAPH_DATA_DIR: dataDir });
    expect(ok(await ask(server.url))).toBe(true);
    expect(await readiness(server.url)).toEqual({
      status: 200,
      body: { ready: true, database: { engine: 'postgres', state: 'running', supervised: true, restarts: 0 }, pool: expect.any(Object), cache: expect.any(Object) },
    });

    // Killed outright, then shut down from outside (SIGQUIT: `pg_ctl stop -m immediate`, the process exits by itself).
    const kills = [
      { restarts: 1, signal: 'SIGKILL', exit: { signal: 'SIGKILL' } },
      { restarts: 2, signal: 'SIGQUIT', exit: { signal: null } },
    ] as const;
    for (const { restarts, signal, exit } of kills) {
      const killed = postmasterOf(dataDir)!;
      process.kill(killed.pid, signal);
      const back = await until(`restart ${restarts}`, 60_000, async () => {
        const ready = await readiness(server.url);
        return ready.status === 200 && ready.body.database?.restarts === restarts && ready;
      });
      expect(back.body.database).toMatchObject({ engine: 'postgres', state: 'running', restarts, lastExit: exit });
      // A new PostgreSQL process on the same port, and the pool uses it by itself.
      const now = runningPostmasterOf(dataDir)!;
      expect(now.pid).not.toBe(killed.pid);
      expect(now.port).toBe(killed.port);
      expect(await until('a full answer after the restart', 15_000, async () => ok(await ask(server.url)))).toBe(true);
      // The server process itself never stopped.
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    }

    const lines = logLines(server);
    const exits = lines.filter((l) => /embedded PostgreSQL exited unexpectedly/.test(l.msg));
    expect(exits.map((l) => [l.level, l.signal])).toEqual([[50, 'SIGKILL'], [50, null]]);
    expect(lines.filter((l) => /embedded PostgreSQL restarted/.test(l.msg)).map((l) => l.restarts)).toEqual([1, 2]);

    // And it still stops cleanly, PostgreSQL with it.
    const last = postmasterOf(dataDir)!;
    expect(await server.stop()).toBe(0);
    expect(isRunning(last.pid)).toBe(false);
  });

  it('says so in /ready while restarts fail, and exits non-zero once it gives up', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const server = await start({ TRADEGRAPH_DATA_DIR: dataDir, TRADEGRAPH_EMBEDDED_RESTART_ATTEMPTS: '3' });
    const killed = postmasterOf(dataDir)!;
    process.kill(killed.pid, 'SIGKILL');
    // Another program takes the port before PostgreSQL can listen on it again.
    await holdPort(killed.port, cleanup);

    const restarting = await until('/ready to say the database is restarting', 30_000, async () => {
      const ready = await readiness(server.url);
      return ready.body.reason === 'database restarting' && ready;
    });
    expect(restarting.status).toBe(503);
    expect(restarting.body.database).toMatchObject({ engine: 'postgres', state: 'restarting', restarts: 0, lastExit: { signal: 'SIGKILL' } });
    expect(restarting.body.database!.attempt).toBeGreaterThanOrEqual(1);

    const exitedAt = await Promise.race([server.exited.then(() => Date.now()), new Promise<null>((r) => setTimeout(() => r(null), 60_000))]);
    expect(exitedAt).not.toBeNull();
    expect(server.child.exitCode).toBe(1);
    const lines = logLines(server);
    expect(lines.filter((l) => /embedded PostgreSQL restart failed/.test(l.msg)).map((l) => l.attempt)).toEqual([1, 2, 3]);
    const gaveUp = lines.find((l) => /could not be restarted/.test(l.msg));
    expect(gaveUp).toMatchObject({ level: 60, attempts: 3 });
    expect(lines.map((l) => l.msg)).toContain('stopped');
  });

  it('takes over the PostgreSQL left running by a server that was killed, to supervise it', { timeout: 180_000 }, async () => {
    const dataDir = dataFolder();
    const killed = await start({ TRADEGRAPH_DATA_DIR: dataDir });
    const left = postmasterOf(dataDir)!;
    killed.child.kill('SIGKILL');
    await killed.exited;
    // PostgreSQL runs in a process group of its own: it outlives the server killed outright.
    expect(isRunning(left.pid)).toBe(true);

    const server = await start({ TRADEGRAPH_DATA_DIR: dataDir });
    expect(isRunning(left.pid)).toBe(false);
    const now = runningPostmasterOf(dataDir)!;
    expect(now.port).toBe(left.port);
    expect(logLines(server).map((l) => l.msg)).toContain(
      'stopping the embedded PostgreSQL left running by a server that is gone, to run it under this one',
    );
    expect((await readiness(server.url)).body.database).toEqual({ engine: 'postgres', state: 'running', supervised: true, restarts: 0 });
    // Supervised indeed: killed, it comes back.
    process.kill(now.pid, 'SIGKILL');
    await until('the restart', 60_000, async () => (await readiness(server.url)).body.database?.restarts === 1);
    expect(await until('a full answer after the restart', 15_000, async () => ok(await ask(server.url)))).toBe(true);
  });
});
