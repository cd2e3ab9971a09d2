// Golden SQL: the statement the read compiler writes for each of the
// benchmark's nested reads (bench/src/queries.ts, Q1-Q4), kept beside this
// test so a change to a statement's shape shows as a reviewable diff. Run with
// UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { benchQueries } from '../../bench/src/queries.ts';
import { compiledStatementOf } from '../../src/schema/compiled/install.ts';
import { schema } from '../../src/schema/index.ts';

const PARAMS = {
  officeSlug: 'beijing-customs',
  deepRow: 1,
  deepName: 'Beijing Customs',
  deepId: 1,
  supervisorSlug: 'beijing-customs',
  walkSlug: 'beijing-customs',
  searchTerm: 'trade',
  hubSlug: 'beijing',
  pathFrom: 'beijing',
  pathTo: 'beijing-customs',
};

const golden = (id: string) => path.join(import.meta.dirname, 'golden', `compiled-${id}.sql`);

/** The statement as a file: its text with one clause a line, then its parameters. */
function written(statement: { text: string; values: unknown[] }): string {
  const text = statement.text.replace(/\s+/g, ' ').replace(/ (FROM|WHERE|ORDER BY|LEFT JOIN|JOIN) /g, '\n  $1 ').trim();
  return `${text}\n-- parameters: ${JSON.stringify(statement.values)}\n`;
}

describe('the compiled SQL of the benchmark reads', () => {
  it.each(benchQueries(PARAMS).filter((q) => ['Q1', 'Q2a', 'Q2b', 'Q3', 'Q4'].includes(q.id)).map((q) => [q.id, q] as const))('%s is one statement, as kept in golden/', (id, q) => {
    const statement = compiledStatementOf(schema, parse(q.tradegraph.query), q.tradegraph.variables);
    expect(statement, `${id} is compiled`).not.toBeNull();
    const text = written(statement!);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden(id), text);
    expect(text).toBe(readFileSync(golden(id), 'utf8'));
  });
});
