// Picks the PostgreSQL server the tests run against, once per run:
// TEST_DATABASE_URL if set; else a testcontainers PostgreSQL where a Docker
// engine answers; else an embedded PostgreSQL in a temporary folder; else
// PGlite. It prepares three template databases (migrated; migrated + seeded;
// seeded + the fictional samples) that every test file clones into a database
// of its own.
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../src/logger.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { dropTemplates, prepareTemplates, type TestServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testServer: TestServer;
  }
}

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');

async function tryTestcontainers(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await Promise.race([
      new PostgreSqlContainer('postgres:16-alpine').start(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no container within 60 s')), 60_000).unref()),
    ]);
    return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
  } catch (err) {
    console.info(`[tests] testcontainers unavailable (${(err as Error).message.split('\n')[0]}); using an embedded database`);
    return null;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  let stop = async () => {};
  let server: TestServer;
  if (process.env.TEST_DATABASE_URL) {
    server = { kind: 'external', url: process.env.TEST_DATABASE_URL };
  } else {
    const container = process.env.TEST_SKIP_TESTCONTAINERS ? null : await tryTestcontainers();
    if (container) {
      server = { kind: 'testcontainers', url: container.url };
      stop = container.stop;
    } else {
      const { mkdtempSync, chmodSync } = await import('node:fs');
      const os = await import('node:os');
      const path = await import('node:path');
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-test-'));
      chmodSync(dataDir, 0o755);
      const embedded = await startEmbeddedDatabase({
        dataDir,
        port: 0,
        engine: (process.env.TEST_EMBEDDED_ENGINE as 'postgres' | 'pglite' | undefined) ?? 'auto',
        ephemeral: true,
        log,
      });
      const { rmSync } = await import('node:fs');
      if (embedded.engine === 'pglite') {
        // PGlite is one database and one connection: each test file starts its own.
        await embedded.stop();
        rmSync(dataDir, { recursive: true, force: true });
        server = { kind: 'pglite', url: '' };
      } else {
        server = { kind: 'embedded', url: embedded.url };
        stop = async () => {
          await embedded.stop();
          rmSync(dataDir, { recursive: true, force: true });
        };
      }
    }
  }
  try {
    server = await prepareTemplates(server, log);
  } catch (err) {
    await stop();
    throw err;
  }
  console.info(`[tests] database: ${server.kind} (ready in ${Date.now() - started} ms)`);
  project.provide('testServer', server);
  return async () => {
    await dropTemplates(server).catch(() => undefined);
    await stop();
  };
}
