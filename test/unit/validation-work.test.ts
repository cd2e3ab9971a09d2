// Validation runs in time linear in the document: the limit rules and the
// cost measure read each fragment once, however often it is spread. Work is
// counted as reads of the syntax tree (test/helpers/validation-work.ts); a
// runaway walk hits the budget and fails at once rather than freezing.
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { docQueries } from '../../scripts/doc-examples.ts';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { DEFAULT_LIMITS } from '../../src/limits.ts';
import { measureQuery } from '../../src/http/query-limits.ts';
import { schema } from '../../src/schema/index.ts';
import { MAX_READS_PER_NODE, doubling, diamonds, introspectionDoubling, workBound } from '../helpers/fragment-documents.ts';
import { validationWork } from '../helpers/validation-work.ts';

const work = (query: string) => validationWork(schema, parse(query), DEFAULT_LIMITS, { budget: workBound(parse(query)) });

describe('validation work', () => {
  it.each([
    ...docQueries(),
    { name: 'GraphiQL default query', query: DEFAULT_QUERY },
    { name: 'standard introspection query', query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) },
  ])('of "$name" is within the linear bound', ({ query }) => {
    const measured = work(query);
    expect(measured.errors).toEqual([]);
    expect(measured.reads / measured.size).toBeLessThanOrEqual(MAX_READS_PER_NODE);
  });

  it.each([16, 20, 28, 90])('stays linear on %i levels of doubling fragments (2^n spreads), which are refused by their cost', (levels) => {
    const measured = work(doubling(levels));
    expect(measured.reads / measured.size).toBeLessThanOrEqual(MAX_READS_PER_NODE);
    expect(measured.cost).toBe(2 ** levels);
    expect(measured.cost).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it.each([20, 40])('stays linear on a chain of %i diamonds', (levels) => {
    const measured = work(diamonds(levels));
    expect(measured.reads / measured.size).toBeLessThanOrEqual(MAX_READS_PER_NODE);
  });

  it('stays linear on doubling fragments inside introspection, and still sees how deep its lists nest', () => {
    const inside = work(introspectionDoubling(30));
    expect(inside.reads / inside.size).toBeLessThanOrEqual(MAX_READS_PER_NODE);
    expect(inside.errors).toEqual([]);
    const schemas = work(doubling(30, '__schema { types { name } }'));
    expect(schemas.reads / schemas.size).toBeLessThanOrEqual(MAX_READS_PER_NODE);
    expect(schemas.errors.join('\n')).toMatch(/__schema is selected \d+ times/);
    const nested = work(`{ __schema { ...T } } fragment T on __Schema { types { ...Y } } fragment Y on __Type { fields { type { ...Y2 } } }
      fragment Y2 on __Type { fields { type { fields { name } } } }`);
    expect(nested.errors.join('\n')).toMatch(/Introspection lists nest 4 deep/);
  });
});

describe('the directive limit', () => {
  const spreads = (n: number) => `{ ${'...F @include(if: true) @skip(if: false) '.repeat(n)} } fragment F on Query { __typename }`;

  it('counts the directives of every spread of a fragment, not of the first one only', () => {
    expect(measureQuery(schema, spreads(40)).directives).toBe(80);
    expect(work(spreads(40)).errors.join('\n')).toMatch(/Directives limit of 10 exceeded, found 80/);
  });

  it('counts a fragment definition and the fields inside it once per spread', () => {
    const query = `{ ...F ...F @include(if: true) } fragment F on Query { ... @skip(if: false) { __typename @include(if: true) } }`;
    // Each of the two spreads brings the fragment's 2; the second spread has 1 of its own.
    expect(measureQuery(schema, query).directives).toBe(5);
  });
});
