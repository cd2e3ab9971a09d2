// npm run bench: tradegraph, the hand-written SQL floor and PostGraphile v5
// side by side on the same generated graph, in the same run. Each server runs
// in a process of its own; autocannon (in this process) drives each query of
// the mix at a few concurrency levels and every response time is kept, so
// p50/p95/p99 are exact. Prints the table, the ratios and the issue's targets
// with pass/miss, and writes them to bench/results/.
//
// Options: --database-url URL (else the embedded database of .data-generated,
// generated first if missing), --duration S (per cell, default 5),
// --connections 1,5,20, --only Q1,Q3, --no-postgraphile.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEmbeddedDatabase, pickPort } from '../../src/db/embedded.ts';
import { DEFAULT_DATA_DIR } from '../../tools/generate/generate.ts';
import { createLogger } from '../../src/logger.ts';
import { cachedAndClustered } from './extra-tables.ts';
import { chooseParams } from './params.ts';
import { type BenchQuery, benchQueries, type GraphQLRequest } from './queries.ts';
import { type Cell, fmt, fmtRps, ratio, type ServerName, targetLines } from './targets.ts';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(benchDir, '..');
const GENERATE = ['--entities', '100000', '--relations', '1000000', '--observations', '1000000'];

const { values: opts } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '1,5,20' },
    only: { type: 'string' },
    'no-postgraphile': { type: 'boolean', default: false },
    'pool-max': { type: 'string', default: '10' },
    // The first of three ports for the servers (a shared machine's own range); free ones by default.
    'port-base': { type: 'string' },
  },
});
const duration = Number(opts.duration);
const warmup = Number(opts.warmup);
const levels = opts.connections!.split(',').map(Number);
const poolMax = opts['pool-max']!;
const log = createLogger('warn');


const children: ChildProcess[] = [];
let stopDatabase = async () => {};

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

async function database(): Promise<string> {
  if (opts['database-url']) return opts['database-url'];
  const dataDir = path.resolve(opts['data-dir']!);
  if (!existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) {
    console.log(`No generated graph in ${path.relative(root, dataDir)}: generating one first (npm run generate -- ${GENERATE.join(' ')}).`);
    await run(process.execPath, ['--import', 'tsx', 'tools/generate/cli.ts', ...GENERATE, '--data-dir', dataDir], root);
  }
  const embedded = await startEmbeddedDatabase({ dataDir, port: 0, engine: 'postgres', log });
  stopDatabase = embedded.stop;
  return embedded.url;
}

function start(name: string, args: string[], cwd: string, env: Record<string, string>, readyPath: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  child.on('exit', (code) => {
    if (code && !stopping) console.error(`${name} exited with ${code}`);
  });
  return waitFor(`http://127.0.0.1:${port}${readyPath}`, name);
}

async function waitFor(url: string, name: string) {
  for (let i = 0; i < 3600; i++) {
    try {
      const res = await fetch(url, readyBody(url));
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not become ready at ${url}`);
}

const readyBody = (url: string): RequestInit =>
  url.endsWith('/graphql') ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' } : {};

async function graphql(port: number, request: GraphQLRequest) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[]; extensions?: { sqlStatements?: number } };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 600)}`);
  return body;
}

function measure(url: string, body: string, connections: number, seconds: number): Promise<Cell> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let errors = 0;
    const instance = autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds, timeout: 30 },
      (err: Error | null) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
        resolve({ rps: latencies.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99), requests: latencies.length, errors });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status !== 200) errors++;
    });
  });
}

let stopping = false;
async function shutdown() {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await stopDatabase().catch(() => undefined);
}


