// SQL of curated fields: which columns of entities (and their attribute rows)
// a curator set last (updateEntity), read from the change log, and the KEEP
// entries an ingest records when it keeps such a field over its file's value.
// Built from Prisma.sql fragments only; imports nothing from the GraphQL layer.
import { Prisma } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Columns a change always touches, never a curator's choice. */
const BOOKKEEPING = ['updated_at', 'created_at', 'defined_by_source_id', 'id', 'entity_id'];

/**
 * "table.column" of each entity's columns whose last change was a curator's
 * edit (updateEntity), in `tables` (entity and the attribute tables, whose rows are keyed by the entity's id).
 */
export async function curatedColumns(tx: Tx, entityIds: number[], tables: string[]): Promise<Map<number, Set<string>>> {
  const curated = new Map<number, Set<string>>();
  if (entityIds.length === 0) return curated;
  const rows = await tx.$queryRaw<Array<{ entity_id: number; table_name: string; column: string }>>(Prisma.sql`
    SELECT l.row_key::int AS entity_id, l.table_name, l.column
    FROM (
      SELECT DISTINCT ON (c."table_name", c."row_key", k.key) c."table_name", c."row_key", k.key AS "column", c."action"
      FROM "change_log" c
      CROSS JOIN LATERAL jsonb_object_keys(c."after") k(key)
      WHERE c."table_name" = ANY(${tables}::text[]) AND c."row_key" = ANY(${entityIds.map(String)}::text[])
        AND c."operation" IN ('INSERT', 'UPDATE')
        AND k.key <> ALL(${BOOKKEEPING}::text[])
        AND (c."before" IS NULL OR c."before" -> k.key IS DISTINCT FROM c."after" -> k.key)
      ORDER BY c."table_name", c."row_key", k.key, c."id" DESC
    ) l
    WHERE l."action" = 'updateEntity'`);
  for (const r of rows) {
    const set = curated.get(r.entity_id) ?? new Set<string>();
    set.add(`${r.table_name}.${r.column}`);
    curated.set(r.entity_id, set);
  }
  return curated;
}

/** How a KEEP entry is told apart from another. */
export const keptKey = (entityId: number, table: string, before: unknown, after: unknown) => `${entityId} ${table} ${JSON.stringify(before)} ${JSON.stringify(after)}`;

/** The KEEP entries recorded already for these entities: "entityId table.column" with the values they named. */
export async function keptBefore(tx: Tx, entityIds: number[]): Promise<Set<string>> {
  if (entityIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<Array<{ row_key: string; table_name: string; before: unknown; after: unknown }>>(Prisma.sql`
    SELECT c."row_key", c."table_name", c."before", c."after"
    FROM "change_log" c
    WHERE c."operation" = 'KEEP' AND c."row_key" = ANY(${entityIds.map(String)}::text[])`);
  return new Set(rows.map((r) => keptKey(Number(r.row_key), r.table_name, r.before, r.after)));
}

/**
 * Records that an ingest kept a curator's value of a column over its file's:
 * one KEEP entry (before: the file's value, after: the value kept), by whoever
 * the transaction is recorded as (recordAs).
 */
export async function recordKept(tx: Tx, entityId: number, table: string, column: string, file: unknown, kept: unknown): Promise<void> {
  // Attribution (transaction, actor, token, action, source) as the row trigger's: log_change (migration *_log_change).
  await tx.$executeRaw(Prisma.sql`
    SELECT "log_change"(
      'a curator set this field (updateEntity); the ingest kept it over the file''s value',
      NULL, ARRAY[${entityId}::int], ${table}, ${String(entityId)}, 'KEEP',
      jsonb_build_object(${column}::text, ${JSON.stringify(file ?? null)}::jsonb),
      jsonb_build_object(${column}::text, ${JSON.stringify(kept ?? null)}::jsonb))`);
}
