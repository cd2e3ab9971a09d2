// The targets issue 14 sets for the uncached reads, checked against one run's
// figures: each compiled core query (Q1-Q4) at the fewest and at the most
// connections measured, >= PostGraphile's throughput and within 2x of the
// hand-written floor; p95 < 50 ms at the most connections; one SQL statement
// per root field; traversals (Q6) p95 < 100 ms alone. Kept apart from the run
// so a report can be checked again from its JSON (latest.json).
import type { BenchQuery } from './queries.ts';

export type ServerName = 'tradegraph' | 'floor' | 'postgraphile';
export interface Cell {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
}
export type Results = Map<string, Partial<Record<ServerName, Cell>>>;

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
/** Requests per second: whole numbers, but a tenth where there are few. */
export const fmtRps = (n: number) => fmt(n, n < 10 ? 1 : 0);
export const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(2) : '-');
const verdict = (ok: boolean) => (ok ? 'pass' : 'MISS');
const conns = (n: number) => `${n} connection${n === 1 ? '' : 's'}`;

export function targetLines(
  queries: Pick<BenchQuery, 'id' | 'core' | 'depth' | 'traversal'>[],
  results: Results,
  statements: Map<string, number>,
  levels: number[],
  failed: Map<string, string> = new Map(),
): string[] {
  const lines: string[] = ['Targets (tradegraph):'];
  const out = (s: string) => lines.push(`- ${s}`);
  const fewest = Math.min(...levels);
  const most = Math.max(...levels);
  for (const q of queries) {
    const n = statements.get(q.id);
    if (n === undefined) out(`${q.id} SQL statements: the query failed: MISS`);
    // The core reads are compiled: one statement per root field; the others at most one per level.
    else if (q.core) out(`${q.id} SQL statements ${n} = one per root field: ${verdict(n === 1)}`);
    else out(`${q.id} SQL statements ${n} <= nesting depth ${q.depth}: ${verdict(n <= q.depth)}`);
  }
  const p1 = results.get(`Q2a@${fewest}`)?.tradegraph;
  const deep = results.get(`Q2b@${fewest}`)?.tradegraph;
  if (p1 && deep) {
    out(`deep page within 1.5x of page 1 (p50 at ${conns(fewest)}): ${fmt(deep.p50, 2)} vs ${fmt(p1.p50, 2)} ms = ${ratio(deep.p50, p1.p50)}x: ${verdict(deep.p50 <= 1.5 * p1.p50)}`);
  }
  for (const q of queries.filter((q) => q.core)) {
    for (const level of [...new Set([fewest, most])]) {
      const r = results.get(`${q.id}@${level}`);
      const tg = r?.tradegraph;
      if (!tg) {
        out(`${q.id} at ${conns(level)}: the query failed: MISS`);
        continue;
      }
      if (level === most) out(`${q.id} p95 < 50 ms at ${conns(level)}: ${fmt(tg.p95)} ms: ${verdict(tg.p95 < 50)}`);
      if (r.postgraphile) out(`${q.id} throughput >= PostGraphile's at ${conns(level)}: ${ratio(tg.rps, r.postgraphile.rps)}: ${verdict(tg.rps >= r.postgraphile.rps)}`);
      if (r.floor) out(`${q.id} throughput within 2x of the floor at ${conns(level)}: floor/tg ${ratio(r.floor.rps, tg.rps)}: ${verdict(tg.rps * 2 >= r.floor.rps)}`);
    }
  }
  for (const q of queries.filter((q) => q.traversal)) {
    const tg = results.get(`${q.id}@${fewest}`)?.tradegraph;
    if (tg) out(`${q.id} p95 < 100 ms alone (${conns(fewest)}): ${fmt(tg.p95)} ms: ${verdict(tg.p95 < 100)}`);
    else out(`${q.id} p95 < 100 ms: the query failed (${failed.get(`${q.id}/tradegraph`) ?? 'not run'}): MISS`);
  }
  return lines;
}
