// npm run measure:explore: times the explore-and-analyse queries (traversal,
// search, filters, aggregates) through Yoga on the seed graph, and prints the
// SQL statements each runs. Uses DATABASE_URL if set (the graph must hold the
// seed, or be empty), else a throw-away embedded database.
import { rmSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { scratchDir } from '../src/db/embedded.ts';
import { seedIfEmpty } from '../src/ingest/seed.ts';
import { createLogger } from '../src/logger.ts';
import { createGraphQLServer } from '../src/yoga.ts';

const QUERIES: Record<string, string> = {
  'neighbors depth 3 (Beijing Customs, all 28, paths with evidence)': `{
    entity(slug: "beijing-customs") {
      neighbors(depth: 3, first: 100) { totalCount edges { distance node { slug name } path { direction from { slug } to { slug } relation { predicate evidence { quote } } } } }
    }
  }`,
  'paths Wang Hui -> Daxing bonded area (maxDepth 4)': `{
    paths(from: "wang-hui", to: "daxing-airport-comprehensive-bonded-area") {
      length nodes { slug name } steps { direction from { slug } to { slug } relation { predicate role evidence { quote } } }
    }
  }`,
  'subgraph around Beijing Customs (depth 2)': `{
    subgraph(around: "beijing-customs", depth: 2) { truncated nodes { id distance entity { name } } edges { id source target predicate } }
  }`,
  'search "Daxing airport"': `{ search(query: "Daxing airport") { totalCount edges { score matched node { slug name } } } }`,
  'bonded zones supervised by Beijing Customs (filter)': `{
    bondedZones(filter: { relations: { some: { predicate: { equals: SUPERVISES }, direction: INCOMING, other: { slug: { equals: "beijing-customs" } } } } }) { totalCount edges { node { name } } }
  }`,
  'observationStats per bonded zone': `{
    observationStats(filter: { metric: { slug: { equals: "import-export-value" } }, subject: { kind: { equals: BONDED_ZONE } } }, groupBy: [SUBJECT, UNIT]) { subject { name } unit count sum }
  }`,
};

const RUNS = Number(process.env.MEASURE_RUNS ?? 50);

async function main() {
  const config = loadConfig();
  const log = createLogger('warn');
  const dataDir = config.DATABASE_URL ? null : scratchDir('tradegraph-measure');
  const db = await openDatabase({ ...config, ...(dataDir ? { TRADEGRAPH_DATA_DIR: dataDir, TRADEGRAPH_EMBEDDED_PORT: 0 } : {}) }, log);
  try {
    await seedIfEmpty(db, config, log);
    await db.pool.query('ANALYZE');
    const yoga = createGraphQLServer({ db, log, sqlStats: true });
    console.log(`engine: ${db.engine}; ${RUNS} runs each after 5 warm-up runs; times are per request, through Yoga (parse, validate, execute, serialise)\n`);
    for (const [name, query] of Object.entries(QUERIES)) {
      const run = async () => {
        const started = performance.now();
        const response = await yoga.fetch('http://tradegraph.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { errors?: unknown[]; extensions?: { sqlStatements?: number } };
        if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
        return { ms: performance.now() - started, statements: body.extensions?.sqlStatements ?? NaN };
      };
      for (let i = 0; i < 5; i++) await run();
      const results = [];
      for (let i = 0; i < RUNS; i++) results.push(await run());
      const times = results.map((r) => r.ms).sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      console.log(`${name}\n  SQL statements: ${results[0]!.statements}   median ${at(0.5)} ms   p95 ${at(0.95)} ms`);
    }
  } finally {
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
