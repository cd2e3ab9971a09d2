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

/** The other compiled roots and the connections of a source. */
const id = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const MORE: Array<[string, string, Record<string, unknown>]> = [
  ['node', `query($id: ID!) { node(id: $id) { id ... on CustomsOffice { slug level supervises(first: 3) { nodes { slug } } } } }`, { id: id('CustomsOffice:1') }],
  ['nodes', `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Entity { slug } ... on Relation { predicate subject { slug } } } }`, { ids: [id('CustomsOffice:1'), id('Relation:2')] }],
  [
    'sources',
    `query($after: String) { sources(first: 20, after: $after, filter: { title: { contains: "trade" } }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug title publishedAt
      evidence(first: 5) { totalCount edges { cursor node { quote startOffset endOffset } } }
      relations(first: 5, predicates: [SUPERVISES]) { totalCount nodes { predicate subject { slug } object { slug } } }
      observations(first: 5) { nodes { value metric { slug } } } } } } }`,
    { after: null },
  ],
  ['source', `query($slug: String!) { source(slug: $slug) { slug title evidenceCount evidence(last: 3) { edges { cursor node { quote } } } } }`, { slug: 'beijing-trade-h1-2023' }],
  ['metrics', `{ metrics(first: 10, orderBy: { field: SLUG }) { totalCount nodes { slug name unitKind observations(first: 3) { nodes { value period { label } } } } } }`, {}],
  ['metric', `query($slug: String!) { metric(slug: $slug) { slug name observations(first: 5, hasChange: true) { totalCount nodes { value change { value unit } } } } }`, { slug: 'import-export-value' }],
  [
    'observations',
    `{ observations(first: 20, subjectKinds: [BONDED_ZONE], units: [CNY], orderBy: { field: VALUE, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { value unit subject { slug } metric { slug } evidence { quote source { slug } } } } } }`,
    {},
  ],
];

describe('the compiled SQL of the other compiled roots', () => {
  it.each(MORE)('%s is one statement, as kept in golden/', (id, query, variables) => {
    const statement = compiledStatementOf(schema, parse(query), variables);
    expect(statement, `${id} is compiled`).not.toBeNull();
    const text = written(statement!);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden(id), text);
    expect(text).toBe(readFileSync(golden(id), 'utf8'));
  });
});

describe('the compiled SQL of the benchmark reads', () => {
  it.each(benchQueries(PARAMS).filter((q) => ['Q1', 'Q2a', 'Q2b', 'Q3', 'Q4'].includes(q.id)).map((q) => [q.id, q] as const))('%s is one statement, as kept in golden/', (id, q) => {
    const statement = compiledStatementOf(schema, parse(q.tradegraph.query), q.tradegraph.variables);
    expect(statement, `${id} is compiled`).not.toBeNull();
    const text = written(statement!);
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden(id), text);
    expect(text).toBe(readFileSync(golden(id), 'utf8'));
  });
});
