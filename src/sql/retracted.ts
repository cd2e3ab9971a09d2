// Current and retracted facts read as one table, for the fact connections'
// `includeRetracted`: a derived table with the columns of the live table
// (relation, observation), where the archive's rows (retracted_*) fill the
// columns they lack (created_at is the fact's recorded_at; a retracted
// observation has no curator's rank). Filters, keyset cuts and counts written
// for the live table then apply unchanged. Built from the column map only.
import { Prisma } from '../generated/prisma/client.ts';
import { columnOf, fieldOf, MODELS, type Model, table } from './columns.ts';
import { and, whereSql } from './where-sql.ts';
import { type KeysetCut, keysetSql } from './keyset.ts';

export type FactModel = 'Relation' | 'Observation';

export const ARCHIVE: Record<FactModel, Model> = { Relation: 'RetractedRelation', Observation: 'RetractedObservation' };

/** What an archived row holds for a live column it lacks. */
const STAND_INS: Record<string, string> = {
  createdAt: 'recorded_at',
  rank: `'NORMAL'::claim_rank`,
};

/** The live model's columns, in order. */
const columnsOf = (model: Model) => MODELS[model].fields.filter((f) => f.kind !== 'object').map((f) => f.name);

/** `(SELECT live columns FROM live UNION ALL SELECT the same FROM archive)`, to be aliased by the caller. */
export function withRetracted(model: FactModel): Prisma.Sql {
  const archive = ARCHIVE[model];
  const has = new Set(columnsOf(archive));
  const live = columnsOf(model).map((f) => columnOf(model, f));
  const archived = columnsOf(model).map((f) => {
    if (has.has(f)) return columnOf(archive, f);
    const standIn = STAND_INS[f];
    if (standIn) return `${standIn} AS ${columnOf(model, f)}`;
    if (fieldOf(model, f).isRequired) throw new Error(`${archive} has no stand-in for ${model}.${f}`);
    return `NULL AS ${columnOf(model, f)}`;
  });
  return Prisma.sql`(SELECT ${Prisma.raw(live.join(', '))} FROM ${table(model)} UNION ALL SELECT ${Prisma.raw(archived.join(', '))} FROM ${table(archive)})`;
}

/** The table a fact page reads: the live one, or the live and the archive together. */
export const factsFrom = (model: FactModel, includeRetracted: boolean | null | undefined): Prisma.Sql =>
  includeRetracted ? withRetracted(model) : table(model);

/**
 * A root page of facts matching a Prisma `where`, current and retracted ones:
 * its ids in page order, and the total if counted.
 */
export function rootFactPageSql(
  model: FactModel,
  where: unknown,
  cut: KeysetCut,
  counted: boolean,
): { page: Prisma.Sql; total: Prisma.Sql | null } {
  const alias = 'f';
  const filter = whereSql(model, alias, where);
  const keyset = keysetSql(cut, model, alias);
  const from = Prisma.sql`${withRetracted(model)} AS ${Prisma.raw(alias)}`;
  return {
    page: Prisma.sql`SELECT f.id FROM ${from} WHERE ${and([filter, ...keyset.where])} ORDER BY ${keyset.orderBy} LIMIT ${cut.take}`,
    total: counted ? Prisma.sql`SELECT count(*) AS total FROM ${from} WHERE ${filter}` : null,
  };
}
