// Runs a statement built from Prisma.sql fragments on the pg pool: its text
// (with $1, $2, ... placeholders) and its values come from the one fragment,
// so they cannot drift apart.
import type pg from 'pg';
import type { Prisma } from '../generated/prisma/client.ts';

export function run<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<pg.QueryResult<R>> {
  return pool.query<R>(statement.text, statement.values);
}
