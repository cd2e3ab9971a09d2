// The start-up migrator: applies committed migrations in order, once each, in
// a transaction, under Prisma's advisory lock, recorded as Prisma records them.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { applyMigrations, migrationsDir, pendingMigrations, readMigrations } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import { openTestDatabase, type TestDatabase, testLog } from '../helpers/server.ts';

const opened: TestDatabase[] = [];
async function emptyDatabase() {
  const db = await openTestDatabase(inject('testServer'), 'nothing');
  opened.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

describe('migrations', () => {
  it('apply to an empty database and are recorded as Prisma records them', async () => {
    const db = await emptyDatabase();
    expect(await pendingMigrations(db.pool)).toEqual(readMigrations().map((m) => m.name));
    const result = await applyMigrations(db.pool, testLog);
    expect(result.applied).toEqual(readMigrations().map((m) => m.name));
    const { rows } = await db.pool.query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations"`,
    );
    const init = readMigrations()[0]!;
    expect(rows[0]).toEqual({
      migration_name: init.name,
      checksum: createHash('sha256').update(readFileSync(path.join(migrationsDir, init.name, 'migration.sql'))).digest('hex'),
      finished: true,
      applied_steps_count: 1,
    });
    expect(await pendingMigrations(db.pool)).toEqual([]);
  });

  it('apply nothing the second time', async () => {
    const db = await emptyDatabase();
    await applyMigrations(db.pool, testLog);
    const again = await applyMigrations(db.pool, testLog);
    expect(again).toEqual({ applied: [], alreadyApplied: readMigrations().length });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(readMigrations().length);
  });

  it('run once when two servers start at the same moment', async () => {
    const db = await emptyDatabase();
    const [a, b] = await Promise.all([applyMigrations(db.pool, testLog), applyMigrations(db.pool, testLog)]);
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, readMigrations().length]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(readMigrations().length);
  });

  it('leave nothing behind when a migration fails, and say which one', async () => {
    const db = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-migrations-'));
    try {
      mkdirSync(path.join(dir, '20990101000000_broken'));
      writeFileSync(path.join(dir, '20990101000000_broken', 'migration.sql'), 'CREATE TABLE half_done (id int);\nSELECT 1/0;');
      const migrations = [...readMigrations(), ...readMigrations(dir)];
      await expect(applyMigrations(db.pool, testLog, migrations)).rejects.toThrow(/Migration 20990101000000_broken failed: division by zero/);
      const table = await db.pool.query(`SELECT to_regclass('half_done') AS t`);
      expect(table.rows[0].t).toBeNull();
      expect(await pendingMigrations(db.pool, migrations)).toEqual(['20990101000000_broken']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // PGlite (the fallback engine) does not enforce statement_timeout, so there
  // it has no timeout for migrations to escape.
  it.skipIf(inject('testServer').kind === 'pglite')('are not cut short by the timeouts sized for requests (an index over a large graph takes minutes)', async () => {
    const db = await emptyDatabase();
    const pool = createPool(db.url, { max: 1, acquireTimeoutMs: 5_000, statementTimeoutMs: 300, idleTimeoutMs: 5_000 }, testLog);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tradegraph-migrations-'));
    try {
      mkdirSync(path.join(dir, '20990101000000_slow'));
      writeFileSync(path.join(dir, '20990101000000_slow', 'migration.sql'), 'SELECT pg_sleep(2.5);\nCREATE TABLE slow_done (id int);');
      await expect(pool.query('SELECT pg_sleep(1)')).rejects.toThrow(/timeout/);
      const result = await applyMigrations(pool, testLog, [...readMigrations(), ...readMigrations(dir)]);
      expect(result.applied).toContain('20990101000000_slow');
      expect((await pool.query(`SELECT to_regclass('slow_done') IS NOT NULL AS ok`)).rows[0].ok).toBe(true);
    } finally {
      await pool.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('build a database that refuses evidence which does not quote its source', async () => {
    const db = await emptyDatabase();
    await applyMigrations(db.pool, testLog);
    await db.pool.query(
      `INSERT INTO source (slug, title, published_on, text, text_sha256) VALUES ('s', 'S', '2023-01-01', 'Beijing Customs said so.', repeat('a', 64))`,
    );
    await expect(
      db.pool.query(`INSERT INTO evidence (source_id, quote, start_offset, end_offset) SELECT id, 'Tianjin', 0, 7 FROM source`),
    ).rejects.toThrow(/does not quote its source/);
    await db.pool.query(`INSERT INTO evidence (source_id, quote, start_offset, end_offset) SELECT id, 'Beijing', 0, 7 FROM source`);
    await expect(db.pool.query(`UPDATE source SET text = 'Tianjin Customs said so.'`)).rejects.toThrow(/no longer contains the quote/);
  });
});
