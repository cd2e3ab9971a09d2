import { describe, expect, it } from 'vitest';
import { codePointLength, createQuoteLocator, locateQuote } from '../../src/ingest/quotes.ts';

describe('locateQuote', () => {
  const text = 'Beijing’s trade grew. The “bonded +” model grew. Trade grew.';

  it('gives code-point offsets of a unique quote', () => {
    const found = locateQuote(text, 'The “bonded +” model');
    expect(found).toEqual({ ok: true, at: { start: 22, end: 42 } });
    if (found.ok) expect([...text].slice(found.at.start, found.at.end).join('')).toBe('The “bonded +” model');
  });

  it('counts characters outside the Basic Multilingual Plane as one, as PostgreSQL does', () => {
    const withEmoji = '📦 goods: 天竺 zone';
    const found = locateQuote(withEmoji, '天竺');
    // UTF-16 puts 天 at index 10 (the emoji takes two code units); PostgreSQL counts 9.
    expect(withEmoji.indexOf('天竺')).toBe(10);
    expect(found).toEqual({ ok: true, at: { start: 9, end: 11 } });
    expect(codePointLength('📦')).toBe(1);
  });

  it('refuses a quote that is not in the text, and says when only the quotation marks differ', () => {
    const missing = locateQuote(text, 'exports fell');
    expect(missing.ok).toBe(false);
    const straight = locateQuote(text, 'The "bonded +" model');
    expect(straight).toMatchObject({ ok: false });
    if (!straight.ok) expect(straight.problem).toMatch(/quotation marks/);
  });

  it('refuses an ambiguous quote unless told which occurrence', () => {
    const twice = locateQuote(text, 'grew.');
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problem).toMatch(/occurs more than once \(at characters 17 and 44\)/);
    expect(locateQuote(text, 'grew.', 2)).toEqual({ ok: true, at: { start: 43, end: 48 } });
    expect(locateQuote(text, 'grew.', 4).ok).toBe(false);
  });

  it('stops at the second occurrence when only uniqueness matters, however often the quote occurs', () => {
    const huge = 'abcd '.repeat(10_000_000);
    const locator = createQuoteLocator(huge);
    expect(locator.locate('abcd')).toMatchObject({ ok: false, problem: expect.stringMatching(/occurs more than once \(at characters 1 and 6\)/) });
    expect(locator.searches).toBe(2);
    expect(locator.locate('abcd', 3)).toEqual({ ok: true, at: { start: 10, end: 14 } });
    expect(locator.searches).toBe(2 + 3);
  });

  it('finds code-point offsets far into a text without copying it', () => {
    const text = `${'📦 '.repeat(100_000)}the quote`;
    const locator = createQuoteLocator(text);
    expect(locator.locate('the quote')).toEqual({ ok: true, at: { start: 200_000, end: 200_009 } });
  });

  it('refuses an empty quote', () => {
    expect(locateQuote(text, '   ').ok).toBe(false);
  });
});
