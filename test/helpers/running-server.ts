// The real server (`src/server.ts`, as `npm start` runs it) in a child process
// on a free port, on a seeded database of the test file's own: a clone of the
// seeded template where the test server has one, else its own embedded
// database in a temporary folder, which it seeds itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { pickPort } from '../../src/db/embedded.ts';
import { openTestDatabase } from './server.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

export async function startSeededServer(): Promise<RunningServer> {
  const testServer = inject('testServer');
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: Record<string, string> = {};
  if (testServer.kind === 'pglite') {
    // PGlite serves one process: let the server start (and seed) its own embedded database.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-browser-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    Object.assign(env, { TRADEGRAPH_DATA_DIR: dataDir, TRADEGRAPH_EMBEDDED_PORT: '0' });
  } else {
    const db = await openTestDatabase(testServer, 'seeded');
    // Runs after the server has stopped; the drop also ends any connection left.
    cleanups.push(() => db.close());
    env.DATABASE_URL = db.url;
  }

  const port = await pickPort(0);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode == null) child.kill('SIGTERM');
    await exited;
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
      const poll = setInterval(() => {
        if (!output.includes('tradegraph is ready')) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 50);
      void exited.then(() => {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`server exited:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, logs: () => output, stop };
}
