// `npm start` as a user runs it: a real process on a real port, with the
// embedded database in a fresh data folder, then again on the same folder;
// and with DATABASE_URL pointing at an external server.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { logLines, type ServerProcess, spawnServerProcess, startServerProcess } from './helpers/server-process.ts';
import { openTestDatabase, type TestDatabase } from './helpers/server.ts';
import { sleep } from './helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-start-'));
const opened: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (env: Record<string, string>) =>
  startServerProcess({ TRADEGRAPH_DATA_DIR: dataDir, ...env });

async function entityCount(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ entities { totalCount } beijing: entity(slug: "beijing-customs") { name } }' }),
  });
  const body = (await response.json()) as { data: { entities: { totalCount: number }; beijing: { name: string } } };
  expect(body.data.beijing.name).toBe('Beijing Customs');
  return body.data.entities.totalCount;
}

/** The database address the server printed for people to read, and what psql would reach there. */
async function printedDatabase(server: ServerProcess) {
  const line = logLines(server).find((l) => l.msg.startsWith('database: '));
  expect(line, 'a "database: ..." line').toBeDefined();
  const match = /^database: (postgres:\/\/\S+) \((.+)\)$/.exec(line!.msg)!;
  const client = new pg.Client({ connectionString: match[1] });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT current_database() AS db, count(*)::int AS entities FROM entity');
    return { url: match[1]!, note: match[2]!, reached: rows[0] as { db: string; entities: number } };
  } finally {
    await client.end();
  }
}

/** Each test starts real server processes: minutes, not the default 30 s, on a busy 2-core machine. */
const PROCESS_TEST = { timeout: 180_000 };

describe('npm start', () => {
  it('starts on an empty embedded database, seeds it, and keeps it across restarts', PROCESS_TEST, async () => {
    // TRADEGRAPH_EMBEDDED_PORT=0 (the test helper's default): any free port, once.
    const first = await start({});
    let address: Awaited<ReturnType<typeof printedDatabase>>;
    try {
      address = await printedDatabase(first);
      expect(address.note).toBe(`embedded PostgreSQL, data in ${path.join(dataDir, 'postgres')}`);
      expect(address.url).toMatch(/^postgres:\/\/postgres:tradegraph@127\.0\.0\.1:\d+\/tradegraph$/);
      expect(address.reached).toEqual({ db: 'tradegraph', entities: 32 });
      expect(first.logs()).toMatch(/"fresh":true/);
      expect(first.logs()).toMatch(/seeded the empty graph/);
      expect(await entityCount(first.port)).toBe(32);
      const health = await fetch(`http://127.0.0.1:${first.port}/health`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${first.port}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        database: { engine: 'postgres', state: 'running', supervised: true, restarts: 0 },
        pool: expect.any(Object),
        cache: expect.objectContaining({ store: 'memory', hits: expect.any(Number), misses: expect.any(Number) }),
      });
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(first.logs()).toMatch(/"msg":"stopped"/);

    const second = await start({});
    try {
      expect(second.logs()).toMatch(/"fresh":false/);
      // The same address as before: the port chosen once is kept for the data folder.
      expect((await printedDatabase(second)).url).toBe(address.url);
      expect(second.logs()).toMatch(/graph already holds data; not seeding/);
      // Requests at once, so that the pool holds several connections when it stops.
      expect(await Promise.all(Array.from({ length: 8 }, () => entityCount(second.port)))).toEqual(Array(8).fill(32));
    } finally {
      expect(await second.stop()).toBe(0);
    }
    // A clean stop: every connection closed before the embedded PostgreSQL
    // stopped, so none was terminated under the pool (no warning, no error).
    const shutdown = logLines(second).slice(logLines(second).findIndex((l) => /shutting down/.test(l.msg)));
    expect(shutdown.map((l) => l.msg)).toContain('stopped');
    expect(shutdown.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('uses DATABASE_URL instead, migrating and seeding it only when empty', PROCESS_TEST, async () => {
    const db = await openTestDatabase(inject('testServer'), 'nothing');
    opened.push(db);
    // A PGlite standing in for the external server serves one connection at a time.
    const poolMax: Record<string, string> = inject('testServer').kind === 'pglite' ? { TRADEGRAPH_DB_POOL_MAX: '1' } : {};
    const first = await start({ DATABASE_URL: db.url, ...poolMax });
    try {
      expect(first.logs()).not.toMatch(/embedded PostgreSQL is running/);
      expect(first.logs()).toMatch(/applied migration/);
      expect(await entityCount(first.port)).toBe(32);
    } finally {
      await first.stop();
    }
    const second = await start({ DATABASE_URL: db.url, ...poolMax });
    try {
      expect(second.logs()).toMatch(/not seeding/);
      expect(second.logs()).not.toMatch(/applied migration/);
    } finally {
      await second.stop();
    }
  });

  it('falls back to PGlite when PostgreSQL cannot run in the data folder, and says so', PROCESS_TEST, async () => {
    const locked = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-locked-'));
    const dataDir = path.join(locked, 'data');
    if (process.getuid?.() === 0) {
      // As root, PostgreSQL runs as the postgres user, who cannot enter a 0700 folder of root's,
      // like a checkout under /root.
      chmodSync(locked, 0o700);
    } else {
      // Otherwise make initdb fail another way: its data folder is a file.
      mkdirSync(dataDir);
      writeFileSync(path.join(dataDir, 'postgres'), 'not a folder');
    }
    const server = await start({ TRADEGRAPH_DATA_DIR: dataDir });
    try {
      expect(server.logs()).toMatch(/embedded PostgreSQL could not start; falling back to PGlite/);
      expect(server.logs()).toMatch(/"engine":"pglite"/);
      expect(await entityCount(server.port)).toBe(32);
    } finally {
      expect(await server.stop()).toBe(0);
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('refuses to start when the configured TRADEGRAPH_EMBEDDED_PORT is taken, rather than move', PROCESS_TEST, async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-taken-'));
    const server = await spawnServerProcess({ TRADEGRAPH_DATA_DIR: folder, TRADEGRAPH_EMBEDDED_PORT: String(port) });
    try {
      // (A server that moved to another port would run on: 60 s is plenty to refuse.)
      expect(await Promise.race([server.exited, sleep(60_000).then(() => 'still running')])).toBe(1);
      expect(server.logs()).toMatch(new RegExp(`TRADEGRAPH_EMBEDDED_PORT=${port}: port ${port} on 127\\.0\\.0\\.1 is taken`));
      expect(server.logs()).not.toMatch(/tradegraph is ready|falling back to PGlite/);
    } finally {
      await server.stop();
      blocker.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says what is wrong with its configuration and exits non-zero', PROCESS_TEST, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid environment configuration/);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/DATABASE_URL/);
  });
});
