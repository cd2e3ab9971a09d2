// Two real server processes sharing one Redis and one PostgreSQL database, as
// behind a load balancer: a change committed through either instance, or the
// CLI, or plain SQL, is never answered stale by the other; graphChanged
// reaches a subscriber on the other instance; the mutation rate limit is one
// budget across both; and Redis stopped, hung and started again costs no
// request, with caching and events resuming by themselves.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken } from '../../src/auth/tokens.ts';
import { INGEST, RETRACT } from '../helpers/curation.ts';
import { REDIS_SERVER_BINARY, type RedisServer, startRedisServer } from '../helpers/redis-server.ts';
import { logLines, postGraphQL as post, type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { openTestDatabase, SAMPLE_FILES, type TestDatabase } from '../helpers/server.ts';
import { type SseSubscription, subscribeSse } from '../helpers/sse.ts';
import { until } from '../helpers/wait.ts';

const root = path.resolve(import.meta.dirname, '../..');
const testServer = inject('testServer');
const skip = !REDIS_SERVER_BINARY ? 'redis-server is not installed' : testServer.kind === 'pglite' ? 'PGlite serves one process at a time' : '';
if (skip) console.info(`[tests] skipping the two-instance Redis tests: ${skip}`);

/** Ports for the two servers: TEST_SERVER_PORTS="4430-4449" picks from a range of one's own; else any free port. */
const serverPorts = (() => {
  const range = process.env.TEST_SERVER_PORTS;
  if (!range) return [undefined, undefined];
  const [first] = range.split('-').map(Number);
  const offset = Math.floor(Math.random() * 8) * 2;
  return [first! + offset, first! + offset + 1];
})();

const PREFIX = `tg-test-${randomUUID().slice(0, 8)}:`;
const SOURCES = '{ sources(first: 10) { totalCount nodes { slug title } } }';

let redis: RedisServer;
let db: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
let token: string;
let probe: Redis;

const ready = async (server: ServerProcess) => {
  const response = await fetch(`${server.url}/ready`);
  return { status: response.status, json: (await response.json()) as any };
};

function sample(index: number) {
  const file = SAMPLE_FILES[index]!;
  return { knowledge: JSON.parse(readFileSync(file, 'utf8')), text: readFileSync(file.replace(/\.knowledge\.json$/, '.txt'), 'utf8') };
}

function cliIngest(file: string): Promise<number | null> {
  const env = { ...process.env, DATABASE_URL: db.url, REDIS_URL: redis.url, TRADEGRAPH_REDIS_PREFIX: PREFIX, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', file], { cwd: root, env, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', resolve));
}

beforeAll(async () => {
  if (skip) return;
  redis = await startRedisServer();
  db = await openTestDatabase(testServer, 'seeded');
  token = (await createToken(db.prisma, 'redis-test-curator', ['CURATE', 'READ'])).token;
  const env = (port: number | undefined) => ({
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    TRADEGRAPH_REDIS_PREFIX: PREFIX,
    TRADEGRAPH_REDIS_TIMEOUT_MS: '200',
    TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: '500',
    TRADEGRAPH_SQL_STATS: '1',
    TRADEGRAPH_SEED_ON_EMPTY: 'false',
    HOST: '127.0.0.1',
    ...(port ? { PORT: String(port) } : {}),
  });
  [a, b] = await Promise.all([startServerProcess(env(serverPorts[0])), startServerProcess(env(serverPorts[1]))]);
  probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  probe.on('error', () => undefined);
  await probe.connect();
  // Both have reached Redis (they start serving without it).
  await until('both instances on redis', 10_000, async () => (await ready(a)).json.redis?.state === 'up' && (await ready(b)).json.redis?.state === 'up');
}, 180_000);

afterAll(async () => {
  probe?.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.close();
  await db?.close();
});

/**
 * The next change a committer announced, past any DETECTED ones: an instance's resync that runs
 * between a commit and its publish announces the new version as DETECTED too (delivery is at
 * most once per announcement, and a version may be announced twice).
 */
async function nextPublished(subscription: SseSubscription): Promise<{ version: string; sourceSlug: string | null; origin: string }> {
  for (;;) {
    const change = (await subscription.next(15_000)).data.graphChanged;
    if (change.origin !== 'DETECTED') return change;
  }
}

