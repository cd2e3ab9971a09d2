// The bench's second and third tables (issue 14): tradegraph with its
// response cache on (the same operation repeated, so every request after the
// first is a hit) against PostGraphile's uncached figures, and both servers
// at WEB_CONCURRENCY=2 (cache off), each worker with the same pool size.
import type { BenchQuery } from './queries.ts';
import { type Cell, fmt, fmtRps, ratio } from './targets.ts';

export interface ExtraDeps {
  /** Starts a server process and resolves once it answers at readyPath. */
  start(name: string, args: string[], cwd: string, env: Record<string, string>, readyPath: string, port: number): Promise<void>;
  measure(url: string, body: string, connections: number, seconds: number): Promise<Cell>;
  pickPort(): Promise<number>;
  root: string;
  benchDir: string;
  /** The environment every server gets (database, pool). */
  common: Record<string, string>;
  /** tradegraph's own environment in the main table (its cache off there). */
  tradegraphEnv: Record<string, string>;
  levels: number[];
  duration: number;
  warmup: number;
  postgraphile: boolean;
  /** PostGraphile's one-process figures from the main table, by `${query}@${connections}`. */
  postgraphileOne: (key: string) => Cell | undefined;
}

const lat = (c?: Cell) => (c ? `${fmt(c.p50)} / ${fmt(c.p95)} / ${fmt(c.p99)}` : '-');

export async function cachedAndClustered(deps: ExtraDeps, queries: BenchQuery[]): Promise<string[]> {
  const core = queries.filter((q) => q.core);
  const timed = async (port: number, q: BenchQuery, c: number, postgraphile = false) => {
    const url = `http://127.0.0.1:${port}/graphql`;
    const body = JSON.stringify(postgraphile ? q.postgraphile : q.tradegraph);
    if (deps.warmup > 0) await deps.measure(url, body, c, deps.warmup);
    return deps.measure(url, body, c, deps.duration);
  };
  const out: string[] = [];

  const cachedPort = await deps.pickPort();
  await deps.start('tradegraph (cached)', ['src/server.ts'], deps.root, { ...deps.tradegraphEnv, TRADEGRAPH_RESPONSE_CACHE: 'true' }, '/ready', cachedPort);
  out.push('', 'Cached: the same operation repeated, tradegraph answering from its response cache (one process); PostGraphile uncached, from the table above.', '');
  out.push('| Query | Conns | tradegraph cached req/s | p50 / p95 / p99 | PostGraphile req/s | tg cached/PostGraphile | >= 5x |', '| --- | ---: | ---: | --- | ---: | ---: | --- |');
  for (const q of core) {
    for (const c of deps.levels) {
      const cell = await timed(cachedPort, q, c);
      const pg = deps.postgraphileOne(`${q.id}@${c}`);
      // No PostGraphile figure (it failed or answered nothing): no verdict, rather than a pass.
      const verdict = pg?.rps ? (cell.rps >= 5 * pg.rps ? 'pass' : 'MISS') : '-';
      out.push(`| ${q.id} ${q.title} | ${c} | ${fmtRps(cell.rps)} | ${lat(cell)} | ${pg ? fmtRps(pg.rps) : 'n/a'} | ${ratio(cell.rps, pg?.rps)} | ${verdict} |`);
      console.log(`${q.id} c=${c} cached: ${fmt(cell.rps, 0)} rps`);
    }
  }

  const tgPort = await deps.pickPort();
  const pgPort = await deps.pickPort();
  const ready = [deps.start('tradegraph x2', ['src/server.ts'], deps.root, { ...deps.tradegraphEnv, WEB_CONCURRENCY: '2' }, '/ready', tgPort)];
  if (deps.postgraphile) ready.push(deps.start('postgraphile x2', ['src/postgraphile-server.ts'], deps.benchDir, { ...deps.common, WEB_CONCURRENCY: '2' }, '/graphql', pgPort));
  await Promise.all(ready);
  out.push('', 'WEB_CONCURRENCY=2: two processes per server on one port, response cache off; each process has its own pool of the same size.', '');
  out.push('| Query | Conns | tradegraph req/s | p50 / p95 / p99 | PostGraphile req/s | p50 / p95 / p99 | tg/PostGraphile |', '| --- | ---: | ---: | --- | ---: | --- | ---: |');
  for (const q of core) {
    for (const c of deps.levels) {
      const tg = await timed(tgPort, q, c);
      const pg = deps.postgraphile && q.postgraphile ? await timed(pgPort, q, c, true) : undefined;
      out.push(`| ${q.id} ${q.title} | ${c} | ${fmtRps(tg.rps)} | ${lat(tg)} | ${pg ? fmtRps(pg.rps) : 'n/a'} | ${lat(pg)} | ${ratio(tg.rps, pg?.rps)} |`);
      console.log(`${q.id} c=${c} WEB_CONCURRENCY=2: tradegraph ${fmt(tg.rps, 0)} rps | PostGraphile ${pg ? fmt(pg.rps, 0) : '-'} rps`);
    }
  }
  return out;
}
