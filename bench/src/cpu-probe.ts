// npm run bench:cpu -- URL [Q1,Q3 | all] [rounds] [--compiled-only]
// Node's CPU time per request of benchmark queries through Yoga in-process
// (no HTTP), in alternating rounds with compiled reads on and off. CPU time,
// not wall time: on a shared machine the wall clock measures the neighbours.
import { connectDatabase } from '../../src/db/database.ts';
import { createLogger } from '../../src/logger.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { chooseParams } from './params.ts';
import { benchQueries } from './queries.ts';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [url, ids = 'Q3', rounds = '5'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!url) throw new Error('usage: npm run bench:cpu -- DATABASE_URL [Q1,Q3|all] [rounds] [--compiled-only]');
const compiledOnly = flags.includes('--compiled-only');
const log = createLogger('warn');
const settings = { TRADEGRAPH_DB_POOL_MAX: 4, TRADEGRAPH_DB_ACQUIRE_TIMEOUT_MS: 5_000, TRADEGRAPH_DB_STATEMENT_TIMEOUT_MS: 15_000, TRADEGRAPH_DB_IDLE_TIMEOUT_MS: 30_000 };
const db = await connectDatabase(url, settings, log);
const all = benchQueries(await chooseParams(db.pool)).filter((b) => b.core);
const queries = ids === 'all' ? all : ids.split(',').map((id) => all.find((b) => b.id === id) ?? Promise.reject(new Error(`no query ${id}`)));

/** Microseconds of CPU per request over `ms` of requests one after another. */
async function round(body: string, compiledReads: boolean, ms: number): Promise<number> {
  const yoga = createGraphQLServer({ db: { ...db, status: undefined }, log, compiledReads });
  const ask = async () => (await yoga.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
  for (let i = 0; i < 20; i++) await ask();
  let n = 0;
  const end = Date.now() + ms;
  const cpu = process.cpuUsage();
  while (Date.now() < end) {
    await ask();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / n;
}

// Every query once through both paths first, so the first query measured does not pay for the JIT's warm-up.
for (const q of queries) {
  const body = JSON.stringify((await q).tradegraph);
  await round(body, true, 1_000);
  if (!compiledOnly) await round(body, false, 1_000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const q of queries) {
  const query = await q;
  const body = JSON.stringify(query.tradegraph);
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < Number(rounds); r++) {
    on.push(await round(body, true, 3_000));
    if (!compiledOnly) off.push(await round(body, false, 3_000));
  }
  const compiled = `compiled ${median(on).toFixed(0)} us (rounds ${on.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`${query.id}: Node CPU per request, median of ${rounds} rounds: ${compiled}` + (compiledOnly ? '' : `, resolvers ${median(off).toFixed(0)} us (${(median(off) / median(on)).toFixed(2)}x)`));
}
await db.pool.end();
