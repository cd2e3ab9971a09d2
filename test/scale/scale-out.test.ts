// The topology of docs/scale-out.md on this machine's own programs: a primary
// and a streaming replica (test/helpers/replica-set.ts), one Redis
// (test/helpers/redis-server.ts) and two real server processes, as behind a
// load balancer. Reads are served by the replica (told by the servers' own
// table counters, never by log text); a change committed through one instance
// is answered by both within a bounded time and no stale cached answer
// survives it; stopping the replica, or Redis, under a loop of reads costs no
// failed request.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docQueries } from '../../scripts/doc-examples.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { connectDatabase } from '../../src/db/database.ts';
import { INGEST } from '../helpers/curation.ts';
import { REDIS_SERVER_BINARY, type RedisServer, startRedisServer } from '../helpers/redis-server.ts';
import { replicaBinaries, type ReplicaSet, startReplicaSet } from '../helpers/replica-set.ts';
import { postGraphQL as post, type ServerProcess, startServerProcess } from '../helpers/server-process.ts';
import { ingestAll, POOL_CONFIG, SAMPLE_FILES, SEED_FILE, testLog } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

const binaries = replicaBinaries();
const skip = 'missing' in binaries ? binaries.missing : !REDIS_SERVER_BINARY ? 'redis-server is not installed' : '';
if (skip) console.info(`[tests] skipping the scale-out topology test: ${skip}`);

const PREFIX = `tg-scale-${randomUUID().slice(0, 8)}:`;
const SOURCES = '{ sources(first: 10) { totalCount nodes { slug } } }';
/** Reads that differ by a variable, so the cache cannot answer them all. */
const ENTITIES = 'query Entities($first: Int!) { entities(first: $first) { totalCount edges { node { name } } } }';

let set: ReplicaSet;
let redis: RedisServer;
let token: string;
const servers: ServerProcess[] = [];

const ready = async (server: ServerProcess) => (await (await fetch(`${server.url}/ready`)).json()) as any;

async function startInstances(): Promise<[ServerProcess, ServerProcess]> {
  const env = {
    DATABASE_URL: set.primaryUrl,
    DATABASE_REPLICA_URLS: set.replicaUrl,
    TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS: '200',
    REDIS_URL: redis.url,
    TRADEGRAPH_REDIS_PREFIX: PREFIX,
    TRADEGRAPH_REDIS_TIMEOUT_MS: '200',
    TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: '500',
    TRADEGRAPH_SEED_ON_EMPTY: 'false',
    HOST: '127.0.0.1',
  };
  const started = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  servers.push(...started);
  for (const server of started) {
    await until('the replica in rotation and Redis up', 20_000, async () => {
      const body = await ready(server);
      return body.replicas?.[0]?.inRotation === true && body.redis?.state === 'up';
    });
  }
  return started;
}

async function stopInstances(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
}

/**
 * Reads on both instances from `workers` loops: 20 answered before `outage`,
 * through it, and 20 after it; every answer that is not a 200 without errors
 * is kept. `outage` is given `answered(n)`, which waits until n more reads
 * have been answered (so reads provably ran while something was down, however
 * slow a loaded machine makes them).
 */
async function readsThrough(instances: ServerProcess[], outage: (answered: (n: number) => Promise<void>) => Promise<void>, workers = 4) {
  let done = false;
  const failures: string[] = [];
  let requests = 0;
  const answered = async (n: number) => {
    const target = requests + n;
    await until(`${n} more reads answered (${requests} so far)`, 60_000, async () => requests >= target || failures.length > 0);
  };
  const queries = [...docQueries().map((q) => ({ query: q.query, variables: {} })), ...Array.from({ length: 30 }, (_, i) => ({ query: ENTITIES, variables: { first: i + 1 } }))];
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = w; !done; i++) {
      const server = instances[i % instances.length]!;
      const { query, variables } = queries[i % queries.length]!;
      try {
        const answer = await post(server, query, variables);
        if (answer.status !== 200 || answer.json.errors) failures.push(`${answer.status} ${JSON.stringify(answer.json.errors ?? answer.json).slice(0, 300)}`);
      } catch (err) {
        failures.push(String(err));
      }
      requests++;
    }
  });
  try {
    await answered(20);
    await outage(answered);
    await answered(20);
  } finally {
    done = true;
    await Promise.all(loops);
  }
  return { failures, requests };
}

