// Runs a statement built from Prisma.sql fragments on the pg pool: its text
// (with $1, $2, ... placeholders) and its values come from the one fragment,
// so they cannot drift apart.
import type pg from 'pg';
import { heavyWork } from '../db/fair-share.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export function run<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<pg.QueryResult<R>> {
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
