// The pure parts of search: the query as searched, LIKE escaping, snippets.
import { describe, expect, it } from 'vitest';
import { containsPattern, normalizeSearchQuery, snippetOf } from '../../src/sql/search.ts';

describe('normalizeSearchQuery', () => {
  it('trims and collapses whitespace, and keeps Chinese as it is', () => {
    expect(normalizeSearchQuery('  Daxing \n\t airport ')).toBe('Daxing airport');
    expect(normalizeSearchQuery('天竺')).toBe('天竺');
  });

  it('refuses a NUL character', () => {
    expect(() => normalizeSearchQuery('tian\u0000zhu')).toThrow(/NUL/);
  });

  it('refuses an empty query and one over 200 characters (counted in code points)', () => {
    expect(() => normalizeSearchQuery(' \n ')).toThrow(/empty/);
    expect(normalizeSearchQuery('天'.repeat(200))).toHaveLength(200);
    expect(() => normalizeSearchQuery('x'.repeat(201))).toThrow(/201 characters/);
    expect(() => normalizeSearchQuery('😀'.repeat(201))).toThrow(/201 characters/);
  });
});

describe('containsPattern', () => {
  it('escapes LIKE metacharacters and the escape character', () => {
    expect(containsPattern('tianzhu')).toBe('%tianzhu%');
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

describe('snippetOf', () => {
  const text = 'The zone grew fast. Imports of lithium-ion batteries rose by half this year in Beijing.';
  const hit = (start: number, end: number, windowStart: number, windowEnd: number) => ({
    window: text.slice(windowStart, windowEnd),
    windowStart,
    textLength: text.length,
    startOffset: start,
    endOffset: end,
  });

  it('cuts a window that starts and ends inside the text back to whole words', () => {
    const start = text.indexOf('lithium');
    const end = start + 'lithium-ion batteries'.length;
    expect(snippetOf(hit(start, end, start - 10, end + 12))).toBe('of lithium-ion batteries rose by');
  });

  it('keeps the text whole at its own start and end, and never cuts into the match', () => {
    expect(snippetOf(hit(0, 3, 0, text.length))).toBe(text);
    const start = text.indexOf('Imports');
    expect(snippetOf(hit(start, start + 7, start, start + 9))).toBe('Imports');
  });
});
