// Evidence offsets count Unicode code points (as PostgreSQL's substr does);
// JavaScript strings index UTF-16 code units. These convert between the two.

export interface Utf16Range {
  start: number;
  end: number;
}

/**
 * The UTF-16 indexes of the code-point range [start, end) of `text`, or null if
 * the range is not inside the text.
 */
export function codePointRangeToUtf16(text: string, start: number, end: number): Utf16Range | null {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) return null;
  let codePoints = 0;
  let utf16 = 0;
  let from = start === 0 ? 0 : -1;
  for (const char of text) {
    if (codePoints === start) from = utf16;
    if (codePoints === end) return { start: from, end: utf16 };
    codePoints += 1;
    utf16 += char.length;
  }
  if (codePoints === start) from = utf16;
  return codePoints === end && from !== -1 ? { start: from, end: utf16 } : null;
}

/** Splits `text` around the code-point range [start, end): what comes before, the range, what comes after. */
export function splitAtCodePoints(text: string, start: number, end: number): [string, string, string] | null {
  const range = codePointRangeToUtf16(text, start, end);
  if (!range) return null;
  return [text.slice(0, range.start), text.slice(range.start, range.end), text.slice(range.end)];
}
