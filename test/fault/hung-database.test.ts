// A database that stops answering without closing its connections (a hung
// server, a network partition): the real PostgreSQL of the test behind a TCP
// proxy that can freeze. Statements already sent never come back, new
// connections never finish their handshake. Every request must then end, well
// within the timeouts, as DATABASE_UNAVAILABLE (or QUERY_TIMEOUT for heavy work
// that waited its turn behind them): never INTERNAL_SERVER_ERROR, never a hang. When the proxy thaws, the server answers again.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/database.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, type TestDatabase, testLog } from '../helpers/server.ts';

const STATEMENT_TIMEOUT_MS = 1_000;
const ACQUIRE_TIMEOUT_MS = 3_000;

/** A TCP proxy to `target`; while frozen it passes nothing in either direction and accepts no new handshake. */
async function freezableProxy(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        // Frozen: the bytes are dropped, as a hung peer never sends them.
        if (!frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      // Connections that lost bytes are out of step for good: cut them, as a partition's end would.
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const QUERIES = {
  prisma: '{ entity(slug: "tianzhu-comprehensive-bonded-zone") { name observations { edges { node { value } } } } }',
  sql: '{ search(query: "Daxing airport", first: 3) { edges { node { slug } } } }',
};

describe.skipIf(inject('testServer').kind === 'pglite')('a hung database', () => {
  let testDb: TestDatabase;
  let proxy: Awaited<ReturnType<typeof freezableProxy>>;
  let db: Awaited<ReturnType<typeof connectDatabase>>;
  let yoga: ReturnType<typeof createGraphQLServer>;

  beforeAll(async () => {
    testDb = await openTestDatabase(inject('testServer'), 'seeded');
    const url = new URL(testDb.url);
    proxy = await freezableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    db = await connectDatabase(
      url.toString(),
      {
        TRADEGRAPH_DB_POOL_MAX: 4,
        TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: ACQUIRE_TIMEOUT_MS,
        TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: STATEMENT_TIMEOUT_MS,
        TRADEGRAPH_DB_IDLE_TIMEOUT_MS: 10_000,
      },
      testLog,
    );
    yoga = createGraphQLServer({ db: db as Pick<Database, 'prisma' | 'pool'>, log: testLog });
  });
  afterAll(async () => {
    proxy?.thaw();
    await db?.close();
    await proxy?.close();
    await testDb?.close();
  });

  const ask = async (query: string) => {
    const started = Date.now();
    const response = await yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    return { ms: Date.now() - started, codes: (body.errors ?? []).map((e) => e.extensions?.code), body };
  };

  it('answers DATABASE_UNAVAILABLE within the timeouts, then recovers', { timeout: 60_000 }, async () => {
    // Every pool connection open and idle, so the statements below go out on them.
    const warm = await Promise.all([...Object.values(QUERIES), ...Object.values(QUERIES)].map(ask));
    expect(warm.flatMap((a) => a.codes)).toEqual([]);

    proxy.freeze();
    // Statements sent on pooled connections (pg's read timeout), then new connections (the acquire timeout).
    const answers = await Promise.all([...Object.values(QUERIES), ...Object.values(QUERIES), ...Object.values(QUERIES)].map(ask));
    const again = await Promise.all(Object.values(QUERIES).map(ask));
    const all = [...answers, ...again];
    // Heavy work queued behind statements that never return gives up at its turn's wait: QUERY_TIMEOUT.
    const wrong = all.filter((a) => a.codes.length === 0 || a.codes.some((c) => c !== 'DATABASE_UNAVAILABLE' && c !== 'QUERY_TIMEOUT'));
    expect(all.filter((a) => a.codes.includes('DATABASE_UNAVAILABLE')).length).toBeGreaterThan(0);
    expect(wrong.map((a) => a.body), `${wrong.length} of ${all.length} answers`).toEqual([]);
    // pg's client-side backstop fires 2 s after the statement timeout; the margin is for a busy machine.
    expect(Math.max(...all.map((a) => a.ms))).toBeLessThan(STATEMENT_TIMEOUT_MS + 2_000 + ACQUIRE_TIMEOUT_MS + 3_000);

    proxy.thaw();
    const deadline = Date.now() + 15_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = (await Promise.all(Object.values(QUERIES).map(ask))).every((a) => a.codes.length === 0);
    }
    expect(recovered).toBe(true);
  });
});
