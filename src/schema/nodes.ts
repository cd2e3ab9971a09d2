// node(id:) and nodes(ids:): refetch any object by its global ID. A malformed
// ID or one that names no object gives null for that position plus a readable
// error, never a failure of the whole request.
import { asOfArg } from './as-of.ts';
import { brandWithType } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { resolveNodes } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import { builder, type Context } from './builder.ts';
import { BadInputError, LimitExceededError, NotFoundError } from '../domain/errors.ts';
import { decodeGlobalId } from './scalars.ts';
import { LIMITS } from '../limits.ts';
import { loadRetractedFacts } from './fact-rows.ts';

async function loadNodes(ids: readonly string[], ctx: Context, info: GraphQLResolveInfo): Promise<unknown[]> {
  if (ids.length > LIMITS.nodeIds) {
    throw new LimitExceededError(`"ids" holds ${ids.length} IDs; ask for at most ${LIMITS.nodeIds} at once`, {
      argument: 'ids',
      limit: LIMITS.nodeIds,
    });
  }
  const parsed = ids.map((raw) => {
    try {
      const id = decodeGlobalId(raw);
      const type = info.schema.getType(id.typename);
      if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
        return new BadInputError(`"${raw.slice(0, 100)}" is not a tradegraph ID`, { argument: 'ids' });
      }
      return id;
    } catch (err) {
      return err as Error;
    }
  });
  const loaded = await resolveNodes(builder as never, ctx, info, parsed.map((p) => (p instanceof Error ? null : p)));
  await retractedFacts(parsed, loaded, ctx, info);
  return parsed.map((p, i) => {
    if (p instanceof Error) return p;
    return loaded[i] ?? new NotFoundError(`No ${p.typename} has the ID "${ids[i]}"`, { id: ids[i] });
  });
}

/**
 * Facts not found among the current ones, looked for among the retracted ones
 * (one statement per fact type, only if any is missing): a client that listed
 * one with includeRetracted refetches it, with its retraction.
 */
async function retractedFacts(parsed: Array<{ typename: string; id: string } | Error>, loaded: unknown[], ctx: Context, info: GraphQLResolveInfo) {
  for (const model of ['Relation', 'Observation'] as const) {
    const missing = parsed.flatMap((p, i) => (!(p instanceof Error) && p.typename === model && loaded[i] == null && /^\d{1,9}$/.test(p.id) ? [i] : []));
    if (!missing.length) continue;
    const query = queryFromInfo({ context: ctx, info, typeName: model });
    const rows = await loadRetractedFacts<{ id: number }>(ctx, model, query, missing.map((i) => Number((parsed[i] as { id: string }).id)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const i of missing) {
      const row = byId.get(Number((parsed[i] as { id: string }).id));
      if (!row) continue;
      brandWithType(row, model as never);
      loaded[i] = row;
    }
  }
}

async function loadNode(id: string, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> {
  const [node] = await loadNodes([id], ctx, info);
  if (node instanceof Error) throw node;
  return node;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Fetches any object by its global ID. A retracted relation or observation is found too, with its `retraction`. An unknown or malformed ID gives null and an error saying why. (Relay\'s exact signature: to refetch at a moment, use `nodes(ids:, asOf:)`.)',
    args: { id: t.arg.id({ required: true, description: 'A global ID, as any `id` field returns it.' }) },
    resolve: (_root, { id }, ctx, info) => loadNode(String(id), ctx, info) as never,
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `Fetches up to ${LIMITS.nodeIds} objects by their global IDs, in order. Each unknown or malformed ID gives null at its position and an error saying why.`,
    args: { ids: t.arg.idList({ required: true, description: 'Global IDs, as `id` fields return them.' }), ...asOfArg(t.arg) },
    resolve: (_root, { ids }, ctx, info) => loadNodes(ids.map(String), ctx, info) as never,
  }),
}));
