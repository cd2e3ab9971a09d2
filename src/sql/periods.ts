// Period rules as SQL fragments: which calendar granularity a period has and
// where it sits in a series. The rules themselves are SQL functions in the
// `analytics` schema (migration 20261201100000_claims_and_series), shared by
// the API and the SQL views, so a period means the same thing in both.
import { Prisma } from '../generated/prisma/client.ts';

export const GRANULARITIES = ['MONTH', 'QUARTER', 'HALF', 'YEAR', 'YEAR_TO_DATE'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Whether the period of `alias`'s row is one of the granularity's calendar periods. */
export const fitsGranularity = (granularity: Granularity, alias: string): Prisma.Sql =>
  Prisma.sql`analytics.period_fits(${granularity}::text, ${Prisma.raw(alias)}.period_start, ${Prisma.raw(alias)}.period_end)`;

/** The one granularity the period of `alias`'s row is compared within (NULL for none). */
export const granularityOf = (alias: string): Prisma.Sql =>
  Prisma.sql`analytics.period_granularity(${Prisma.raw(alias)}.period_start, ${Prisma.raw(alias)}.period_end)`;

/**
 * The keys under which periods are comparable "by granularity": the same
 * granularity and length (Q2 with Q3, Jan-Jul with Jan-Jul of another year),
 * or for periods of no granularity the same number of days.
 */
export const comparableKeys = (alias: string): Prisma.Sql => {
  const a = Prisma.raw(alias);
  return Prisma.join([
    granularityOf(alias),
    Prisma.sql`analytics.period_months(${a}.period_start, ${a}.period_end)`,
    Prisma.sql`CASE WHEN analytics.period_months(${a}.period_start, ${a}.period_end) IS NULL THEN ${a}.period_end - ${a}.period_start END`,
  ]);
};
