// Where the embedded database listens: a configured port or nothing, never a
// port that moves silently. The port a data folder's database was given is
// remembered in that folder, so psql lines and saved BI connections keep
// working across restarts, also with TRADEGRAPH_EMBEDDED_PORT=0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDED_PORT, PortTakenError, rememberedPort, resolveEmbeddedPort } from '../../src/db/embedded-port.ts';
import { embeddedPostgresUrl } from '../../src/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '../..');
const folders: string[] = [];
const held: net.Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))));
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function dataFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-port-'));
  folders.push(dir);
  return dir;
}

/** Listens on a free port of 127.0.0.1 (held until the test ends) and returns it. */
async function takenPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  held.push(server);
  return (server.address() as net.AddressInfo).port;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function recordingLog() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('the embedded database port', () => {
  it('is the configured port, remembered for the data folder', async () => {
    const dataDir = dataFolder();
    const port = await freePort();
    const { log } = recordingLog();
    expect(await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: port, log })).toBe(port);
    expect(rememberedPort(dataDir, 'postgres')).toBe(port);
    // Unset afterwards, the folder keeps the port its clients know.
    expect(await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: undefined, defaultPort: await freePort(), log })).toBe(port);
  });

  it('refuses a configured port that is taken, naming the variable, rather than move', async () => {
    const port = await takenPort();
    const { log } = recordingLog();
    const resolving = resolveEmbeddedPort({ dataDir: dataFolder(), engine: 'postgres', configured: port, log });
    await expect(resolving).rejects.toBeInstanceOf(PortTakenError);
    await expect(resolving).rejects.toThrow(new RegExp(`TRADEGRAPH_EMBEDDED_PORT=${port}.*taken`));
  });

  it('refuses the default port when it is taken and nothing is configured', async () => {
    const port = await takenPort();
    const { log } = recordingLog();
    const resolving = resolveEmbeddedPort({ dataDir: dataFolder(), engine: 'postgres', configured: undefined, defaultPort: port, log });
    await expect(resolving).rejects.toThrow(new RegExp(`port ${port} .*taken[^]*TRADEGRAPH_EMBEDDED_PORT`));
  });

  it('with TRADEGRAPH_EMBEDDED_PORT=0 picks a free port once and reuses it on every restart', async () => {
    const dataDir = dataFolder();
    const { log } = recordingLog();
    const first = await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: 0, log });
    expect(first).toBeGreaterThan(0);
    for (let restart = 0; restart < 3; restart++) {
      expect(await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: 0, log })).toBe(first);
    }
    // Each engine remembers its own.
    expect(rememberedPort(dataDir, 'pglite')).toBeNull();
  });

  it('with TRADEGRAPH_EMBEDDED_PORT=0 and the remembered port taken, moves loudly and remembers the new one', async () => {
    const dataDir = dataFolder();
    const { log, lines } = recordingLog();
    const first = await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: 0, log });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(first, '127.0.0.1', resolve));
    held.push(blocker);
    const moved = await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: 0, log });
    expect(moved).not.toBe(first);
    expect(rememberedPort(dataDir, 'postgres')).toBe(moved);
    expect(lines.filter((l) => l.level === 40).map((l) => l.msg)).toEqual([expect.stringMatching(new RegExp(`${first}.*taken.*${moved}`))]);
  });

  it('refuses a remembered port that is taken when nothing is configured', async () => {
    const dataDir = dataFolder();
    const { log } = recordingLog();
    const first = await resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: 0, log });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(first, '127.0.0.1', resolve));
    held.push(blocker);
    await expect(resolveEmbeddedPort({ dataDir, engine: 'postgres', configured: undefined, log })).rejects.toThrow(
      new RegExp(`port ${first} .*taken[^]*${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it("is the one in the psql line of docs/operations.md", () => {
    const readme = readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8');
    const lines = [...readme.matchAll(/psql (postgres:\/\/\S+?)`/g)].map((m) => m[1]);
    expect(lines).toEqual([embeddedPostgresUrl(DEFAULT_EMBEDDED_PORT)]);
  });
});
