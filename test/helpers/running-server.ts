// The real server (`src/server.ts`, as `npm start` runs it) in a child process
// on a free port, on a seeded database of the test file's own: a clone of the
// seeded template where the test server has one, else its own embedded
// database in a temporary folder, which it seeds itself.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { openTestDatabase } from './server.ts';

export interface RunningServer {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Starts the server on a seeded database (or the seed plus the fictional
 * samples: `contents` 'samples'); `extra` adds environment variables (e.g.
 * persisted operations).
 */
export async function startSeededServer(extra: Record<string, string> = {}, contents: 'seeded' | 'samples' = 'seeded'): Promise<RunningServer> {
  const testServer = inject('testServer');
  if (contents === 'samples' && testServer.kind === 'pglite') throw new Error('the samples need a PostgreSQL test server: PGlite has no template of them');
  const cleanups: Array<() => Promise<void> | void> = [];
  const env: Record<string, string> = {};
  if (testServer.kind === 'pglite') {
    // PGlite serves one process: let the server start (and seed) its own embedded database.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-browser-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    Object.assign(env, { TRADEGRAPH_DATA_DIR: dataDir, TRADEGRAPH_EMBEDDED_PORT: '0' });
  } else {
    const db = await openTestDatabase(testServer, contents);
    // Runs after the server has stopped; the drop also ends any connection left.
    cleanups.push(() => db.close());
    env.DATABASE_URL = db.url;
  }

  let server: ServerProcess;
  try {
    server = await startServerProcess({ ...env, HOST: '127.0.0.1', ...extra });
  } catch (err) {
    for (const cleanup of cleanups.reverse()) await cleanup();
    throw err;
  }
  const stop = async () => {
    await server.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  return { url: server.url, logs: server.logs, stop };
}
