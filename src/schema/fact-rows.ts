// Loading fact rows by ID from their table, and those not found there from its
// archive (retracted_*): a fact connection with `includeRetracted` pages over
// both (src/sql/retracted.ts) and loads each page's rows with the selection
// the query plans for the live model. The archive's relations have the same
// names, so the plan applies to it; the columns it lacks get the values
// src/sql/retracted.ts gives them, and each retracted row carries its
// `retraction` (the Retraction type, src/schema/retraction.ts).
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { MODELS } from '../sql/columns.ts';
import { ARCHIVE, type FactModel, rootFactPageSql } from '../sql/retracted.ts';
import { run } from '../sql/statement.ts';
import type { Context } from './builder.ts';
import { loadPlanned, type Parent } from './loaders.ts';
import { connectionOf, type Page } from './pagination.ts';
import { CONNECTION_ITEMS, selects } from './selection.ts';

export interface RetractionRow {
  at: Date;
  by: string;
  reason: string;
  /** retractFact (a curator) or ingestSource (a re-ingested file dropped it). */
  retractedIn: string;
}

const DELEGATES = { Relation: ['relation', 'retractedRelation'], Observation: ['observation', 'retractedObservation'] } as const;
const RETRACTION_FIELDS = ['id', 'recordedAt', 'retractedAt', 'retractedBy', 'retractionReason', 'retractedIn'];

type Delegate = { findMany(args: object): Promise<Array<Record<string, unknown> & { id: number }>> };

/** The plan of a live row, for its archive: only the fields the archive has, and always its retraction. */
function archivePlan(model: FactModel, query: object): object {
  const fields = new Set(MODELS[ARCHIVE[model]].fields.map((f) => f.name));
  const keep = (part: Record<string, unknown>) => Object.fromEntries(Object.entries(part).filter(([name]) => fields.has(name)));
  const q = query as { select?: Record<string, unknown>; include?: Record<string, unknown> };
  if (q.select) return { ...q, select: { ...keep(q.select), ...Object.fromEntries(RETRACTION_FIELDS.map((f) => [f, true])) } };
  return q.include ? { ...q, include: keep(q.include) } : q;
}

/** A retracted row as its live model reads: the stand-ins of src/sql/retracted.ts, and its retraction. */
function asLive(row: Record<string, unknown>): Record<string, unknown> {
  const retraction: RetractionRow = {
    at: row.retractedAt as Date,
    by: row.retractedBy as string,
    reason: row.retractionReason as string,
    retractedIn: row.retractedIn as string,
  };
  return { ...row, createdAt: row.recordedAt, rank: 'NORMAL', rankReason: null, retraction };
}

/** Retracted rows of a fact model by ID (as their live model reads, with their retraction), with a planned query. */
export async function loadRetractedFacts<Row extends { id: number }>(ctx: Context, model: FactModel, query: object, ids: number[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const archive = ctx.prisma[DELEGATES[model][1]] as unknown as Delegate;
  return (await archive.findMany({ ...archivePlan(model, query), where: { id: { in: ids } } })).map(asLive) as unknown as Row[];
}

/**
 * Rows of a fact model by ID with a planned query: one statement for the live
 * table, and with `includeRetracted` one more for the archive (whatever it finds).
 */
export async function loadFacts<Row extends { id: number }>(
  ctx: Context,
  model: FactModel,
  query: object,
  ids: number[],
  includeRetracted: boolean | null | undefined,
): Promise<Row[]> {
  const [live, archive] = DELEGATES[model].map((name) => ctx.prisma[name] as unknown as Delegate);
  const rows = await live!.findMany({ ...query, where: { id: { in: ids } } });
  if (!includeRetracted) return rows as unknown as Row[];
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  const retracted = await archive!.findMany({ ...archivePlan(model, query), where: { id: { in: missing } } });
  return [...rows, ...retracted.map(asLive)] as unknown as Row[];
}

/**
 * A root page of current and retracted facts matching a Prisma `where`: the page's ids in one statement
 * (src/sql/retracted.ts), their rows (as they are now, current or retracted)
 * with what the query selects beneath the items, and the total only when
 * asked for.
 */
export async function rootFactPage<Row extends { id: number }>(ctx: Context, info: GraphQLResolveInfo, model: FactModel, page: Page, where: unknown) {
  const statements = rootFactPageSql(model, where, page, selects(info, ['totalCount']));
  const [{ rows: ids }, totals] = await Promise.all([
    run<{ id: number }>(ctx.pool, statements.page),
    statements.total ? run<{ total: string }>(ctx.pool, statements.total) : null,
  ]);
  const query = queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS });
  const byId = new Map((await loadFacts<Row>(ctx, model, query, ids.map((r) => r.id), true)).map((row) => [row.id, row]));
  const rows = ids.map((r) => byId.get(r.id)).filter((row): row is Row => row !== undefined);
  return { ...connectionOf(rows, page), totalCount: Number(totals?.rows[0]?.total ?? 0) };
}

/** `load` for a fact connection's NestedPages: the page's rows with the items it selects, from the archive too if asked. */
export function factItemsOf<Row extends { id: number }>(ctx: Context, model: FactModel, includeRetracted: boolean | null | undefined) {
  return (parents: readonly Parent[], idsOf: (parentId: number) => readonly number[]) =>
    loadPlanned<Row>(
      parents,
      (info) => queryFromInfo({ context: ctx, info, paths: CONNECTION_ITEMS }),
      idsOf,
      (query, ids) => loadFacts<Row>(ctx, model, query, ids, includeRetracted),
    );
}
