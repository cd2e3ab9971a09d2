// Read replicas on real PostgreSQL processes: a primary and a streaming replica
// (test/helpers/replica-set.ts) on this machine's PostgreSQL programs, the API
// through Yoga. Where a read ran is told by the servers' own counters
// (pg_stat_user_tables), never by log text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docQueries } from '../../scripts/doc-examples.ts';
import { projectRoot } from '../../src/config.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { localResponseStore } from '../../src/cache/local.ts';
import { openSharedState } from '../../src/shared-state.ts';
import { connectDatabase, type Database, withReplicas } from '../../src/db/database.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { replicaBinaries, type ReplicaSet, startReplicaSet } from '../helpers/replica-set.ts';
import { ingestAll, POOL_CONFIG, SEED_FILE, testLog } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

const binaries = replicaBinaries();
if ('missing' in binaries) console.warn(`read replica tests skipped: ${binaries.missing}`);

/**
 * Every read path: the docs' example queries (compiled reads, nested connections,
 * search, paths, aggregates, rankings, claims, series) and the walks the explorer runs.
 */
const READ_MIX = [
  ...docQueries(),
  ...docQueries(readFileSync(path.join(projectRoot, 'docs/analytics.md'), 'utf8')),
  { name: 'neighbors', query: `{ entity(slug: "beijing-customs") { neighbors(depth: 2, first: 50) { totalCount edges { distance node { slug } } } } }` },
  { name: 'subgraph', query: `{ subgraph(around: "beijing-customs", depth: 2) { truncated nodes { distance entity { name } } edges { source target predicate relation { id } } } }` },
  { name: 'searchSources', query: `{ searchSources(query: "bonded") { totalCount edges { snippet node { slug } } } }` },
  { name: 'nested pages', query: `{ entities(first: 5) { edges { node { name relations(first: 3) { totalCount edges { node { name } } } observations(first: 2) { totalCount edges { node { value } } } } } } }` },
];

const ENTITIES = `query Entities($first: Int!) { entities(first: $first) { totalCount edges { node { id name } } } }`;
const NAME = `query Name($id: ID!) { node(id: $id) { ... on Entity { name } } }`;
const UPDATE = `mutation Update($input: UpdateEntityInput!) { updateEntity(input: $input) { entity { id name } userErrors { code message } } }`;

