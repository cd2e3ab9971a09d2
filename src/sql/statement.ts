// Runs a statement built from Prisma.sql fragments on the pg pool: its text
// (with $1, $2, ... placeholders) and its values come from the one fragment,
// so they cannot drift apart.
import { createHash } from 'node:crypto';
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

/**
 * Most statements a process prepares by name. PostgreSQL keeps each on every
 * connection that ran it until the connection closes; past this many, further
 * statements run unnamed (planned each time), so the memory stays bounded
 * whatever documents clients send.
 */
const MAX_PREPARED = 256;
const prepared = new WeakMap<Prisma.Sql, { text: string; name: string | undefined }>();
/** The name of each statement text prepared (the same text comes in many statement objects, one per set of values). */
const names = new Map<string, string>();

/**
 * The rows of a statement that is run again and again with other values (a
 * compiled read, kept per document): prepared by name on each connection the
 * first time, so later runs send no text and PostgreSQL parses and plans it
 * less often. The statement must be the same object each time to be prepared.
 */
export async function preparedRows<R extends pg.QueryResultRow>(pool: pg.Pool, statement: Prisma.Sql): Promise<R[]> {
  let known = prepared.get(statement);
  if (!known) {
    const text = statement.text;
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED) names.set(text, (name = `tg_${createHash('sha1').update(text).digest('base64url')}`));
    prepared.set(statement, (known = { text, name }));
  }
  // Never on a moment's connection: a prepared statement keeps the search_path it was prepared under
  // (PostgreSQL re-plans it with that path), and a moment's is the past's views, not the tables.
  if (readsAMoment(pool)) return rows<R>(pool, statement);
  return (await pool.query<R>({ name: known.name, text: known.text, values: statement.values as unknown[] })).rows;
}
