// Finds a quote in a source text. Offsets count Unicode code points, as
// PostgreSQL's substr() does, so SQL users can check evidence with plain SQL.

export interface Located {
  start: number;
  end: number;
}

export type QuoteLookup =
  | { ok: true; at: Located }
  | { ok: false; problem: string };

function codeUnitIndexes(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(quote); i !== -1; i = text.indexOf(quote, i + 1)) found.push(i);
  return found;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Code-point offset of a UTF-16 index. */
function codePointOffset(text: string, utf16Index: number): number {
  const prefix = text.slice(0, utf16Index);
  return SURROGATE.test(prefix) ? [...prefix].length : utf16Index;
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
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

/**
 * Locates `quote` in `text`. It must occur verbatim; if it occurs more than
 * once, `occurrence` (1-based) says which one is meant.
 */
export function locateQuote(text: string, quote: string, occurrence?: number): QuoteLookup {
  if (quote.trim() === '') return { ok: false, problem: 'the quote is empty' };
  const hits = codeUnitIndexes(text, quote);
  if (hits.length === 0) {
    const near = normalise(text).indexOf(normalise(quote));
    const hint =
      near === -1
        ? ''
        : ' (it matches if quotation marks, dashes and spaces are ignored: copy the quote from the source byte for byte)';
    return { ok: false, problem: `the quote does not occur in the source text${hint}` };
  }
  if (occurrence !== undefined && occurrence > hits.length) {
    return {
      ok: false,
      problem: `occurrence ${occurrence} asked for, but the quote occurs ${hits.length} time(s)`,
    };
  }
  if (occurrence === undefined && hits.length > 1) {
    return {
      ok: false,
      problem: `the quote occurs ${hits.length} times in the source; lengthen it or say which with "occurrence"`,
    };
  }
  const at = hits[(occurrence ?? 1) - 1]!;
  const start = codePointOffset(text, at);
  return { ok: true, at: { start, end: start + codePointLength(quote) } };
}