interface Answer {
  status: number;
  version: string | null;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

type Yoga = ReturnType<typeof createGraphQLServer>;

async function send(yoga: Yoga, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await yoga.fetch('http://tradegraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, version: response.headers.get('x-graph-version'), body: (await response.json()) as Answer['body'] };
}

/** The replica entry of /ready. */
async function readyReplica(yoga: Yoga): Promise<{ state: string; inRotation: boolean; lagMs: number | null; address: string }> {
  const body = (await (await yoga.fetch('http://tradegraph.test/ready')).json()) as { replicas: Array<{ state: string; inRotation: boolean; lagMs: number | null; address: string }> };
  return body.replicas[0]!;
}

const SHARED_CONFIG = {
  TRADEGRAPH_REDIS_PREFIX: 'unused:',
  TRADEGRAPH_REDIS_TIMEOUT_MS: 200,
  TRADEGRAPH_REDIS_CACHE_TTL_S: 60,
  TRADEGRAPH_GRAPH_VERSION_RESYNC_MS: 600_000,
  TRADEGRAPH_RESPONSE_CACHE_MAX_ENTRIES: 100,
  TRADEGRAPH_RESPONSE_CACHE_MAX_BYTES: 1_000_000,
};

describe.skipIf('missing' in binaries)('read replicas', () => {
  let set: ReplicaSet;
  const opened: Database[] = [];

  /** A server on the primary and the replica, with its own pools and health checks; closed by the test (or afterAll). */
  async function serverOn(maxLagMs: number, { cache = false, listen = false, compiledReads = true } = {}): Promise<{ db: Database; yoga: Yoga; close: () => Promise<void> }> {
    const primary = await connectDatabase(set.primaryUrl, POOL_CONFIG, testLog);
    const db = await withReplicas(
      { ...primary, engine: 'external' },
      { ...POOL_CONFIG, DATABASE_REPLICA_URLS: [set.replicaUrl], TRADEGRAPH_REPLICA_MAX_LAG_MS: maxLagMs, TRADEGRAPH_REPLICA_CHECK_INTERVAL_MS: 100 },
      testLog,
    );
    opened.push(db);
    // listen: as src/server.ts wires it, the memory cache's version heard on a LISTEN connection to the primary.
    const shared = cache && listen
      ? await openSharedState({ ...SHARED_CONFIG, TRADEGRAPH_RESPONSE_CACHE: true }, db.pool, testLog, { listenUrl: set.primaryUrl })
      : undefined;
    // Listening and synced before the test begins, or it would test the per-request read again.
    const listening = async () => ((await shared!.health()).details.cache as { versionListener: { state: string } }).versionListener.state === 'listening';
    for (let i = 0; shared && i < 100 && !(await listening()); i++) await new Promise((r) => setTimeout(r, 50));
    if (shared) expect(await listening()).toBe(true);
    const close = async () => {
      opened.splice(opened.indexOf(db), 1);
      await shared?.close();
      await db.close();
      // Each session adds its scans to the counters as it ends.
      await set.sessionsGone();
    };
    const responseCache = shared ? shared.responseCache : cache ? localResponseStore(db.pool, { maxEntries: 100, maxBytes: 1_000_000 }) : undefined;
    const graphEvents = shared && { events: shared.events, publisher: shared.publisher };
    return { db, yoga: createGraphQLServer({ db, log: testLog, responseCache, compiledReads, ...(graphEvents ? { graphEvents } : {}) }), close };
  }

  beforeAll(async () => {
    set = await startReplicaSet({ binDir: (binaries as { binDir: string }).binDir });
    const db = await connectDatabase(set.primaryUrl, POOL_CONFIG, testLog);
    try {
      await ingestAll(db.prisma, [SEED_FILE]);
      await db.pool.query('ANALYZE');
    } finally {
      await db.close();
    }
    await set.waitForReplay();
    // Their scans counted before the tests measure.
    await set.sessionsGone();
  });

  afterAll(async () => {
    for (const db of opened) await db.close();
    await set?.stop();
  });

  it.each([
    ['compiled reads', true],
    ['resolvers through Prisma', false],
  ])('serves every kind of read from the replica, none from the primary, and /ready shows it in rotation without credentials (%s)', async (_name, compiledReads) => {
    const before = { primary: await set.scans('primary'), replica: await set.scans('replica') };
    const { yoga, close } = await serverOn(60_000, { compiledReads });
    expect(await readyReplica(yoga)).toMatchObject({ state: 'healthy', inRotation: true, lagMs: 0, address: `127.0.0.1:${set.replicaPort}/tradegraph` });
    for (let i = 1; i <= 10; i++) {
      const answer = await send(yoga, ENTITIES, { first: i });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.entities.edges).toHaveLength(i);
      expect(answer.version).toMatch(/^\d+$/);
    }
    for (const { name, query } of READ_MIX) {
      const answer = await send(yoga, query, {});
      expect(answer.body.errors, name).toBeUndefined();
      expect(answer.version, name).toMatch(/^\d+$/);
    }
    expect(READ_MIX.length).toBeGreaterThanOrEqual(14);
    await close();
    expect(await set.scans('replica')).toBeGreaterThanOrEqual(before.replica + 10);
    expect(await set.scans('primary')).toBe(before.primary);
  });

  it('sends a mutation to the primary, answers with its version, and a client sending that version reads its write', async () => {
    const { db, yoga, close } = await serverOn(60_000);
    const { token } = await createToken(db.prisma, 'replica-test-curator', ['CURATE']);
    const first = await send(yoga, ENTITIES, { first: 1 });
    const entity = first.body.data.entities.edges[0].node as { id: string; name: string };
    await set.waitForReplay();
    // The replica stops replaying: the write stays on the primary only, and the replica stays in rotation (lag limit 60 s).
    await set.pauseReplay();
    try {
      const renamed = `${entity.name} (renamed on the primary)`;
      const update = await send(yoga, UPDATE, { input: { id: entity.id, name: renamed } }, { authorization: `Bearer ${token}` });
      expect(update.body.errors).toBeUndefined();
      expect(update.body.data.updateEntity.entity.name).toBe(renamed);
      expect(BigInt(update.version!)).toBeGreaterThan(BigInt(first.version!));
      const onPrimary = await set.sql<{ name: string }>('primary', `SELECT name FROM entity WHERE name = '${renamed.replaceAll("'", "''")}'`);
      const onReplica = await set.sql<{ name: string }>('replica', `SELECT name FROM entity WHERE name = '${renamed.replaceAll("'", "''")}'`);
      expect([onPrimary.length, onReplica.length]).toEqual([1, 0]);
      // Without the version: the replica's snapshot, still the old name.
      const stale = await send(yoga, NAME, { id: entity.id });
      expect(stale.body.data.node.name).toBe(entity.name);
      expect(BigInt(stale.version!)).toBeLessThan(BigInt(update.version!));
      // With it: the primary, which has the write.
      const fresh = await send(yoga, NAME, { id: entity.id }, { 'x-graph-version': update.version! });
      expect(fresh.body.data.node.name).toBe(renamed);
      expect(fresh.version).toBe(update.version);
    } finally {
      await set.resumeReplay();
    }
    await set.waitForReplay();
    await close();
  });

  it('takes a replica whose replay lags past the limit out of rotation, and back when it catches up', async () => {
    const { yoga, close } = await serverOn(300);
    await until('the replica in rotation', 15_000, async () => (await readyReplica(yoga)).inRotation);
    const before = await set.scans('primary');
    await set.pauseReplay();
    try {
      // A write the replica does not replay.
      await set.sql('primary', 'CREATE TABLE IF NOT EXISTS lag_probe (n int); INSERT INTO lag_probe VALUES (1)');
      await until('/ready to show the replica lagging', 15_000, async () => (await readyReplica(yoga)).state === 'lagging');
      const shown = await readyReplica(yoga);
      expect(shown.inRotation).toBe(false);
      expect(shown.lagMs).toBeGreaterThan(300);
      // Reads go to the primary meanwhile.
      const answer = await send(yoga, ENTITIES, { first: 3 });
      expect(answer.body.errors).toBeUndefined();
    } finally {
      await set.resumeReplay();
    }
    await until('the replica back in rotation', 15_000, async () => (await readyReplica(yoga)).inRotation);
    expect((await readyReplica(yoga)).lagMs).toBeLessThanOrEqual(300);
    await close();
    expect(await set.scans('primary')).toBeGreaterThan(before);
  });

  // Compiled reads run on ctx.pool; without them, Prisma (through the extension) and the loaders' SQL answer.
  it.each([
    ['compiled reads', true],
    ['resolvers through Prisma', false],
  ])('loses no request when the replica stops under a loop of reads, and takes it back when it returns (%s)', async (_name, compiledReads) => {
    const { yoga, close } = await serverOn(60_000, { compiledReads });
    await until('the replica in rotation', 15_000, async () => (await readyReplica(yoga)).inRotation);
    const failures: unknown[] = [];
    let answered = 0;
    let stopped = false;
    const loop = async (worker: number) => {
      for (let i = 0; i < 150 && !(stopped && i > 60); i++) {
        const answer = await send(yoga, ENTITIES, { first: 1 + ((i + worker) % 20) });
        if (answer.status !== 200 || answer.body.errors) failures.push(answer.body.errors ?? answer.status);
        else answered++;
      }
    };
    const workers = [0, 1, 2, 3].map(loop);
    await until('some reads answered', 15_000, async () => answered >= 20);
    // The replica answers them (the server's sessions there, beside its health check's).
    expect(await set.sessions('replica')).toBeGreaterThan(1);
    await set.stopReplica();
    stopped = true;
    await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(200);
    expect(await readyReplica(yoga)).toMatchObject({ state: 'unreachable', inRotation: false });
    await set.startReplica();
    await until('the replica back in rotation', 20_000, async () => (await readyReplica(yoga)).inRotation);
    await close();
  });

  it.each([
    ['the version read per request', false],
    ['the version heard by a listener on the primary', true],
  ])('never caches a lagging replica\'s answer under a newer graph version (%s)', async (_name, listen) => {
    const { db, yoga, close } = await serverOn(60_000, { cache: true, listen });
    const { token } = await createToken(db.prisma, `replica-cache-curator${listen ? '-listening' : ''}`, ['CURATE']);
    const first = await send(yoga, ENTITIES, { first: 1 });
    const entity = first.body.data.entities.edges[0].node as { id: string; name: string };
    expect((await send(yoga, NAME, { id: entity.id })).body.data.node.name).toBe(entity.name);
    await set.waitForReplay();
    await set.pauseReplay();
    try {
      const renamed = `${entity.name} (cached no more)`;
      const update = await send(yoga, UPDATE, { input: { id: entity.id, name: renamed } }, { authorization: `Bearer ${token}` });
      expect(update.body.errors).toBeUndefined();
      // No version sent: the cache's key is the new version, which the paused replica has not replayed, so the primary answers.
      const after = await send(yoga, NAME, { id: entity.id });
      expect(after.body.data.node.name).toBe(renamed);
      expect(after.version).toBe(update.version);
    } finally {
      await set.resumeReplay();
    }
    await set.waitForReplay();
    await close();
  });
});
