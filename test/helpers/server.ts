// Databases for tests: every test file works in a database of its own, cloned
// from a template (migrated; migrated and seeded; or seeded plus the fictional
// sample sources) so files never share state.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, connectDatabase } from '../../src/db/database.ts';
import { endPool, watchConnections } from '../../src/db/pool.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded.ts';
import { ingestKnowledgeFile } from '../../src/ingest/load.ts';
import { createLogger, type Logger } from '../../src/logger.ts';

export interface TestServer {
  kind: 'external' | 'testcontainers' | 'embedded' | 'pglite';
  /** Connection string of a maintenance database on the server ('' for PGlite). */
  url: string;
  templates?: { empty: string; seeded: string; samples: string };
}

export const SEED_FILE = path.resolve(import.meta.dirname, '../../seed/beijing-trade-h1-2023.knowledge.json');

/** The fictional sample sources (samples/README.md), in the order they must be ingested after the seed. */
export const SAMPLE_FILES = [
  'sample-beijing-bulletin-2023-jan-aug.knowledge.json',
  'sample-beijing-review-2023.knowledge.json',
].map((file) => path.resolve(import.meta.dirname, '../../samples', file));

/** Ingests knowledge files one after the other, as `npm run ingest` would. */
export async function ingestAll(prisma: Database['prisma'], files: readonly string[]): Promise<void> {
  for (const file of files) await ingestKnowledgeFile(prisma, file);
}

export const testLog: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export const POOL_CONFIG = {
  TRADEGRAPH_DB_POOL_MAX: 5,
  TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: 10_000,
  TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: 30_000,
  TRADEGRAPH_DB_IDLE_TIMEOUT_MS: 10_000,
};

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A bare pool for tests that migrate by hand. It listens for connection errors
 * and its close waits for every socket to end: pool.end() resolves before
 * they have, and the FORCE drop that follows would terminate one (57P01)
 * with nobody listening, an uncaught error that fails the whole run.
 */
function barePool(url: string, max: number): { pool: pg.Pool; end: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max });
  watchConnections(pool, testLog);
  return { pool, end: () => endPool(pool, 10_000) };
}

const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

export async function prepareTemplates(server: TestServer, log: Logger): Promise<TestServer> {
  if (server.kind === 'pglite') return server;
  const templates = { empty: uniqueName('tg_tpl_empty'), seeded: uniqueName('tg_tpl_seeded'), samples: uniqueName('tg_tpl_samples') };
  await admin(server.url, async (c) => {
    await c.query(`CREATE DATABASE "${templates.empty}" TEMPLATE template0 ENCODING 'UTF8'`);
  });
  const empty = await connectDatabase(withDatabase(server.url, templates.empty), POOL_CONFIG, log);
  await empty.close();
  await admin(server.url, (c) => c.query(`CREATE DATABASE "${templates.seeded}" TEMPLATE "${templates.empty}"`));
  const seeded = await connectDatabase(withDatabase(server.url, templates.seeded), POOL_CONFIG, log);
  try {
    await ingestKnowledgeFile(seeded.prisma, SEED_FILE);
  } finally {
    await seeded.close();
  }
  await admin(server.url, (c) => c.query(`CREATE DATABASE "${templates.samples}" TEMPLATE "${templates.seeded}"`));
  const samples = await connectDatabase(withDatabase(server.url, templates.samples), POOL_CONFIG, log);
  try {
    await ingestAll(samples.prisma, SAMPLE_FILES);
  } finally {
    await samples.close();
  }
  return { ...server, templates };
}

export async function dropTemplates(server: TestServer): Promise<void> {
  if (!server.templates) return;
  await admin(server.url, async (c) => {
    for (const name of Object.values(server.templates!)) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

export interface TestDatabase extends Database {
  /** Connection string of this test's own database. */
  url: string;
}

export type Contents = 'nothing' | 'migrated' | 'seeded' | 'samples';

/**
 * A database of this test file's own: with `nothing` in it, only `migrated`,
 * migrated and `seeded` with the Beijing report, or the seed plus the fictional
 * `samples` (samples/README.md). close() drops it.
 */
export async function openTestDatabase(server: TestServer, contents: Contents = 'seeded'): Promise<TestDatabase> {
  if (server.kind === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-pglite-'));
    const embedded = await startEmbeddedDatabase({ dataDir, port: 0, engine: 'pglite', ephemeral: true, log: testLog });
    const cleanup = async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    if (contents === 'nothing') {
      const { pool, end } = barePool(embedded.url, embedded.maxConnections);
      return { pool, prisma: undefined as never, engine: 'pglite', url: embedded.url, close: async () => { await end(); await cleanup(); } };
    }
    const db = await connectDatabase(embedded.url, POOL_CONFIG, testLog, embedded.maxConnections);
    if (contents === 'seeded' || contents === 'samples') await ingestKnowledgeFile(db.prisma, SEED_FILE);
    if (contents === 'samples') await ingestAll(db.prisma, SAMPLE_FILES);
    return { ...db, engine: 'pglite', url: embedded.url, close: async () => { await db.close(); await cleanup(); } };
  }
  const name = uniqueName('tg_test');
  const template = contents === 'nothing' ? 'template0' : contents === 'migrated' ? server.templates!.empty : server.templates![contents];
  await admin(server.url, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabase(server.url, name);
  const drop = () => admin(server.url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  if (contents === 'nothing') {
    const { pool, end } = barePool(url, 5);
    return {
      pool,
      prisma: undefined as never,
      engine: 'external',
      url,
      close: async () => {
        await end();
        await drop();
      },
    };
  }
  const db = await connectDatabase(url, POOL_CONFIG, testLog);
  return {
    ...db,
    engine: 'external',
    url,
    close: async () => {
      await db.close();
      await drop();
    },
  };
}
