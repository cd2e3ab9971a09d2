// Turns figures as reports write them ("2.07 trillion", "27,000", "4.294
// million") into exact decimal strings, without ever passing through a float.

const SCALES: Record<string, number> = {
  thousand: 3,
  million: 6,
  billion: 9,
  trillion: 12,
};

const QUANTITY = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s+(thousand|million|billion|trillion))?$/;

export interface Quantity {
  /** Exact decimal in base units, e.g. "2070000000000". */
  decimal: string;
  /** The number as written before any scale word, without thousands separators: "2.07". */
  written: string;
}

/** Parses a quantity, or returns null if the text is not one. */
export function parseQuantity(text: string): Quantity | null {
  const m = QUANTITY.exec(text.trim());
  if (!m) return null;
  const [, sign = '', intPart = '', frac = '', scaleWord] = m;
  const digits = intPart.replaceAll(',', '');
  const shift = scaleWord ? SCALES[scaleWord]! : 0;
  // Move the decimal point `shift` places right, on the digit string.
  const all = digits + frac;
  const pointAt = digits.length + shift;
  const padded = all.padEnd(pointAt, '0');
  let whole = padded.slice(0, pointAt).replace(/^0+(?=\d)/, '');
  let fraction = padded.slice(pointAt).replace(/0+$/, '');
  if (whole === '') whole = '0';
  const isZero = /^0*$/.test(whole) && fraction === '';
  if (isZero) fraction = '';
  const decimal = `${sign === '-' && !isZero ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  return { decimal, written: `${digits}${frac ? `.${frac}` : ''}` };
}

const NUMBER_WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];

/**
 * The numbers a piece of prose states, thousands separators removed and small
 * numbers spelled out read as digits: "three zones, 27,000 flights, 59.9%" -> ["3", "27000", "59.9"].
 */
export function numbersIn(text: string): string[] {
  const digits = [...text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)].map((m) => m[0].replaceAll(',', ''));
  const words = [...text.toLowerCase().matchAll(/\b[a-z]+\b/g)]
    .map((m) => NUMBER_WORDS.indexOf(m[0]))
    .filter((n) => n >= 0)
    .map(String);
  return [...digits, ...words];
}
