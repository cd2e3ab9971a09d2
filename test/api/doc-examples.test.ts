// The docs show what users will see: their queries give the answers they
// show, their SQL examples the rows they show (run on the seeded database as
// psql would), and each error code they promise is the one the API answers.
// (test/api/limits.test.ts runs every example query within the limits.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { docAnswers, docSql } from '../../scripts/doc-examples.ts';
import { LIMITS } from '../../src/limits.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());

const DOCS = ['README.md', 'docs/api.md', 'docs/operations.md'].map((file) => readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8'));
/** The docs' text with line breaks and indentation as single spaces, to find a sentence in it. */
const prose = DOCS.join('\n').replace(/\s+/g, ' ');

describe('the docs', () => {
  it.each(docAnswers())('$name gives the answer shown', async ({ query, shown }) => {
    const response = await api.query(query);
    expect(response.errors).toBeUndefined();
    // The curl example shows the whole response; the others its data.
    expect('data' in (shown as object) ? { data: response.data } : response.data).toEqual(shown);
  });

  it('shows the answers of several queries', () => {
    expect(docAnswers().length).toBeGreaterThanOrEqual(4);
    expect(docSql().filter((e) => e.output).length).toBeGreaterThanOrEqual(3);
  });

  it.each(docSql().map((e, i) => ({ ...e, name: `SQL example ${i + 1}` })))('$name runs, with the rows shown', async ({ sql, output }) => {
    // Every value as PostgreSQL writes it, as psql shows it.
    const result = await api.db.pool.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } });
    if (!output) return;
    // psql's aligned output: a header, a rule, one line per row; cells between "|", padded.
    const [header, , ...lines] = output.trimEnd().split('\n');
    const cells = (line: string) => line.split('|').map((c) => c.trim());
    expect(result.fields.map((f) => f.name)).toEqual(cells(header!));
    expect(result.rows.map((row: unknown[]) => row.map((v) => (v === null ? '' : String(v))))).toEqual(lines.map(cells));
  });
});

