// Exact decimals: the NUMERIC(30, 6) columns that hold observations' values
// and changes, and the decimal text the API reads and writes. Plain digits
// only, never a float and never exponent notation ("1e+21" is what a JS
// number or a Prisma Decimal prints from 10^21 up; clients expect digits).
import { LIMITS } from '../limits.ts';

/** Digits a value column holds in all, and after the decimal point: NUMERIC(30, 6). */
export const DECIMAL_COLUMN_PRECISION = 30;
export const DECIMAL_COLUMN_SCALE = 6;

// Digits a Decimal input (a filter bound) may have before and after its point
// (LIMITS.decimalIntegerDigits, LIMITS.decimalFractionDigits): beyond anything
// the columns or their sums hold, far within what PostgreSQL's numeric takes
// (131,072 and 16,383 digits), so no input reaches the database as an error.

/** Largest exponent turned into plain digits; a larger one is no value of the graph. */
const MAX_EXPONENT = 1_000;

const PLAIN = /^-?\d+(\.\d+)?$/;
const EXPONENT = /^(-?)(\d+)(?:\.(\d*))?e([+-]?\d{1,7})$/i;

export function fitsDecimalColumn(decimal: string): boolean {
  const [whole = '', fraction = ''] = decimal.replace('-', '').split('.');
  return whole.length <= DECIMAL_COLUMN_PRECISION - DECIMAL_COLUMN_SCALE && fraction.length <= DECIMAL_COLUMN_SCALE;
}

/**
 * A decimal in plain digits: plain text as it is, exponent notation
 * ("9.99e+23", "1e-6") rewritten exactly by moving the point in the digit
 * string; null for anything else (NaN, Infinity, an exponent past 1000).
 */
export function plainDecimal(text: string): string | null {
  if (PLAIN.test(text)) return text;
  const m = EXPONENT.exec(text);
  if (!m || Math.abs(Number(m[4])) > MAX_EXPONENT) return null;
  const [, sign = '', intPart = '', frac = '', exp = '0'] = m;
  const digits = intPart + frac;
  const pointAt = intPart.length + Number(exp);
  const padded = pointAt < 0 ? '0'.repeat(-pointAt) + digits : digits.padEnd(pointAt, '0');
  const at = Math.max(pointAt, 0);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '') || '0';
  const fraction = padded.slice(at).replace(/0+$/, '');
  const zero = /^0*$/.test(whole + fraction);
  return `${sign && !zero ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Why a Decimal input is refused, or null if it is a plain decimal within the input bounds. */
export function decimalInputProblem(text: string): string | null {
  if (!PLAIN.test(text)) return 'A Decimal is a string of digits with an optional sign and decimal point, e.g. "73.33".';
  const [whole = '', fraction = ''] = text.replace('-', '').split('.');
  if (whole.length <= LIMITS.decimalIntegerDigits && fraction.length <= LIMITS.decimalFractionDigits) return null;
  return (
    `A Decimal has at most ${LIMITS.decimalIntegerDigits} digits before the decimal point and ` +
    `${LIMITS.decimalFractionDigits} after; this one has ${whole.length} and ${fraction.length}.`
  );
}
