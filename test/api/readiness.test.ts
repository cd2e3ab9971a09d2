// GET /ready: the status code orchestrators act on, and the reason operators read.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmbeddedStatus } from '../../src/db/supervisor.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../helpers/server.ts';

let db: TestDatabase;
let draining = false;
let yoga: ReturnType<typeof createGraphQLServer>;
/** What the embedded database's supervisor reports (the real one: test/fault/embedded-supervision.test.ts). */
let embedded: EmbeddedStatus | undefined;

beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'migrated');
  yoga = createGraphQLServer({ db: { ...db, status: () => embedded }, log: testLog, isDraining: () => draining });
});
afterAll(() => db?.close());

const ready = async () => {
  const response = await yoga.fetch('http://tradegraph.test/ready');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const lastExit = { at: '2025-01-01T00:00:00.000Z', code: null, signal: 'SIGKILL' };

describe('GET /ready', () => {
  it('is 200 when the database answers and every migration is applied', async () => {
    // The pool's figures, for operators; nothing is degraded without shared state.
    expect(await ready()).toEqual({ status: 200, body: { ready: true, pool: { total: expect.any(Number), idle: expect.any(Number), waiting: 0 } } });
  });

  it('is 503 and names the migrations still to apply', async () => {
    const { rows } = await db.pool.query<{ migration_name: string }>(
      'DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations) RETURNING migration_name',
    );
    try {
      expect(await ready()).toEqual({
        status: 503,
        body: { ready: false, reason: 'migrations pending', pendingMigrations: [rows[0]!.migration_name] },
      });
    } finally {
      await db.pool.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES (gen_random_uuid()::text, 'restored by the test', $1, now(), now(), 1)`,
        [rows[0]!.migration_name],
      );
    }
    expect((await ready()).status).toBe(200);
  });

  it('is 503 from the moment shutdown begins', async () => {
    draining = true;
    try {
      expect(await ready()).toEqual({ status: 503, body: { ready: false, reason: 'shutting down' } });
    } finally {
      draining = false;
    }
  });

  describe('with an embedded database', () => {
    afterAll(() => (embedded = undefined));

    it('is 200 with its engine, state and restart count while it runs', async () => {
      embedded = { engine: 'postgres', state: 'running', supervised: true, restarts: 2, lastExit };
      expect(await ready()).toEqual({ status: 200, body: { ready: true, database: embedded, pool: expect.any(Object) } });
    });

    it('is 503 while it is being restarted, without waiting on the pool', async () => {
      embedded = { engine: 'postgres', state: 'restarting', supervised: true, restarts: 2, attempt: 3, lastExit };
      expect(await ready()).toEqual({ status: 503, body: { ready: false, reason: 'database restarting', database: embedded } });
    });

    it('is 503 and says the server is stopping once restarting has failed', async () => {
      embedded = { engine: 'postgres', state: 'failed', supervised: true, restarts: 2, attempt: 8, lastExit };
      expect(await ready()).toEqual({
        status: 503,
        body: {
          ready: false,
          reason: 'database failed',
          detail: 'the embedded database could not be restarted; the server is stopping',
          database: embedded,
        },
      });
    });

    it('keeps saying shutting down, with the database state, once shutdown begins', async () => {
      embedded = { engine: 'postgres', state: 'running', supervised: true, restarts: 0 };
      draining = true;
      try {
        expect(await ready()).toEqual({ status: 503, body: { ready: false, reason: 'shutting down', database: embedded } });
      } finally {
        draining = false;
      }
    });
  });
});
