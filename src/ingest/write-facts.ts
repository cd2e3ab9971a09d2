// Relations and observations of one source, written the same way: keyed by
// what the fact is about within the source, updated where a value changed,
// restored where an ingest had dropped it before (unless a curator retracted
// it), created where new, and retracted (kept, with why) where the file no
// longer states it.
import type { Prisma } from '../generated/prisma/client.ts';
import type { FactTable } from '../sql/history.ts';
import { retractDropped, reviveRetracted } from './history.ts';
import { BATCH, inBatches, same } from './rows.ts';
import type { Tally } from './tally.ts';

type Tx = Prisma.TransactionClient;

/** The calls a fact table's Prisma delegate answers, as this writer uses them. */
interface FactDelegate<Row> {
  findMany(args: { where: { sourceId: number } }): Promise<Array<Row & { id: number }>>;
  update(args: { where: { id: number }; data: Row }): Promise<unknown>;
  createMany(args: { data: Row[] }): Promise<unknown>;
}

export interface FactWrite<Row extends Record<string, unknown>> {
  table: FactTable;
  sourceId: number;
  sourceSlug: string;
  /** The rows the file states, in its order. */
  rows: Row[];
  /** What a fact is about within its source: two rows with one key are one fact. */
  keyOf: (row: Row) => string;
  tally: Tally;
  progress: (phase: string, done: number, total: number) => void;
}

export async function writeFacts<Row extends Record<string, unknown>>(tx: Tx, write: FactWrite<Row>): Promise<void> {
  const { table, sourceId, rows, keyOf, tally } = write;
  const delegate = tx[table] as unknown as FactDelegate<Row>;
  const phase = `${table}s`;
  const stored = new Map((await delegate.findMany({ where: { sourceId } })).map((r) => [keyOf(r), r]));
  const fresh: Row[] = [];
  for (const [i, row] of rows.entries()) {
    const key = keyOf(row);
    const old = stored.get(key);
    stored.delete(key);
    if (!old) fresh.push(row);
    else if (same(row, old)) tally.unchanged++;
    else {
      await delegate.update({ where: { id: old.id }, data: row });
      tally.updated++;
    }
    if (i % BATCH === 0) write.progress(phase, i, rows.length);
  }
  // Facts retracted before and stated again: restored, unless a curator retracted them.
  const revived = await reviveRetracted(tx, table, sourceId, fresh, keyOf);
  for (const row of fresh) {
    const restoredId = revived.restored.get(keyOf(row));
    if (restoredId !== undefined) await delegate.update({ where: { id: restoredId }, data: row });
  }
  await inBatches(revived.toCreate, (batch) => delegate.createMany({ data: batch }), (done) => write.progress(phase, done, revived.toCreate.length));
  tally.created += revived.toCreate.length + revived.restored.size;
  tally.unchanged += revived.keptRetracted;
  // Facts the file no longer states are retracted (kept, with why), not deleted.
  tally.deleted += await retractDropped(tx, table, [...stored.values()].map((r) => r.id), write.sourceSlug);
}