describe.skipIf(!!skip)('two instances sharing Redis', () => {
  it('share one cache: an answer computed by A is a hit on B', async () => {
    const query = '{ sources { totalCount } entities(first: 3) { nodes { name } } }';
    const first = await post(a, query);
    expect(first.cache).toBe('miss');
    const other = await post(b, query);
    expect(other.cache).toBe('hit');
    expect(other.json.extensions.sqlStatements).toBe(0);
    expect(other.json.data).toEqual(first.json.data);
    // Entries live under the prefix, keyed by version; nothing else was written.
    const keys = await probe.keys(`${PREFIX}*`);
    expect(keys.some((k) => k.includes(':answer:'))).toBe(true);
    expect(keys.some((k) => k.endsWith(':graph-version'))).toBe(true);
  });

  it('a mutation on A: B never answers from before it, and B\'s subscriber hears which source changed', async () => {
    const before = await post(b, SOURCES);
    expect((await post(b, SOURCES)).cache).toBe('hit');
    const count = before.json.data.sources.totalCount;

    const subscription = await subscribeSse(`${b.url}/graphql`, 'subscription { graphChanged { version sourceSlug origin } }');
    expect(subscription.status).toBe(200);
    try {
      // B's Redis subscription is in place before the change (delivery is to those subscribed at the time).
      await until('B subscribed in redis', 15_000, async () => ((await probe.pubsub('NUMSUB', `${PREFIX}graph-changed`)) as [string, number])[1] >= 1);
      const { knowledge, text } = sample(0);
      const ingest = await post(a, INGEST, { input: { knowledge, text } }, token);
      expect(ingest.json.errors).toBeUndefined();
      expect(ingest.json.data.ingestSource.userErrors).toEqual([]);
      // At once, not after a resync: the next request to B sees the new source.
      const after = await post(b, SOURCES);
      expect(after.cache).toBe('miss');
      expect(after.json.data.sources.totalCount).toBe(count + 1);

      const change = await nextPublished(subscription);
      expect(change).toMatchObject({ sourceSlug: knowledge.source.slug, origin: 'INGEST' });
      expect(BigInt(change.version)).toBeGreaterThan(0n);
    } finally {
      subscription.close();
    }
  });

  // A child process (tsx, the Prisma client, the ingest): 18 s of the default 30 on a loaded machine.
  it('an ingest by the CLI: both instances answer the new source as soon as it exits', { timeout: 90_000 }, async () => {
    const before = (await post(a, SOURCES)).json.data.sources.totalCount;
    expect((await post(b, SOURCES)).cache).toBe('hit');
    expect(await cliIngest(SAMPLE_FILES[1]!)).toBe(0);
    for (const server of [a, b]) {
      const after = await post(server, SOURCES);
      expect(after.json.data.sources.totalCount).toBe(before + 1);
    }
  });

  it('a write by SQL, which nobody publishes, is answered within the resync bound', async () => {
    expect((await post(a, SOURCES)).cache).toBe('hit');
    await db.pool.query(`UPDATE source SET title = 'Retitled by SQL' WHERE slug = (SELECT min(slug) FROM source)`);
    const seen = await until('the SQL change answered', 15_000, async () => {
      const r = await post(b, SOURCES);
      return r.json.data.sources.nodes.some((s: { title: string }) => s.title === 'Retitled by SQL') && r;
    });
    expect(seen.status).toBe(200);
    expect((await post(a, SOURCES)).json.data.sources.nodes.some((s: { title: string }) => s.title === 'Retitled by SQL')).toBe(true);
  });

  it('one mutation budget per token across both instances', async () => {
    const { token: limited } = await createToken(db.prisma, 'redis-test-limited', ['CURATE']);
    // A retraction of an ID that does not exist: a user error, but a mutation all the same.
    const retract = (server: ServerProcess) => post(server, RETRACT, { input: { id: 'UmVsYXRpb246MA==', reason: 'rate test' } }, limited);
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 22; i++) {
      const r = await retract(i % 2 ? b : a);
      codes.push(r.json.errors?.[0]?.extensions?.code);
    }
    // LIMITS.mutationBurst (20) pass, alternating between instances; then both refuse.
    expect(codes.slice(0, 20).filter(Boolean)).toEqual([]);
    expect(codes.slice(20)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('Redis stopped, hung and started again under a loop of requests: no request fails, caching and events resume', { timeout: 60_000 }, async () => {
    const queries = ['{ sources { totalCount } }', SOURCES, '{ entities(first: 5) { nodes { name } } }'];
    const failures: string[] = [];
    const loop = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const r = await post(i % 2 ? b : a, queries[i % queries.length]!);
        if (r.status !== 200 || r.json.errors || !r.json.data) failures.push(JSON.stringify(r));
      }
    };
    await loop(10);
    await redis.stop();
    await loop(20);
    // Degraded, not unready: a load balancer keeps both in rotation.
    for (const server of [a, b]) {
      const health = await ready(server);
      expect(health.status).toBe(200);
      expect(health.json.redis.state).toBe('down');
      expect(health.json.degraded?.[0]).toMatch(/redis unreachable/);
    }
    // A mutation while Redis is down: committed, answered, rate-limited per process.
    const { knowledge, text } = sample(0);
    const ingest = await post(a, INGEST, { input: { knowledge: { ...knowledge, source: { ...knowledge.source, title: 'Ingested while Redis was down' } }, text } }, token);
    expect(ingest.json.data.ingestSource.userErrors).toEqual([]);
    await loop(10);

    await redis.start();
    await until('both instances back on redis', 10_000, async () => (await ready(a)).json.redis.state === 'up' && (await ready(b)).json.redis.state === 'up');
    await loop(10);
    const downSeen = await Promise.all(
      [a, b].map(async (server) => (await post(server, SOURCES)).json.data.sources.nodes.some((s: { title: string }) => s.title === 'Ingested while Redis was down')),
    );

    // A hung Redis (it holds the connection, never answers): bounded by the command timeout.
    redis.pause();
    let hungTitle: string;
    try {
      await loop(6);
      const hung = await ready(a);
      expect(hung.status).toBe(200);
      expect(hung.json.degraded?.[0]).toMatch(/redis not answering within 200 ms/);
      // A commit whose publish times out: Redis keeps the older version, and entries under it.
      hungTitle = 'Ingested while Redis hung';
      const r = await post(a, INGEST, { input: { knowledge: { ...knowledge, source: { ...knowledge.source, title: hungTitle } }, text } }, token);
      expect(r.json.data.ingestSource.userErrors).toEqual([]);
    } finally {
      redis.resume();
    }
    // Both had calls fail while it hung, so each resyncs from PostgreSQL before using the cache again.
    for (const server of [a, b]) {
      const titles = (await post(server, SOURCES)).json.data.sources.nodes.map((s: { title: string }) => s.title);
      expect(titles).toContain(hungTitle);
    }
    await loop(6);
    expect(failures).toEqual([]);

    // Nothing was lost: the change made while Redis was down was answered by both once it was back.
    expect(downSeen).toEqual([true, true]);
    // Caching resumed on the new (empty) Redis.
    const query = '{ sources { totalCount } }';
    await until('a hit again', 15_000, async () => (await post(a, query)).cache === 'hit' && (await post(b, query)).cache === 'hit');
    // Events resumed: a subscriber on B hears a change made on A.
    const subscription = await subscribeSse(`${b.url}/graphql`, 'subscription { graphChanged { version sourceSlug origin } }');
    try {
      await until('B subscribed again', 15_000, async () => ((await probe.pubsub('NUMSUB', `${PREFIX}graph-changed`)) as [string, number])[1] >= 1);
      const r = await post(a, INGEST, { input: { knowledge, text } }, token);
      expect(r.json.data.ingestSource.userErrors).toEqual([]);
      // The hung commit reached Redis only through a resync, announced as DETECTED whenever its
      // interval comes round (possibly after B subscribed): nextPublished skips it.
      expect(await nextPublished(subscription)).toMatchObject({ sourceSlug: knowledge.source.slug, origin: 'INGEST' });
    } finally {
      subscription.close();
    }
    // Each transition logged once per instance, not once per request.
    for (const server of [a, b]) {
      const lines = logLines(server).filter((l) => l.component === 'redis');
      expect(lines.filter((l) => /redis unreachable/.test(l.msg)).length).toBeLessThanOrEqual(2);
      expect(lines.filter((l) => /redis reachable/.test(l.msg)).length).toBeGreaterThanOrEqual(2);
    }
  });
});
