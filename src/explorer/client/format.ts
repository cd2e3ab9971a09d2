// How the explorer writes figures, changes, kinds and predicates for people.
// Values arrive as exact decimal strings ("73330000000"); Intl.NumberFormat
// formats a string as an exact decimal (ECMA-402 NumberFormat v3), so no digit
// is lost to floating point on the way to "73.33 billion".
import { PREDICATES } from '../../domain/predicates.ts';
import type { ChangeBasis, Unit } from '../../generated/prisma/enums.ts';

export type UnitName = Unit;
export type ChangeBasisName = ChangeBasis;
export type PredicateName = keyof typeof PREDICATES;

const DECIMAL = /^-?\d+(\.\d+)?$/;

// Below a million, grouped digits read better than "27 thousand".
const COMPACT_FROM = 1_000_000;

const compact = new Intl.NumberFormat('en', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 3 });
const grouped = new Intl.NumberFormat('en', { maximumFractionDigits: 20 });

// Intl's types predate string inputs; the runtime formats them exactly.
const asExact = (value: string) => value as unknown as number;

function isLarge(value: string): boolean {
  const integerDigits = value.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '');
  return integerDigits.length > String(COMPACT_FROM).length - 1;
}

const UNIT_SUFFIX: Record<UnitName, (n: string) => string> = {
  CNY: (n) => `${n} CNY`,
  USD: (n) => `${n} USD`,
  COUNT: (n) => n,
  PERCENT: (n) => `${n}%`,
  PERCENTAGE_POINT: (n) => `${n} percentage points`,
  FOLD: (n) => `${n}-fold`,
};

/** A value for reading: "73.33 billion CNY", "27,000", "33.5%". Rounded to 3 decimals of its scale. */
export function formatQuantity(value: string, unit: UnitName): string {
  if (!DECIMAL.test(value)) return `${value} ${unit}`;
  const number = isLarge(value) ? compact.format(asExact(value)) : grouped.format(asExact(value));
  return UNIT_SUFFIX[unit](number);
}

/** The exact value with its digits grouped: "73,330,000,000 CNY". */
export function formatExact(value: string, unit: UnitName): string {
  if (!DECIMAL.test(value)) return `${value} ${unit}`;
  return UNIT_SUFFIX[unit](grouped.format(asExact(value)));
}

const BASIS: Record<ChangeBasisName, string> = {
  YEAR_ON_YEAR: 'year on year',
  PERIOD_ON_PERIOD: 'on the previous period',
  VERSUS_BENCHMARK: 'versus',
};

export interface ChangeLike {
  basis: ChangeBasisName;
  value: string;
  unit: UnitName;
  benchmark?: string | null;
}

/** A reported change: "+33.5% year on year", "11.6-fold year on year", "+3.4 percentage points versus the national rate". */
export function formatChange(change: ChangeLike): string {
  const signed = change.unit !== 'FOLD' && DECIMAL.test(change.value) && !change.value.startsWith('-');
  const amount = `${signed ? '+' : ''}${formatQuantity(change.value, change.unit)}`;
  const basis = change.basis === 'VERSUS_BENCHMARK' ? `versus ${change.benchmark ?? 'a benchmark'}` : BASIS[change.basis];
  return `${amount} ${basis}`;
}

/** "CUSTOMS_OFFICE" -> "Customs office". */
export function humanize(name: string): string {
  const words = name.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * How a relation reads from one of its ends: "supervises" forwards, "supervised by" backwards.
 * (An edge is OUTGOING or INCOMING; its GraphQL type, Direction, also has BOTH, read forwards.)
 */
export function predicatePhrase(predicate: PredicateName, direction: 'OUTGOING' | 'INCOMING' | 'BOTH'): string {
  const forward = predicate.toLowerCase().split('_').join(' ');
  return direction !== 'INCOMING' ? forward : (PREDICATES[predicate]?.inverse ?? `${forward} (reverse)`);
}
