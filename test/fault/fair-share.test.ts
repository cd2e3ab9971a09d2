// A fair share of the database per request. On a generated graph, one request
// asks for ten full neighbourhood walks under many entities each (issue 11's
// traversal, admitted here by a lifted cost limit, as an under-priced query
// would be) while ordinary clients keep querying. The costly request may hold
// only its share of the pool (its walks queue behind the heavy-work limit), so
// the ordinary queries keep answering: no errors, and their latency is printed.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/db/database.ts';
import { heavyConnections } from '../../src/db/fair-share.ts';
import { generateInto } from '../../tools/generate/generate.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, type TestDatabase, testLog } from '../helpers/server.ts';
import { LIMITS } from '../../src/limits.ts';

/** As small as still shows the effect: a full walk visits all 1,000 entities, so each aliased field walks 30 x 1,000. */
const GRAPH = { entities: 1_000, relations: 10_000, observations: 100, factsPerSource: 400 };
const POOL_SIZE = 6;
const COSTLY = `{ ${Array.from({ length: 10 }, (_, i) => `w${i}: entities(first: 30) { edges { node { neighbors(depth: 6, first: 1) { totalCount } } } }`).join(' ')} }`;
const ORDINARY = '{ entities(first: 5) { edges { node { name kind relations(first: 3) { edges { predicate node { name } } } } } } }';

describe.skipIf(inject('testServer').kind === 'pglite')('a fair share of the database', () => {
  let testDb: TestDatabase;
  let db: Awaited<ReturnType<typeof connectDatabase>>;
  let yoga: ReturnType<typeof createGraphQLServer>;

  beforeAll(async () => {
    testDb = await openTestDatabase(inject('testServer'), 'migrated');
    await generateInto(testDb.url, { ...GRAPH, seed: 11, log: testLog });
    db = await connectDatabase(
      testDb.url,
      {
        TRADEGRAPH_DB_POOL_MAX: POOL_SIZE,
        // Room for a loaded 2-core CI machine, where a free connection can take over a second to be
        // handed out; the walks' share (asserted below) is what keeps connections free at all.
        TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: 3_000,
        TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: 60_000,
        TRADEGRAPH_DB_IDLE_TIMEOUT_MS: 10_000,
      },
      testLog,
    );
    yoga = createGraphQLServer({ db, log: testLog, limits: { maxCost: 10_000_000 } });
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    await testDb?.close();
  });

  const ask = async (query: string) => {
    const started = performance.now();
    const response = await yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return { ms: performance.now() - started, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)) };
  };

  it('keeps ordinary queries answering while one request walks the graph', { timeout: 240_000 }, async () => {
    // How many walks run at once, sampled from PostgreSQL itself.
    const monitor = new pg.Client({ connectionString: testDb.url });
    await monitor.connect();
    let mostWalks = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await monitor.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%walk(start_id%'`,
        );
        mostWalks = Math.max(mostWalks, Number(rows[0]!.n));
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    const ordinary: Array<{ ms: number; codes: string[] }> = [];
    let costlyDone = false;
    const clients = Array.from({ length: 3 }, async () => {
      while (!costlyDone) {
        ordinary.push(await ask(ORDINARY));
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const costly = await ask(COSTLY);
    costlyDone = true;
    await Promise.all(clients);
    sampling = false;
    await sampler;
    await monitor.end();

    const errors = ordinary.filter((o) => o.codes.length > 0);
    const sorted = ordinary.map((o) => o.ms).sort((a, b) => a - b);
    const p = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    console.info(
      `[fair share] ${GRAPH.entities} entities, ${GRAPH.relations} relations; the costly request took ${Math.round(costly.ms)} ms ` +
        `(${costly.codes.join(', ') || 'no errors'}), at most ${mostWalks} walks at once on a pool of ${POOL_SIZE}; ` +
        `ordinary queries meanwhile: ${ordinary.length}, ${errors.length} errors (${[...new Set(errors.flatMap((e) => e.codes))].join(', ') || 'none'}), ` +
        `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`,
    );
    expect(costly.codes).toEqual([]);
    expect(ordinary.length).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    // The costly request never held more than its share: its walks queue behind the heavy-work limit.
    expect(mostWalks).toBeLessThanOrEqual(Math.min(LIMITS.requestStatements, heavyConnections(POOL_SIZE)));
  });
});
