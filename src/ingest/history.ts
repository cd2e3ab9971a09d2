// Nothing lost: what an ingest records about itself, and what it does with
// facts its file no longer states (retracted, kept with who and why, instead
// of deleted) or states again (restored with their old id, unless a curator
// retracted them: that decision stands until a curator restores them).
import os from 'node:os';
import type { Prisma } from '../generated/prisma/client.ts';
import { type ChangeActor, evidenceOfRetracted, type FactTable, moveFromArchive, moveToArchive, recordAs, sourceVersion, tryLockSource } from '../sql/history.ts';
import { WriteConflictError } from '../auth/errors.ts';

type Tx = Prisma.TransactionClient;

export type { ChangeActor };

/** Advisory lock space of per-source writes (the second key is the slug's hash). */
export const SOURCE_WRITE_LOCK = 84_211_003;

/** The actor of a command-line run: the operating-system user. */
export function cliActor(action: string): ChangeActor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the log still says it came from the CLI.
  }
  return { actor: `cli:${user}`, action };
}

/**
 * Opens a write to a source: records who makes it, takes the source's lock
 * (another write to it under way is a conflict, not a wait) and, when the
 * writer says which version it edited, refuses a source changed since.
 */
export async function beginSourceWrite(tx: Tx, slug: string, actor: ChangeActor, expectedVersion?: string | null): Promise<void> {
  await recordAs(tx, { ...actor, sourceSlug: slug });
  if (!(await tryLockSource(tx, SOURCE_WRITE_LOCK, slug))) {
    throw new WriteConflictError(`Source "${slug}" is being written by another request right now; nothing was written. Fetch it again and retry.`);
  }
  if (expectedVersion != null) {
    const version = await sourceVersion(tx, slug);
    if (version !== expectedVersion) {
      throw new WriteConflictError(
        `Source "${slug}" changed since version ${expectedVersion} (it is at version ${version} now); nothing was written. ` +
          'Fetch the source again, apply your changes to it and retry with its current version.',
      );
    }
  }
}

/** Retracts the facts of a source's file that it no longer states. */
export async function retractDropped(tx: Tx, table: FactTable, ids: number[], slug: string): Promise<number> {
  const moved = await moveToArchive(tx, table, ids, {
    reason: `no longer stated by the knowledge file of source "${slug}"`,
    retractedIn: 'ingestSource',
  });
  return moved.length;
}

/**
 * Of the facts a file states that are not current, those retracted before:
 * restored (with their old id) when an ingest had dropped them, and left
 * retracted when a curator had retracted them. Returns the rows still to
 * create and, for the restored ones, their ids by key (to be updated to the
 * file's values like any current fact).
 */
export async function reviveRetracted<Row>(
  tx: Tx,
  table: FactTable,
  sourceId: number,
  rows: Row[],
  keyOf: (row: Row) => string,
): Promise<{ toCreate: Row[]; restored: Map<string, number>; keptRetracted: number }> {
  if (rows.length === 0) return { toCreate: rows, restored: new Map(), keptRetracted: 0 };
  const archived = (
    table === 'relation'
      ? await tx.retractedRelation.findMany({ where: { sourceId }, orderBy: { retractedAt: 'asc' } })
      : await tx.retractedObservation.findMany({ where: { sourceId }, orderBy: { retractedAt: 'asc' } })
  ) as Array<Record<string, unknown> & { id: number; retractedIn: string }>;
  // The latest retraction of each key decides.
  const byKey = new Map(archived.map((a) => [keyOf(a as Row), a]));
  const toCreate: Row[] = [];
  const restore = new Map<string, number>();
  let keptRetracted = 0;
  for (const row of rows) {
    const key = keyOf(row);
    const old = byKey.get(key);
    if (!old) toCreate.push(row);
    else if (old.retractedIn === 'retractFact') keptRetracted++;
    else restore.set(key, old.id);
  }
  await moveFromArchive(tx, table, [...restore.values()], 'stated again by its source\'s knowledge file');
  return { toCreate, restored: restore, keptRetracted };
}

/** The stale evidence ids an ingest may delete: those no retracted fact quotes. */
export async function deletableEvidence(tx: Tx, stale: number[]): Promise<number[]> {
  const kept = await evidenceOfRetracted(tx, stale);
  return stale.filter((id) => !kept.has(id));
}
