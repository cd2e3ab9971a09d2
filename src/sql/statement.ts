// Runs a statement built from Prisma.sql fragments on the pg pool: its text
// (with $1, $2, ... placeholders) and its values come from the one fragment,
// so they cannot drift apart.
import type pg from 'pg';
import { readsAMoment } from '../db/as-of.ts';
import { heavyWork } from '../db/fair-share.ts';
import { BadInputError } from '../domain/errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const TODAY_ONLY = /analytics\.|outranked_claim/;

export function run<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<pg.QueryResult<R>> {
  // The analytics views (claims, series, rankings) and the stored answers (outranked_claim) read
  // today's tables by name: no past moment reaches them.
  if (readsAMoment(pool) && TODAY_ONLY.test(statement.text)) {
    return Promise.reject(new BadInputError('claims, series and rankings answer for the graph as it is now, not asOf a past moment; ask for them without asOf'));
  }
  return pool.query<R>(statement.text, statement.values);
}

/** The rows of a statement. */
export async function rows<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<R[]> {
  return (await run<R>(pool, statement)).rows;
}

/** The rows of a statement that may read many rows, run as heavy work (src/db/fair-share.ts): it waits its turn rather than take the pool. */
export async function heavyRows<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<R[]> {
  return (await heavyWork(() => run<R>(pool, statement))).rows;
}
