// Curated fields win: a field of an entity that a curator set last
// (updateEntity) is kept when the defining source's file is ingested again
// with another value, unless the ingest is told to overwrite curated fields
// (`overwriteCurated`, CLI `--overwrite-curated`). Each kept field is reported
// and recorded once in the change log (a KEEP entry: the file's value as
// `before`, the kept one as `after`), so nothing a curator entered is lost
// silently, and neither is what the file said.
import { kindModel } from '../domain/kind-models.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import { TABLES } from '../sql/columns.ts';
import { curatedColumns, keptBefore, keptKey, recordKept } from '../sql/curated.ts';
import { KIND_NAMES } from '../domain/kinds.ts';
import { same } from './rows.ts';

type Tx = Prisma.TransactionClient;

/** A field an ingest kept as the curator set it, over its file's value. */
export interface KeptField {
  entity: string;
  /** The GraphQL/knowledge-file name: name, aliases, description, or an attribute (e.g. iataCode). */
  field: string;
  kept: unknown;
  file: unknown;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const tableOfKind = (kind: EntityKind) => {
  const model = kindModel(kind)?.model;
  return model ? TABLES[model as keyof typeof TABLES] : null;
};
const ATTRIBUTE_TABLES = KIND_NAMES.map(tableOfKind).filter((t): t is string => t !== null);
const canon = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v && typeof v === 'object' && 'toFixed' in v ? String(v) : v);

export interface CuratedEntity {
  id: number;
  slug: string;
  kind: EntityKind;
  /** What the file would write to the entity's columns (changed in place where a curator's value is kept). */
  base: Record<string, unknown>;
  /** The entity as stored. */
  old: Record<string, unknown>;
  /** What the file would write to its attribute row, and that row as stored (changed in place too). */
  wanted: Record<string, unknown> | null;
  had: Record<string, unknown> | null;
}

export class CuratedFields {
  readonly kept: KeptField[] = [];
  private curated = new Map<number, Set<string>>();
  private recorded = new Set<string>();

  constructor(private readonly overwrite: boolean) {}

  /** Reads which fields of these entities curators set last (nothing when overwriting). */
  async load(tx: Tx, entityIds: number[]): Promise<void> {
    if (this.overwrite || entityIds.length === 0) return;
    [this.curated, this.recorded] = await Promise.all([curatedColumns(tx, entityIds, ['entity', ...ATTRIBUTE_TABLES]), keptBefore(tx, entityIds)]);
  }

  /** Keeps the curator's values in `e.base` and `e.wanted` where the file differs, recording each once. */
  async keep(tx: Tx, e: CuratedEntity): Promise<void> {
    const fields = this.curated.get(e.id);
    if (!fields) return;
    const table = tableOfKind(e.kind);
    const spots: Array<[Record<string, unknown>, Record<string, unknown> | null, string | null]> = [
      [e.base, e.old, 'entity'],
      [e.wanted ?? {}, e.had, table],
    ];
    for (const [target, stored, tableName] of spots) {
      if (!stored || !tableName) continue;
      for (const field of Object.keys(target)) {
        if (!fields.has(`${tableName}.${snake(field)}`) || same({ v: target[field] }, { v: stored[field] })) continue;
        const file = canon(target[field]);
        const kept = canon(stored[field]);
        target[field] = stored[field];
        this.kept.push({ entity: e.slug, field, kept, file });
        if (this.recorded.has(keptKey(e.id, tableName, { [snake(field)]: file ?? null }, { [snake(field)]: kept ?? null }))) continue;
        await recordKept(tx, e.id, tableName, snake(field), file, kept);
      }
    }
  }
}
