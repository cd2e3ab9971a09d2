// A fingerprint of every table: row counts and a checksum of the rows'
// contents, to prove a failed write left the database exactly as it was.
import type pg from 'pg';

export async function snapshot(pool: pg.Pool): Promise<Record<string, { rows: number; md5: string }>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query<{ rows: string; md5: string | null }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
    );
    out[name] = { rows: Number(rows[0]!.rows), md5: rows[0]!.md5 ?? '' };
  }
  return out;
}
