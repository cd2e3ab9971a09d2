import { describe, expect, it } from 'vitest';
import { codePointLength, locateQuote } from '../../src/ingest/quotes.ts';

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
    if (!twice.ok) expect(twice.problem).toMatch(/occurs 3 times/);
    expect(locateQuote(text, 'grew.', 2)).toEqual({ ok: true, at: { start: 43, end: 48 } });
    expect(locateQuote(text, 'grew.', 4).ok).toBe(false);
  });

  it('refuses an empty quote', () => {
    expect(locateQuote(text, '   ').ok).toBe(false);
  });
});
