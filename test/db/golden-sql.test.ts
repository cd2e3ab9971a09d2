// Golden SQL: the exact statements the reads whose shape matters send, kept
// beside this test in test/db/golden/*.sql, so a change in statement count or
// shape shows as a reviewable diff. Each read runs through Yoga against the
// seeded graph with the SQL trace on; the statements are stored sorted (loads
// that run side by side may start in either order). UPDATE_GOLDEN=1 rewrites
// the files; a missing file fails unless it is set.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type SqlTrace, withSqlTrace } from '../../src/db/sql-trace.ts';
import { createGraphQLServer } from '../../src/yoga.ts';
import { openTestDatabase, type TestDatabase, testLog } from '../helpers/server.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const READS: Record<string, string> = {
  'root-entity-page': `{ entities(first: 5, orderBy: { field: NAME }) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount } }`,
  'nested-navigation': `{ bondedZones(first: 3) { nodes { name supervisedBy(first: 2) { edges { predicate node { name } evidence { quote } } totalCount } relations(first: 2, direction: OUTGOING) { nodes { name } } } } }`,
  'source-evidence': `{ sources(first: 1) { nodes { slug evidence(first: 2) { edges { cursor node { quote } } totalCount } } } }`,
  'observations-filtered': `{ entity(slug: "beijing-customs") { observations(first: 3, hasChange: true, orderBy: { field: VALUE }, filter: { unit: { equals: CNY } }) { nodes { value metric { slug } } totalCount } }
    observations(first: 3, metrics: ["import-export-value"], period: { from: "2023-01-01" }) { nodes { value subject { name } } } }`,
  search: `{ search(query: "airport", first: 3) { edges { score matched node { name } } totalCount } searchSources(query: "bonded zone", first: 1) { edges { snippet node { slug } } } }`,
  'traversal-neighbors': `{ entity(slug: "beijing-customs") { neighbors(depth: 2, first: 3) { edges { distance node { name } path { relation { predicate } } } totalCount truncated } } }`,
  'analytics-stats': `{ observationStats(groupBy: [METRIC, UNIT], orderBy: { field: COUNT, direction: DESC }, first: 3) { count sum unit metric { slug } } }`,
  'analytics-rankings': `{ rankings(metric: "import-export-value", first: 3, filter: { subject: { kind: { equals: BONDED_ZONE } } }) { unit totalCount entries { rank value subject { name } } } }`,
  claims: `{ claims(first: 3, metrics: ["import-export-value"]) { totalCount edges { cursor node { count disputed answer { value source { slug } } claims { value rank evidence { quote } } } } }
    observations(first: 2, disputed: false) { nodes { value rank disputed } } }`,
  series: `{ series(metric: "import-export-value", subject: "beijing", granularity: YEAR_TO_DATE) { unit gaps points { period { label } gap value evidence { quote } } }
    entity(slug: "beijing") { series(granularity: HALF, metric: "import-export-value") { unit points { value } } } }`,
  'aggregate-order': `{ entities(first: 3, orderBy: { field: METRIC_VALUE, direction: DESC, metricValue: { metric: "import-export-value" } }) { totalCount edges { cursor orderValue node { slug } } }
    bondedZones(first: 2, orderBy: { field: RELATION_COUNT, direction: DESC }, having: { relationCount: [{ predicates: [SUPERVISES], direction: INCOMING, gte: 1 }] }) { edges { orderValue node { slug } } } }`,
};

let db: TestDatabase;
let yoga: ReturnType<typeof createGraphQLServer>;
beforeAll(async () => {
  db = await openTestDatabase(inject('testServer'), 'seeded');
  // No statement count in the extensions: its own trace would hide the statements from this one.
  // The resolvers' statements (compiled reads off, the escape hatch); the compiled ones are in compiled-sql.test.ts.
  yoga = createGraphQLServer({ db, log: testLog, compiledReads: false });
});
afterAll(() => db?.close());

async function statementsOf(query: string): Promise<string[]> {
  const trace: SqlTrace = { statements: 0, log: [] };
  const response = await withSqlTrace(trace, () =>
    yoga.fetch('http://tradegraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    }),
  );
  const body = (await response.json()) as { errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return trace.log!.map((text) => text.split('\n').map((line) => line.trimEnd()).join('\n').trim()).sort();
}

describe('golden SQL', () => {
  it.each(Object.keys(READS))('%s sends the statements of its golden file', async (name) => {
    const statements = await statementsOf(READS[name]!);
    const text = `-- ${READS[name]!.replace(/\s+/g, ' ')}\n-- ${statements.length} statement(s), sorted\n\n${statements.join('\n;\n\n')}\n;\n`;
    const file = path.join(GOLDEN, `${name}.sql`);
    if (update) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
