// SQL of the history: who a transaction's changes are recorded as, facts moved
// to their archive (retracted_*) and back, and a source's version (the graph
// as it stood at a moment is schema "asof", src/db/as-of.ts). Built from
// Prisma.sql fragments only; imports nothing from the GraphQL layer.
import { Prisma } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

export type FactTable = 'relation' | 'observation';

const COLUMNS: Record<FactTable, string[]> = {
  relation: ['id', 'subject_id', 'predicate', 'object_id', 'role', 'valid_from', 'valid_to', 'basis', 'note', 'evidence_id', 'source_id'],
  observation: [
    'id', 'metric_id', 'subject_id', 'scope_id', 'stated_by_id', 'value', 'unit', 'period_start', 'period_end', 'period_label',
    'change_basis', 'change_value', 'change_unit', 'change_benchmark', 'note', 'evidence_id', 'source_id',
  ],
};

const columns = (table: FactTable) => Prisma.raw(COLUMNS[table].map((c) => `"${c}"`).join(', '));
const live = (table: FactTable) => Prisma.raw(`"${table}"`);
const archive = (table: FactTable) => Prisma.raw(`"retracted_${table}"`);

/** Who and what the rest of the transaction's changes are recorded as (the change log's triggers read these). */
export interface ChangeActor {
  /** A token's name, "cli:<user>", "seed". */
  actor: string;
  tokenName?: string | null;
  /** ingestSource, retractFact, restoreFact, updateEntity, ingest (CLI), seed. */
  action: string;
  reason?: string | null;
  /** The source the changes are made for, when rows carry none of their own. */
  sourceSlug?: string | null;
}

export async function recordAs(tx: Tx, who: ChangeActor): Promise<void> {
  await tx.$executeRaw(Prisma.sql`SELECT
    set_config('tradegraph.actor', ${who.actor}, true),
    set_config('tradegraph.token_name', ${who.tokenName ?? ''}, true),
    set_config('tradegraph.action', ${who.action}, true),
    set_config('tradegraph.reason', ${who.reason ?? ''}, true),
    set_config('tradegraph.source_slug', ${who.sourceSlug ?? ''}, true)`);
}

export interface Retraction {
  reason: string;
  /** retractFact: a curator's decision, which later ingests keep; ingestSource: the file no longer states the fact. */
  retractedIn: 'retractFact' | 'ingestSource';
}

/** Moves facts to their archive, recorded as one RETRACT entry each; returns the ids moved. */
export async function moveToArchive(tx: Tx, table: FactTable, ids: number[], retraction: Retraction): Promise<number[]> {
  if (ids.length === 0) return [];
  const moving = JSON.stringify({ retraction_reason: retraction.reason, retracted_in: retraction.retractedIn });
  await tx.$executeRaw(Prisma.sql`SELECT set_config('tradegraph.moving', ${moving}, true)`);
  const rows = await tx.$queryRaw<Array<{ id: number }>>(Prisma.sql`
    WITH moved AS (DELETE FROM ${live(table)} WHERE "id" = ANY(${ids}::int[]) RETURNING *)
    INSERT INTO ${archive(table)} (${columns(table)}, "recorded_at", "retracted_by", "retraction_reason", "retracted_in")
    SELECT ${columns(table)}, "created_at",
           coalesce(nullif(current_setting('tradegraph.actor', true), ''), session_user), ${retraction.reason}, ${retraction.retractedIn}
    FROM moved
    RETURNING "id"`);
  await tx.$executeRaw(Prisma.sql`SELECT set_config('tradegraph.moving', '', true)`);
  return rows.map((r) => r.id);
}

/** Moves facts back from their archive, with their ids and first recording time; returns the ids moved. */
export async function moveFromArchive(tx: Tx, table: FactTable, ids: number[], reason: string): Promise<number[]> {
  if (ids.length === 0) return [];
  await tx.$executeRaw(Prisma.sql`SELECT set_config('tradegraph.moving', ${JSON.stringify({ restoration_reason: reason })}, true)`);
  const rows = await tx.$queryRaw<Array<{ id: number }>>(Prisma.sql`
    WITH moved AS (DELETE FROM ${archive(table)} WHERE "id" = ANY(${ids}::int[]) RETURNING *)
    INSERT INTO ${live(table)} (${columns(table)}, "created_at")
    SELECT ${columns(table)}, "recorded_at" FROM moved
    RETURNING "id"`);
  await tx.$executeRaw(Prisma.sql`SELECT set_config('tradegraph.moving', '', true)`);
  return rows.map((r) => r.id);
}

/** Evidence ids among these that a retracted fact still quotes (so they are kept). */
export async function evidenceOfRetracted(tx: Tx, evidenceIds: number[]): Promise<Set<number>> {
  if (evidenceIds.length === 0) return new Set();
  const rows = await tx.$queryRaw<Array<{ id: number }>>(Prisma.sql`
    SELECT "evidence_id" AS id FROM "retracted_relation" WHERE "evidence_id" = ANY(${evidenceIds}::int[])
    UNION SELECT "evidence_id" FROM "retracted_observation" WHERE "evidence_id" = ANY(${evidenceIds}::int[])`);
  return new Set(rows.map((r) => r.id));
}

/** Serialises writes to one source; false when another transaction writes it now. */
export async function tryLockSource(tx: Tx, lockSpace: number, slug: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>(
    Prisma.sql`SELECT pg_try_advisory_xact_lock(${lockSpace}::int, hashtext(${slug})) AS locked`,
  );
  return row!.locked;
}

/** A source's version: the id of the last change recorded for it ("0" for none yet). */
export async function sourceVersion(tx: Tx, slug: string): Promise<string> {
  const [row] = await tx.$queryRaw<Array<{ version: bigint | null }>>(Prisma.sql`
    SELECT max(c."id") AS version FROM "change_log" c WHERE c."source_id" = (SELECT "id" FROM "source" WHERE "slug" = ${slug})`);
  return String(row?.version ?? 0);
}
