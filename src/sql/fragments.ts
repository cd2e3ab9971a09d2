// The statements of claims, series and aggregates: a Prisma `where` as a
// fragment of them, and running them on the pool (ordinary or heavy work).
import type pg from 'pg';
import { heavyWork } from '../db/fair-share.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Model } from './columns.ts';
import { run as runStatement } from './statement.ts';
import { whereSql } from './where-sql.ts';

/** The Prisma `where` on `model` rows aliased `alias`, as a fragment (values stay parameters). */
export const whereFragment = (model: Model, alias: string, where: unknown): Prisma.Sql => whereSql(model, alias, where);

/** Runs a fragment on the pool (so fair-share and statement counting see it like every other statement). */
export async function run<Row extends pg.QueryResultRow>(pool: pg.Pool, query: Prisma.Sql): Promise<Row[]> {
  return (await runStatement<Row>(pool, query)).rows;
}

/** Runs an aggregate over many rows as heavy work (src/db/fair-share.ts): it waits its turn rather than take the pool. */
export async function runHeavy<Row extends pg.QueryResultRow>(pool: pg.Pool, query: Prisma.Sql): Promise<Row[]> {
  return (await heavyWork(() => runStatement<Row>(pool, query))).rows;
}
