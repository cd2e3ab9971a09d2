// The graph's version (prisma/migrations/20261201120000_graph_version): one
// row that every transaction changing the graph bumps, read by the response
// cache before it serves anything.
import type pg from 'pg';

const GRAPH_VERSION_SQL = 'SELECT version::text AS version FROM graph_version WHERE id = 1';

/** The graph's version now, as a string (a bigint). */
export async function readGraphVersion(pool: Pick<pg.Pool, 'query'>): Promise<string> {
  const { rows } = await pool.query<{ version: string }>(GRAPH_VERSION_SQL);
  if (!rows[0]) throw new Error('graph_version holds no row: are the migrations applied?');
  return rows[0].version;
}
