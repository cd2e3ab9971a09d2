// npm run bench:explain -- --database-url URL [--only Q3,Q4] [--query '{ sources(first: 20) { ... } }' [--variables JSON]]
// EXPLAIN (ANALYZE, BUFFERS) of the statements the read compiler writes for
// the benchmark's reads, with the same parameters the benchmark chooses: to
// check on a generated graph that each LIMIT applies before the JSON of the
// rows below it is built (docs/performance.md shows Q3 and Q4).
import { parseArgs } from 'node:util';
import { parse } from 'graphql';
import pg from 'pg';
import { compiledStatementOf } from '../../src/schema/compiled/install.ts';
import { schema } from '../../src/schema/index.ts';
import { chooseParams } from './params.ts';
import { benchQueries } from './queries.ts';

const { values: opts } = parseArgs({ options: { 'database-url': { type: 'string' }, only: { type: 'string', default: 'Q3,Q4' }, query: { type: 'string' }, variables: { type: 'string', default: '{}' } } });
if (!opts['database-url']) throw new Error('pass --database-url of a generated graph (npm run generate)');
const pool = new pg.Pool({ connectionString: opts['database-url'], max: 1 });
try {
  // A query of one's own, or the benchmark's.
  const own = opts.query && { id: 'query', title: opts.query.replace(/\s+/g, ' '), tradegraph: { query: opts.query, variables: JSON.parse(opts.variables!) as Record<string, unknown> } };
  const queries = own ? [own] : benchQueries(await chooseParams(pool)).filter((b) => opts.only!.split(',').includes(b.id));
  for (const q of queries) {
    const statement = compiledStatementOf(schema, parse(q.tradegraph.query), q.tradegraph.variables);
    if (!statement) {
      console.log(`## ${q.id}: not compiled`);
      continue;
    }
    // Warm once, then the plan of a warm run.
    await pool.query(statement.text, statement.values as unknown[]);
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`, statement.values as unknown[]);
    console.log(`## ${q.id}: ${q.title}\n\n\`\`\`\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
  }
} finally {
  await pool.end();
}
