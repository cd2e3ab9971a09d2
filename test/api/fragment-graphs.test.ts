// Property: any document built from a graph of fragments (doubling, diamonds,
// deep chains, directive repeats, many spreads of one fragment, and random
// graphs mixing them, cycles included) is answered or refused with a typed
// error, and validating it costs work linear in its size. Work is counted
// deterministically (reads of the syntax tree by the limit rules and the
// cost measure); a generous wall-clock ceiling per request is the backstop.
import fc from 'fast-check';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/limits.ts';
import { schema } from '../../src/schema/index.ts';
import { openTestApi, type TestApi } from '../helpers/api.ts';
import { watchEventLoop } from '../helpers/event-loop.ts';
import { chain, diamonds, doubling, repeatedSpreads, workBound } from '../helpers/fragment-documents.ts';
import { validationWork } from '../helpers/validation-work.ts';

const RUNS = 150;
/** Far above any answer here (milliseconds); the defect this guards against took minutes. */
const CEILING_MS = 5_000;
const TYPED = new Set(['LIMIT_EXCEEDED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi('seeded');
});
afterAll(() => api?.close());
const eventLoop = watchEventLoop((requests) => `${requests} fragment-graph documents (test/api/fragment-graphs.test.ts)`);

const DIRECTIVES = ['@include(if: true)', '@skip(if: false)', '@include(if: false)'];
const directives = fc.array(fc.constantFrom(...DIRECTIVES), { maxLength: 3 }).map((d) => d.join(' '));

/** A selection in a fragment of `family`, spreading fragments of the same family by index (resolved when rendered). */
type Part =
  | { spread: number; copies: number; directives: string; anyTarget: boolean }
  | { leaf: string }
  | { entity: Part[] }
  | { inline: Part[]; directives: string };

const part = (family: 'Query' | 'Entity'): fc.Arbitrary<Part> =>
  fc.letrec<{ part: Part }>((tie) => ({
    part: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ spread: fc.nat(), copies: fc.integer({ min: 1, max: 4 }), directives, anyTarget: fc.nat({ max: 14 }).map((n) => n === 0) }),
      fc.record({
        leaf: fc.constantFrom(
          ...(family === 'Query'
            ? ['__typename', 'a: __typename', '__schema { queryType { name } }', 'entities(first: 2) { totalCount }']
            : ['name', 'slug', 'kind', 'relations(first: 2) { totalCount }']),
        ),
      }),
      fc.record({ inline: fc.array(tie('part'), { minLength: 1, maxLength: 3 }), directives }),
      ...(family === 'Query' ? [fc.record({ entity: fc.array(part('Entity'), { minLength: 1, maxLength: 3 }) })] : []),
    ),
  })).part;

interface Graph {
  /** Selections of the fragments Q0, Q1, ... on Query; the operation spreads Q0. */
  query: Part[][];
  /** Selections of the fragments E0, E1, ... on Entity. */
  entity: Part[][];
}

const graph: fc.Arbitrary<Graph> = fc.record({
  query: fc.array(fc.array(part('Query'), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 24 }),
  entity: fc.array(fc.array(part('Entity'), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
});

/** Renders a random fragment graph: fragment i spreads fragments after it (or, rarely, any: cycles). */
function render({ query, entity }: Graph): string {
  const families = { Query: { prefix: 'Q', count: query.length }, Entity: { prefix: 'E', count: entity.length } };
  const selections = (parts: Part[], family: 'Query' | 'Entity', from: number): string =>
    parts
      .map((p) => {
        if ('leaf' in p) return p.leaf;
        if ('inline' in p) return `... ${p.directives} { ${selections(p.inline, family, from)} }`;
        if ('entity' in p) return `entity(slug: "beijing-customs") { ${selections(p.entity, 'Entity', -1)} }`;
        const { prefix, count } = families[family];
        const later = count - from - 1;
        if (!p.anyTarget && later <= 0) return family === 'Query' ? '__typename' : 'name';
        const target = p.anyTarget ? p.spread % count : from + 1 + (p.spread % later);
        // Inside an entity page, so Entity fragments nest through relations as clients write them.
        const spread = `...${prefix}${target} ${p.directives}`;
        const wrapped = family === 'Entity' && target % 3 === 0 ? `relations(first: 2) { edges { node { ${spread} } } }` : spread;
        return Array.from({ length: p.copies }, () => wrapped).join(' ');
      })
      .join(' ');
  const fragments = [
    ...query.map((parts, i) => `fragment Q${i} on Query { ${selections(parts, 'Query', i)} }`),
    ...entity.map((parts, i) => `fragment E${i} on Entity { ${selections(parts, 'Entity', i)} }`),
  ];
  return `query FragmentGraph { ...Q0 } ${fragments.join('\n')}`;
}

const documents = fc.oneof(
  fc.integer({ min: 1, max: 120 }).map((n) => doubling(n)),
  fc.integer({ min: 1, max: 60 }).map(diamonds),
  fc.integer({ min: 1, max: 400 }).map(chain),
  fc.tuple(fc.integer({ min: 1, max: 400 }), directives).map(([n, d]) => repeatedSpreads(n, d)),
  graph.map(render),
  graph.map(render),
);

describe('documents built from fragment graphs', () => {
  it(`are answered or refused with a typed error, with validation work linear in the document (${RUNS} documents)`, async () => {
    await fc.assert(
      fc.asyncProperty(documents, async (query) => {
        const document = parse(query);
        // Throws WorkBudgetExceeded past the linear bound.
        validationWork(schema, document, DEFAULT_LIMITS, { budget: workBound(document) });

        const started = performance.now();
        const response = await eventLoop.request(async () => {
          const answer = await api.yoga.fetch('http://tradegraph.test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
            body: JSON.stringify({ query }),
          });
          return { status: answer.status, text: await answer.text() };
        });
        const body = JSON.parse(response.text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
        expect(performance.now() - started).toBeLessThan(CEILING_MS);
        expect([200, 400]).toContain(response.status);
        if (body.errors) {
          for (const error of body.errors) expect(TYPED, JSON.stringify(error)).toContain(error.extensions?.code);
        } else {
          expect(response.status).toBe(200);
          expect(body.data).toBeTruthy();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
