// Rows of the ingest: values in canonical form, so a value read back from
// PostgreSQL compares equal to the one a knowledge file gives (dates as ISO
// days, decimals as plain digits), and statements over many rows in batches.
import { isoDate } from '../domain/period.ts';
import { Prisma } from '../generated/prisma/client.ts';

/** Values compared as JSON, with dates and decimals in canonical text form. */
export function same(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const canon = (v: unknown): unknown =>
    v instanceof Date ? isoDate(v) : Prisma.Decimal.isDecimal(v) ? (v as Prisma.Decimal).toFixed() : v;
  return Object.keys(a).every((k) => JSON.stringify(canon(a[k])) === JSON.stringify(canon(b[k])));
}

/** A decimal in the canonical plain digits a stored value compares equal to (toFixed: never exponent notation). */
export function canonDecimal(d: string): string {
  return new Prisma.Decimal(d).toFixed();
}

export const BATCH = 5_000;

export async function inBatches<T>(items: T[], fn: (batch: T[]) => Promise<unknown>, progress?: (done: number) => void) {
  for (let i = 0; i < items.length; i += BATCH) {
    await fn(items.slice(i, i + BATCH));
    progress?.(Math.min(i + BATCH, items.length));
  }
}
