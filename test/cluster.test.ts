// WEB_CONCURRENCY=2 as an operator runs it: real processes on one port over
// the embedded database. Both workers answer, a killed worker is replaced, an
// ingest from the CLI invalidates every worker's cached answers, and SIGTERM
// stops the whole group.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logLines, type ServerProcess, startServerProcess, waitForOutput } from './helpers/server-process.ts';
import { SAMPLE_FILES } from './helpers/server.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-cluster-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const PROCESS_TEST = { timeout: 240_000 };
const SOURCES = '{ sources { totalCount } }';

/** One request on a connection of its own, so the cluster may hand it to any worker. */
function request(server: ServerProcess, pathname: string, body?: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${pathname}`,
      { method: body ? 'POST' : 'GET', agent: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** The workers that answered `tries` requests for /ready, by pid. */
async function answeringWorkers(server: ServerProcess, tries = 16): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries; i++) {
    const ready = await request(server, '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json.worker).toEqual(expect.any(Number));
    pids.add(ready.json.pid);
  }
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function ingest(url: string, file: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', file], { cwd: root, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('WEB_CONCURRENCY=2', () => {
  it('serves from two workers, replaces a killed one, invalidates every worker on an ingest, and stops whole on SIGTERM', PROCESS_TEST, async () => {
    const server = await startServerProcess({ TRADEGRAPH_DATA_DIR: dataDir, WEB_CONCURRENCY: '2', TRADEGRAPH_SQL_STATS: '1' }, 150_000);
    let workers: Set<number>;
    try {
      workers = await answeringWorkers(server);
      expect(workers.size).toBe(2);
      expect(logLines(server).filter((l) => l.msg === 'worker is listening')).toHaveLength(2);
      expect(logLines(server).filter((l) => /seeded the empty graph/.test(l.msg))).toHaveLength(1);

      // Every worker's cache holds the answer: each request is a hit after each worker's first.
      const before = new Map<number, number>();
      for (let i = 0; i < 12; i++) {
        const r = await request(server, '/graphql', { query: SOURCES });
        before.set(r.json.data.sources.totalCount, (before.get(r.json.data.sources.totalCount) ?? 0) + 1);
        if (i >= 4) expect(r.headers['x-cache']).toBe('hit');
      }
      expect([...before.keys()]).toEqual([1]);
      const url = /^database: (postgres:\/\/\S+) /.exec(logLines(server).find((l) => l.msg.startsWith('database: '))!.msg)![1]!;
      expect(await ingest(url, SAMPLE_FILES[0]!)).toBe(0);
      for (let i = 0; i < 12; i++) {
        const r = await request(server, '/graphql', { query: SOURCES });
        expect(r.json.data.sources.totalCount).toBe(2);
      }

      // A worker killed outright is replaced.
      const victim = [...workers][0]!;
      process.kill(victim, 'SIGKILL');
      await waitForOutput(server, 'a worker died; started a replacement', 30_000);
      await waitForOutput(server, /"msg":"worker is listening"[^\n]*\n(.*\n)*.*"msg":"worker is listening"[^\n]*\n(.*\n)*.*"msg":"worker is listening"/, 60_000);
      const now = await answeringWorkers(server);
      expect(now.size).toBe(2);
      expect(now.has(victim)).toBe(false);
      workers = now;
    } finally {
      expect(await server.stop()).toBe(0);
    }
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(server.logs()).toMatch(/"msg":"stopped"/);
  });

  it('answers every request afresh with TRADEGRAPH_RESPONSE_CACHE=false', PROCESS_TEST, async () => {
    const server = await startServerProcess({ TRADEGRAPH_DATA_DIR: dataDir, WEB_CONCURRENCY: '2', TRADEGRAPH_SQL_STATS: '1', TRADEGRAPH_RESPONSE_CACHE: 'false' }, 150_000);
    try {
      for (let i = 0; i < 4; i++) {
        const r = await request(server, '/graphql', { query: SOURCES });
        expect(r.headers['x-cache']).toBeUndefined();
        expect(r.headers.etag).toBeUndefined();
        expect(r.json.extensions.sqlStatements).toBeGreaterThan(0);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