/** A request as an HTTP client sends it, through Yoga. */
async function http(init: { method?: string; body?: string; contentType?: string; accept?: string; query?: string }) {
  const response = await api.yoga.fetch(`http://tradegraph.test/graphql${init.query ? `?query=${encodeURIComponent(init.query)}` : ''}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': init.contentType ?? 'application/json', accept: init.accept ?? 'application/graphql-response+json' },
    body: init.body,
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Some refusals have no JSON body; the status says it all.
  }
  return { status: response.status, codes: (json?.errors ?? []).map((e: any) => e.extensions?.code), json };
}

const post = (query: string, variables?: Record<string, unknown>) => http({ body: JSON.stringify({ query, variables }) });

/** Each error claim of the README, found in its text, and a request that must answer as it says. */
const CLAIMS: Array<{ says: string; check: () => Promise<void> }> = [
  {
    says: 'An unknown or malformed ID gives `null` at its position and an error with `extensions.code` `NOT_FOUND` or `BAD_USER_INPUT`.',
    check: async () => {
      const unknown = Buffer.from('Region:999999').toString('base64url');
      const r = await post(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [unknown, 'not an id'] });
      expect(r.json.data.nodes).toEqual([null, null]);
      expect(r.codes).toEqual(['NOT_FOUND', 'BAD_USER_INPUT']);
    },
  },
  {
    says: 'default page is 20 items and the maximum 100: asking for more is a `LIMIT_EXCEEDED` error, not a silent clamp.',
    check: async () => {
      expect((await post('{ entities(first: 101) { totalCount } }')).codes).toEqual(['LIMIT_EXCEEDED']);
      expect((await post('{ entities { edges { cursor } } }')).json.data.entities.edges).toHaveLength(20);
    },
  },
  {
    says: 'A value of the wrong type (a date for a decimal, an unknown enum value) fails validation (`GRAPHQL_VALIDATION_FAILED`) when written in the query, and is a `BAD_USER_INPUT` error when it comes in a variable.',
    check: async () => {
      expect((await post('{ observations(filter: { value: { gt: "2023-07-31" } }) { totalCount } }')).codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect((await post('{ observations(units: [LITRES]) { totalCount } }')).codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const variables = 'query($f: ObservationFilter, $u: [Unit!]) { observations(filter: $f, units: $u) { totalCount } }';
      expect((await post(variables, { f: { value: { gt: '2023-07-31' } } })).codes).toEqual(['BAD_USER_INPUT']);
      expect((await post(variables, { u: ['LITRES'] })).codes).toEqual(['BAD_USER_INPUT']);
    },
  },
  {
    says: 'An unknown slug is a `NOT_FOUND` error; an unknown predicate fails validation (`GRAPHQL_VALIDATION_FAILED`, or `BAD_USER_INPUT` when it comes in a variable).',
    check: async () => {
      expect((await post('{ paths(from: "nowhere", to: "beijing") { length } }')).codes).toEqual(['NOT_FOUND']);
      expect((await post('{ paths(from: "beijing", to: "beijing", predicates: [OWNS]) { length } }')).codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect((await post('query($p: [Predicate!]) { paths(from: "beijing", to: "beijing", predicates: $p) { length } }', { p: ['OWNS'] })).codes).toEqual(['BAD_USER_INPUT']);
    },
  },
  {
    says: '`depth` of `neighbors` and `maxDepth` of `paths` run from 1 to `traversalDepth`: below is `BAD_USER_INPUT`, above `LIMIT_EXCEEDED`.',
    check: async () => {
      expect((await post('{ entity(slug: "beijing") { neighbors(depth: 0) { totalCount } } }')).codes).toEqual(['BAD_USER_INPUT']);
      expect((await post(`{ entity(slug: "beijing") { neighbors(depth: ${LIMITS.traversalDepth + 1}) { totalCount } } }`)).codes).toEqual(['LIMIT_EXCEEDED']);
      expect((await post('{ paths(from: "beijing", to: "beijing", maxDepth: 7) { length } }')).codes).toEqual(['LIMIT_EXCEEDED']);
    },
  },
  {
    says: 'batches (a JSON array) are refused with `BAD_REQUEST`, and GET never runs a mutation (`405`).',
    check: async () => {
      const batch = await http({ body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
      expect(batch.codes).toEqual(['BAD_REQUEST']);
      expect((await http({ method: 'GET', query: 'mutation { __typename }' })).status).toBe(405);
    },
  },
  {
    says: 'refused with a typed error if it asks for too much (GraphQL over HTTP: status 400 with `accept: application/graphql-response+json`, 200 with plain `application/json`)',
    check: async () => {
      const deep = `{ entity(slug: "beijing") { ${'relations { edges { node { '.repeat(4)}name${' } } }'.repeat(4)} } }`;
      const strict = await http({ body: JSON.stringify({ query: deep }) });
      expect(strict.status).toBe(400);
      expect(new Set(strict.codes)).toEqual(new Set(['LIMIT_EXCEEDED']));
      const plain = await http({ body: JSON.stringify({ query: deep }), accept: 'application/json' });
      expect(plain.status).toBe(200);
      expect(new Set(plain.codes)).toEqual(new Set(['LIMIT_EXCEEDED']));
    },
  },
  {
    says: '| `TRADEGRAPH_MAX_BODY_BYTES` | `65536` | Largest request body; more is `413 REQUEST_ENTITY_TOO_LARGE`. |',
    check: async () => {
      const big = await http({ body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(70_000)}` }) });
      expect(big.status).toBe(413);
      expect(big.codes).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
    },
  },
  {
    says: '`QUERY_TIMEOUT`, `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_REQUEST`, `UNSUPPORTED_MEDIA_TYPE`',
    check: async () => {
      expect((await post('{ entity(slug: ')).codes).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect((await post('{ entity(slug: "beijing") { noSuchField } }')).codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const xml = await http({ body: '<query/>', contentType: 'application/xml' });
      expect(xml.status).toBe(415);
    },
  },
];

describe('the error codes the docs promise', () => {
  it.each(CLAIMS)('$says', async ({ says, check }) => {
    expect(prose.includes(says), 'the docs no longer say this: update the claim here').toBe(true);
    await check();
  });
});
