// Finds quotes in a source text. Offsets count Unicode code points, as
// PostgreSQL's substr() does, so SQL users can check evidence with plain SQL.
// The work per quote is bounded whatever the text: a search stops at the
// occurrence asked for (or at the second, when only uniqueness matters), and
// code-point offsets come from an index of the text's astral characters
// instead of a copy of everything before the quote.

export interface Located {
  start: number;
  end: number;
}

export type QuoteLookup =
  | { ok: true; at: Located }
  | { ok: false; problem: string };

export interface QuoteLocator {
  /**
   * Locates `quote`. It must occur verbatim; if it occurs more than once,
   * `occurrence` (1-based) says which one is meant.
   */
  locate(quote: string, occurrence?: number): QuoteLookup;
  /** Searches of the text made so far: at most the occurrence asked for (or 2) per quote. */
  readonly searches: number;
}

// Typographic variants a curator is likely to type differently from the source.
const LOOKALIKES: Array<[RegExp, string]> = [
  [/[\u2018\u2019\u201a\u2032]/g, "'"],
  [/[\u201c\u201d\u201e\u2033]/g, '"'],
  [/[\u2013\u2014\u2212]/g, '-'],
  [/\s+/g, ' '],
];

function normalise(s: string): string {
  return LOOKALIKES.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** UTF-16 indexes of the text's surrogate pairs (characters outside the Basic Multilingual Plane), in order. */
function surrogatePairs(text: string): Int32Array {
  const at: number[] = [];
  // Without the u flag the pattern matches code units: a high surrogate followed by a low one.
  for (const m of text.matchAll(/[\ud800-\udbff][\udc00-\udfff]/g)) at.push(m.index);
  return Int32Array.from(at);
}

export function createQuoteLocator(text: string): QuoteLocator {
  let pairs: Int32Array | null = null;
  let normalised: string | null = null;
  let searches = 0;

  /** Code-point offset of a UTF-16 index: the index less the pairs before it. */
  const codePointOffset = (utf16Index: number): number => {
    pairs ??= surrogatePairs(text);
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pairs[mid]! < utf16Index) lo = mid + 1;
      else hi = mid;
    }
    return utf16Index - lo;
  };
  const find = (quote: string, from: number) => {
    searches++;
    return text.indexOf(quote, from);
  };
  const located = (at: number, quote: string): QuoteLookup => {
    const start = codePointOffset(at);
    return { ok: true, at: { start, end: start + codePointLength(quote) } };
  };

  return {
    get searches() {
      return searches;
    },
    locate(quote, occurrence) {
      if (quote.trim() === '') return { ok: false, problem: 'the quote is empty' };
      const first = find(quote, 0);
      if (first === -1) {
        normalised ??= normalise(text);
        const hint =
          normalised.indexOf(normalise(quote)) === -1
            ? ''
            : ' (it matches if quotation marks, dashes and spaces are ignored: copy the quote from the source byte for byte)';
        return { ok: false, problem: `the quote does not occur in the source text${hint}` };
      }
      if (occurrence === undefined) {
        const second = find(quote, first + 1);
        if (second === -1) return located(first, quote);
        return {
          ok: false,
          problem:
            `the quote occurs more than once (at characters ${codePointOffset(first) + 1} and ${codePointOffset(second) + 1}); ` +
            'lengthen it or say which with "occurrence"',
        };
      }
      let at = first;
      for (let n = 1; n < occurrence; n++) {
        at = find(quote, at + 1);
        if (at === -1) return { ok: false, problem: `occurrence ${occurrence} asked for, but the quote occurs ${n} time(s)` };
      }
      return located(at, quote);
    },
  };
}

/** Locates one quote in a text (a locator made for one use). */
export function locateQuote(text: string, quote: string, occurrence?: number): QuoteLookup {
  return createQuoteLocator(text).locate(quote, occurrence);
}
