// Bridges to Prisma.sql fragments: the where-clause translator (where-sql.ts)
// writes numbered placeholders into text, and the SQL of claims, series and
// aggregates is built from Prisma.sql/Prisma.join. Runs a fragment on the pool.
import type pg from 'pg';
import { heavyWork } from '../db/fair-share.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { SqlParams, whereSql } from './where-sql.ts';

/** The Prisma `where` on `model` rows aliased `alias`, as a fragment (values stay parameters). */
export function whereFragment(model: string, alias: string, where: unknown): Prisma.Sql {
  const params = new SqlParams();
  const text = whereSql(model, alias, where, params);
  const strings: string[] = [];
  const values: unknown[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    strings.push(text.slice(last, match.index));
    values.push(params.values[Number(match[1]) - 1]);
    last = match.index! + match[0].length;
  }
  strings.push(text.slice(last));
  return new Prisma.Sql(strings, values);
}

/** Runs a fragment on the pool (so fair-share and statement counting see it like every other statement). */
export async function run<Row extends pg.QueryResultRow>(pool: pg.Pool, query: Prisma.Sql): Promise<Row[]> {
  return (await pool.query<Row>(query.text, query.values)).rows;
}

/** Runs an aggregate over many rows as heavy work (src/db/fair-share.ts): it waits its turn rather than take the pool. */
export async function runHeavy<Row extends pg.QueryResultRow>(pool: pg.Pool, query: Prisma.Sql): Promise<Row[]> {
  return (await heavyWork(() => pool.query<Row>(query.text, query.values))).rows;
}