async function main() {
  const url = await database();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const counts = (
      await pool.query(`SELECT (SELECT count(*) FROM entity)::int AS entities, (SELECT count(*) FROM relation)::int AS relations,
                               (SELECT count(*) FROM observation)::int AS observations, (SELECT count(*) FROM evidence)::int AS evidence,
                               (SELECT count(*) FROM source)::int AS sources, current_setting('jit') AS jit, version() AS version`)
    ).rows[0];
    if (!counts.entities) throw new Error('the database holds no graph: run `npm run generate` first (see docs/performance.md)');
    console.log(
      `Graph: ${counts.entities.toLocaleString('en-US')} entities, ${counts.relations.toLocaleString('en-US')} relations, ` +
        `${counts.observations.toLocaleString('en-US')} observations, ${counts.evidence.toLocaleString('en-US')} evidence, ${counts.sources.toLocaleString('en-US')} sources`,
    );
    console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${counts.version.split(',')[0]} (jit ${counts.jit})`);
    // Statistics for the planner (stack notes: without them JIT and bad plans cost ~30 ms per nested query),
    // and the visibility map for index-only scans (a graph loaded and not yet vacuumed has none).
    await pool.query('VACUUM (ANALYZE)');
    const params = await chooseParams(pool);
    console.log(`Parameters: ${JSON.stringify(params)}`);

    const base = opts['port-base'] ? Number(opts['port-base']) : null;
    const [tgPort, floorPort, pgPort] = base ? [base, base + 1, base + 2] : [await pickPort(0), await pickPort(0), await pickPort(0)];
    const common = { DATABASE_URL: url, POOL_MAX: poolMax };
    // The main table is uncached: the same request repeated would otherwise be a cache hit.
    const tradegraphEnv = {
      ...common, HOST: '127.0.0.1', TRADEGRAPH_SQL_STATS: '1', LOG_LEVEL: 'warn', TRADEGRAPH_SEED_ON_EMPTY: 'false',
      TRADEGRAPH_DB_POOL_MAX: poolMax, TRADEGRAPH_EMBEDDED_PORT: '0', TRADEGRAPH_RESPONSE_CACHE: 'false', WEB_CONCURRENCY: '1',
    };
    await start('tradegraph', ['src/server.ts'], root, tradegraphEnv, '/ready', tgPort);
    // The first candidate the server finds exactly four hops away (no path of three).
    let confirmed = false;
    for (const to of params.pathCandidates) {
      const hops = async (maxDepth: number) =>
        ((await graphql(tgPort, { query: `query($f: String!, $t: String!, $d: Int!) { paths(from: $f, to: $t, maxDepth: $d, first: 1) { length } }`, variables: { f: params.pathFrom, t: to, d: maxDepth } })) as { data: { paths: Array<{ length: number }> } }).data.paths;
      if ((await hops(3)).length === 0 && (await hops(4)).length > 0) {
        params.pathTo = to;
        confirmed = true;
        break;
      }
    }
    console.log(`Paths: ${params.pathFrom} -> ${params.pathTo} (${confirmed ? 'four hops apart, confirmed' : 'NOT confirmed four hops apart'})`);
    const ready = [start('floor', ['src/floor-server.ts'], benchDir, { ...common, BENCH_PARAMS: JSON.stringify(params) }, '/none', floorPort)];
    if (!opts['no-postgraphile']) ready.push(start('postgraphile', ['src/postgraphile-server.ts'], benchDir, common, '/graphql', pgPort));
    await Promise.all(ready);

    if (!opts['no-postgraphile']) {
      const deep = (await graphql(pgPort, {
        query: `query($offset: Int!) { allEntities(first: 1, offset: $offset, orderBy: [NAME_ASC, ROW_ID_ASC]) { edges { cursor node { rowId } } } }`,
        variables: { offset: params.deepRow - 1 },
      })) as { data: { allEntities: { edges: Array<{ cursor: string; node: { rowId: number } }> } } };
      const edge = deep.data.allEntities.edges[0]!;
      if (edge.node.rowId !== params.deepId) throw new Error(`PostGraphile's row ${params.deepRow} is ${edge.node.rowId}, not ${params.deepId}`);
      params.postgraphileDeepCursor = edge.cursor;
    }
    const only = opts.only?.split(',');
    const queries = benchQueries(params).filter((q) => !only || only.includes(q.id));

    // Every query is tried once on every server before anything is timed; one that fails
    // (an error, a timeout) is reported as such and not timed.
    const statements = new Map<string, number>();
    const failed = new Map<string, string>();
    const attempt = async (key: string, fn: () => Promise<void>) => {
      const started = Date.now();
      try {
        await fn();
      } catch (err) {
        failed.set(key, `${(err as Error).message.slice(0, 160)} (after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        console.log(`${key}: FAILED ${failed.get(key)}`);
      }
    };
    for (const q of queries) {
      await attempt(`${q.id}/tradegraph`, async () => {
        const tg = await graphql(tgPort, q.tradegraph);
        statements.set(q.id, tg.extensions?.sqlStatements ?? NaN);
      });
      if (q.postgraphile && !opts['no-postgraphile']) await attempt(`${q.id}/postgraphile`, async () => void (await graphql(pgPort, q.postgraphile!)));
      await attempt(`${q.id}/floor`, async () => {
        const floor = await fetch(`http://127.0.0.1:${floorPort}/${q.id}`, { method: 'POST' });
        if (floor.status !== 200) throw new Error(await floor.text());
      });
    }

    const results = new Map<string, Partial<Record<ServerName, Cell>>>();
    const targets: Array<Partial<Record<ServerName, { url: string; body: string }>>> = queries.map((q) => ({
      tradegraph: { url: `http://127.0.0.1:${tgPort}/graphql`, body: JSON.stringify(q.tradegraph) },
      floor: { url: `http://127.0.0.1:${floorPort}/${q.id}`, body: '{}' },
      ...(q.postgraphile && !opts['no-postgraphile'] ? { postgraphile: { url: `http://127.0.0.1:${pgPort}/graphql`, body: JSON.stringify(q.postgraphile) } } : {}),
    }));
    for (const [i, q] of queries.entries()) {
      // A query that takes seconds even alone is measured at the lower levels only, for longer,
      // so each cell holds enough responses for its percentiles.
      for (const c of q.slow ? levels.filter((l) => l <= 5) : levels) {
        const row: Partial<Record<ServerName, Cell>> = {};
        for (const server of ['tradegraph', 'floor', 'postgraphile'] as const) {
          const target = targets[i]![server];
          if (!target || failed.has(`${q.id}/${server}`)) continue;
          if (warmup > 0) await measure(target.url, target.body, c, warmup);
          row[server] = await measure(target.url, target.body, c, q.slow ? Math.max(duration, 15) : duration);
        }
        results.set(`${q.id}@${c}`, row);
        console.log(
          `${q.id} c=${c}: tradegraph ${row.tradegraph ? `${fmt(row.tradegraph.rps, 0)} rps p95 ${fmt(row.tradegraph.p95)} ms` : 'failed'} | floor ${fmt(row.floor?.rps ?? NaN, 0)} rps | ` +
            `PostGraphile ${row.postgraphile ? `${fmt(row.postgraphile.rps, 0)} rps` : '-'}`,
        );
      }
    }
    const extra = await cachedAndClustered(
      {
        start, measure, pickPort: () => pickPort(0), root, benchDir, common, tradegraphEnv, levels, duration, warmup,
        postgraphile: !opts['no-postgraphile'], postgraphileOne: (key) => results.get(key)?.postgraphile,
      },
      queries,
    );
    report(queries, results, statements, failed, counts, extra);
  } finally {
    await pool.end();
  }
}

