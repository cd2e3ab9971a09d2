// Entity attributes: the typed 1:1 table of each kind and how a knowledge
// file's attributes map to its columns, derived from the kind registry and
// Prisma's data model (src/domain/kind-models.ts). The ingest, the ownership
// check and the bulk loader (tools/generate) all map attributes through this
// one table.
import { DETAIL_RELATIONS, type DetailRelation, KIND_MODELS, type KindModel } from '../domain/kind-models.ts';
import { lowerFirst } from '../domain/kinds.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { EntityKind } from '../generated/prisma/enums.ts';
import type { EntityInput } from './knowledge-format.ts';

type Tx = Prisma.TransactionClient;

export type DetailsRow = { entityId: number } & Record<string, unknown>;

export interface DetailsSpec {
  relation: DetailRelation;
  row(attributes: Record<string, string | undefined>, id: (slug: string) => number): Record<string, unknown>;
  /** Inserts rows of the kind's attribute table. */
  insert(tx: Tx, rows: DetailsRow[]): Promise<unknown>;
}

const date = (s: string | undefined) => (s ? new Date(`${s}T00:00:00Z`) : null);

function detailsSpec(m: KindModel): DetailsSpec {
  // The model's delegate on the client: CustomsOfficeDetails -> tx.customsOfficeDetails.
  const delegate = lowerFirst(m.model);
  return {
    relation: m.relation as DetailRelation,
    row: (a, id) =>
      Object.fromEntries(
        m.attributes.map(({ name, attribute, field }) => {
          const given = a[name];
          const value = attribute.type === 'reference' ? (given ? id(given) : null) : attribute.type === 'date' ? date(given) : (given ?? null);
          return [field, value];
        }),
      ),
    insert: (tx, rows) => (tx as unknown as Record<string, { createMany(args: { data: DetailsRow[] }): Promise<unknown> }>)[delegate]!.createMany({ data: rows }),
  };
}

/** The typed attribute table of each kind, and how file attributes map to its columns. */
export const DETAILS: Partial<Record<EntityKind, DetailsSpec>> = Object.fromEntries(KIND_MODELS.map((m) => [m.kind, detailsSpec(m)]));

export { DETAIL_RELATIONS };

export function attributesOf(e: EntityInput): Record<string, string | undefined> {
  return (('attributes' in e ? e.attributes : undefined) ?? {}) as Record<string, string | undefined>;
}

/**
 * The typed attribute row (Prisma field names) of a new entity, or null for a
 * kind without an attribute table. The bulk loader (tools/generate) writes the
 * same rows, so both paths map attributes alike.
 */
export function attributeRow(
  e: EntityInput,
  id: (slug: string) => number,
): { relation: DetailsSpec['relation']; row: Record<string, unknown> } | null {
  const spec = DETAILS[e.kind];
  return spec ? { relation: spec.relation, row: spec.row(attributesOf(e), id) } : null;
}

/**
 * The columns (Prisma field names) the attributes a file gives map to, with
 * their values: what a restatement by another source claims, attribute by
 * attribute (an attribute left out claims nothing).
 */
export function givenAttributeColumns(
  e: EntityInput,
  id: (slug: string) => number,
): Array<{ attribute: string; field: string; value: unknown }> {
  const spec = DETAILS[e.kind];
  if (!spec) return [];
  return Object.entries(attributesOf(e)).flatMap(([attribute, value]) => {
    if (value === undefined) return [];
    // Each attribute fills exactly one column: the one set when it alone is given.
    const alone = spec.row({ [attribute]: value }, id);
    return Object.entries(alone)
      .filter(([, v]) => v !== null)
      .map(([field, v]) => ({ attribute, field, value: v }));
  });
}