beforeAll(async () => {
  if (skip) return;
  set = await startReplicaSet({ binDir: (binaries as { binDir: string }).binDir });
  const db = await connectDatabase(set.primaryUrl, POOL_CONFIG, testLog);
  try {
    await ingestAll(db.prisma, [SEED_FILE]);
    token = (await createToken(db.prisma, 'scale-out-curator', ['CURATE', 'READ'])).token;
    await db.pool.query('ANALYZE');
  } finally {
    await db.close();
  }
  await set.waitForReplay();
  await set.sessionsGone();
  redis = await startRedisServer();
}, 120_000);

afterAll(async () => {
  await stopInstances();
  await redis?.close();
  await set?.stop();
});

describe.skipIf(!!skip)('scale-out: a primary, a streaming replica, Redis and two instances', () => {
  it('serves the reads of both instances from the replica, none from the primary', async () => {
    const before = { primary: await set.scans('primary'), replica: await set.scans('replica') };
    const [a, b] = await startInstances();
    let answered = 0;
    for (const [i, server] of [a, b].entries()) {
      for (let first = 1; first <= 10; first++) {
        const answer = await post(server, ENTITIES, { first: first + i * 10 });
        expect(answer.json.errors).toBeUndefined();
        expect(answer.json.data.entities.edges).toHaveLength(Math.min(first + i * 10, answer.json.data.entities.totalCount));
        answered++;
      }
    }
    // Each session adds its scans to the counters when it ends.
    await stopInstances();
    await set.sessionsGone(20_000);
    expect(await set.scans('replica')).toBeGreaterThanOrEqual(before.replica + answered);
    expect(await set.scans('primary')).toBe(before.primary);
  }, 120_000);

  it('answers a change committed through one instance from both, with no stale cached answer left', async () => {
    const [a, b] = await startInstances();
    // Both have the sources list cached (the second asks after the first stored it).
    const old = await post(a, SOURCES);
    expect((await post(b, SOURCES)).json.data).toEqual(old.json.data);
    const file = SAMPLE_FILES[0]!;
    const knowledge = JSON.parse(readFileSync(file, 'utf8'));
    const text = readFileSync(file.replace(/\.knowledge\.json$/, '.txt'), 'utf8');
    const ingest = await post(a, INGEST, { input: { knowledge, text } }, token);
    expect(ingest.json.errors).toBeUndefined();
    const slug = knowledge.source.slug as string;
    const committed = Date.now();
    const sees = async (server: ServerProcess) => ((await post(server, SOURCES)).json.data.sources.nodes as Array<{ slug: string }>).some((s) => s.slug === slug);
    await until('both instances answer the new source', 20_000, async () => (await sees(a)) && (await sees(b)));
    console.info(`[scale-out] commit to both instances answering the new source: ${Date.now() - committed} ms`);
    // And it stays so on both: no older cached answer or lagging replica serves it again.
    for (let i = 0; i < 10; i++) {
      expect(await sees(a)).toBe(true);
      expect(await sees(b)).toBe(true);
    }
    expect((await post(b, SOURCES)).json.data.sources.totalCount).toBe(old.json.data.sources.totalCount + 1);
  }, 120_000);

  it('costs no failed request when the replica stops under load, and takes it back when it returns', async () => {
    const [a] = servers.length ? (servers as [ServerProcess, ServerProcess]) : await startInstances();
    const { failures } = await readsThrough(servers, async (answered) => {
      await set.stopReplica();
      await until('the replica out of rotation', 10_000, async () => (await ready(a)).replicas[0].inRotation === false);
      await answered(20);
      await set.startReplica();
      await until('the replica back in rotation', 20_000, async () => (await ready(a)).replicas[0].inRotation === true);
    });
    expect(failures).toEqual([]);
  }, 120_000);

  it('costs no failed request when Redis stops under load, and uses it again once it is back', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const { failures } = await readsThrough(servers, async (answered) => {
      await redis.stop();
      await until('Redis reported down', 10_000, async () => ((await ready(a)).degraded ?? []).length > 0);
      await answered(20);
      await redis.start();
      await until('Redis up on both', 20_000, async () => (await ready(a)).redis?.state === 'up' && (await ready(b)).redis?.state === 'up');
    });
    expect(failures).toEqual([]);
  }, 120_000);
});