function report(
  queries: BenchQuery[],
  results: Map<string, Partial<Record<ServerName, Cell>>>,
  statements: Map<string, number>,
  failed: Map<string, string>,
  counts: Record<string, unknown>,
  extra: string[],
) {
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  const cpu = os.cpus();
  out(`Machine: ${cpu.length} cores (${cpu[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${String(counts.version).split(',')[0]}; load generator, servers and database share the cores.`);
  out(`Graph: npm run generate -- ${GENERATE.join(' ')} (${Number(counts.entities).toLocaleString('en-US')} entities, ${Number(counts.relations).toLocaleString('en-US')} relations, ${Number(counts.observations).toLocaleString('en-US')} observations).`);
  out(`Each cell: ${duration} s after ${warmup} s of warm-up; pool of ${poolMax} connections per server; latencies in ms.`);
  out();
  out('| Query | Conns | tradegraph req/s | p50 / p95 / p99 | floor req/s | p50 / p95 / p99 | PostGraphile req/s | p50 / p95 / p99 | tg/floor | tg/PostGraphile | SQL statements (tg) |');
  out('| --- | ---: | ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: |');
  const lat = (c?: Cell) => (c ? `${fmt(c.p50)} / ${fmt(c.p95)} / ${fmt(c.p99)}` : '-');
  for (const q of queries) {
    for (const c of levels) {
      const r = results.get(`${q.id}@${c}`);
      if (!r) continue;
      out(
        `| ${q.id} ${q.title} | ${c} | ${fmtRps(r.tradegraph?.rps ?? NaN)} | ${lat(r.tradegraph)} | ${fmtRps(r.floor?.rps ?? NaN)} | ${lat(r.floor)} | ` +
          `${r.postgraphile ? fmtRps(r.postgraphile.rps) : 'n/a'} | ${lat(r.postgraphile)} | ${ratio(r.tradegraph?.rps, r.floor?.rps)} | ` +
          `${ratio(r.tradegraph?.rps, r.postgraphile?.rps)} | ${statements.get(q.id) ?? '-'} |`,
      );
    }
  }
  for (const [key, why] of failed) out(`\n${key} failed, not timed: ${why}`);
  const errors = [...results.values()].flatMap((r) => Object.values(r)).reduce((n, c) => n + (c?.errors ?? 0), 0);
  if (errors) out(`\n${errors} responses were not HTTP 200.`);

  out();
  lines.push(...targetLines(queries, results, statements, levels, failed));
  lines.push(...extra);
  const text = lines.join('\n');
  console.log(`\n${text}`);
  // A run of some queries only (--only) leaves the full run's figures alone.
  const name = opts.only ? 'partial' : 'latest';
  mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  writeFileSync(path.join(benchDir, 'results', `${name}.md`), `${text}\n`);
  writeFileSync(path.join(benchDir, 'results', `${name}.json`), JSON.stringify({ at: new Date().toISOString(), statements: Object.fromEntries(statements), results: Object.fromEntries(results) }, null, 2));
  console.log(`\nWritten to bench/results/${name}.md and ${name}.json.`);
}

process.on('SIGINT', () => void shutdown().then(() => process.exit(130)));
main().then(
  () => shutdown().then(() => process.exit(0)),
  (err: unknown) => {
    console.error(`bench failed: ${(err as Error).stack ?? err}`);
    void shutdown().then(() => process.exit(1));
  },
);
