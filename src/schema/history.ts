// The history of the graph as the API shows it: the change log as `changes`
// (newest first, by source, entity or token), each fact's own history, and a
// source's version for optimistic concurrency (ingestSource's expectedVersion).
import DataLoader from 'dataloader';
import type { Change, Prisma } from '../generated/prisma/client.ts';
import { sourceVersion } from '../sql/history.ts';
import { builder, type Context } from './builder.ts';
import { ObservationNode } from './observation.ts';
import { connectionOf, type Ordering, pageOf } from './pagination.ts';
import { RelationNode } from './relation.ts';
import { decodeGlobalId } from './scalars.ts';
import { SourceNode } from './source.ts';
import { LIMITS } from '../limits.ts';


export const ChangeNode = builder.prismaNode('Change', {
  description:
    'One row changed, as the append-only change log recorded it: who (actor, token), when, what (table, row, operation) and the row before and after.',
  id: { field: 'id' },
  findUnique: (id) => ({ id: BigInt(id) }),
  nullable: true,
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the change was made (all rows of one mutation or ingest share it).' }),
    actor: t.exposeString('actor', { description: 'Who: a token\'s name, "cli:<user>" for the command line, "seed", or a database role for direct SQL.' }),
    tokenName: t.exposeString('tokenName', { nullable: true, description: 'The token\'s name, when the change came through the API.' }),
    action: t.exposeString('action', { description: 'ingestSource, retractFact, restoreFact, updateEntity, ingest (the CLI), seed, migration or sql.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'The reason the curator gave, if any.' }),
    table: t.exposeString('tableName', { description: 'The table of the row, e.g. relation, observation, entity.' }),
    rowKey: t.exposeString('rowKey', { description: 'The row\'s key in its table (its database id).' }),
    operation: t.exposeString('operation', { description: 'INSERT, UPDATE, DELETE, RETRACT or RESTORE.' }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'The row before, as its columns; null for an INSERT.' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'The row after, as its columns; null for a DELETE. A RETRACT adds the retraction.' }),
    source: t.prismaField({
      type: SourceNode,
      nullable: true,
      description: 'The source the change was made for, if any and if it still exists.',
      resolve: (query, change, _args, ctx) => (change.sourceId === null ? null : ctx.prisma.source.findUnique({ ...query, where: { id: change.sourceId } })),
    }),
  }),
});

const CHANGE_ORDER: Ordering = { name: 'change', keys: [{ field: 'seq', direction: 'desc', type: 'int' }] };

builder.queryField('changes', (t) =>
  t.connection(
    {
      type: ChangeNode,
      description: 'The change log, newest first: every row the API, the CLI or anyone else changed, with who, when, and before and after.',
      args: {
        source: t.arg.string({ description: 'Only changes made for this source (slug).' }),
        entity: t.arg.id({ description: 'Only changes of rows about this entity (its global ID): the entity itself, its attributes, facts about it.' }),
        token: t.arg.string({ description: 'Only changes made with the token of this name.' }),
      },
      resolve: async (_root, args, ctx) => {
        const page = pageOf(args, CHANGE_ORDER);
        const and: Prisma.ChangeWhereInput[] = [];
        if (args.source != null) and.push({ sourceId: (await ctx.prisma.source.findUnique({ where: { slug: args.source }, select: { id: true } }))?.id ?? -1 });
        if (args.entity != null) and.push({ entityIds: { has: Number(decodeGlobalId(args.entity).id) } });
        if (args.token != null) and.push({ tokenName: args.token });
        // Newest first: after a cursor come smaller ids; `last` reads from the oldest.
        if (page.after) and.push({ id: { lt: BigInt(page.after[0] as number) } });
        if (page.before) and.push({ id: { gt: BigInt(page.before[0] as number) } });
        const where = { AND: and };
        const [rows, totalCount] = await Promise.all([
          ctx.prisma.change.findMany({ where, orderBy: { id: page.backward ? 'asc' : 'desc' }, take: page.take }),
          ctx.prisma.change.count({ where: { AND: and.filter((w) => !('id' in w)) } }),
        ]);
        return { ...connectionOf(rows.map((r) => ({ ...r, seq: Number(r.id) })), page), totalCount };
      },
    },
    { name: 'ChangeConnection' },
  ),
);

builder.prismaObjectField(SourceNode, 'version', (t) =>
  t.string({
    select: { slug: true },
    description: 'The source\'s version: the last change recorded for it. Pass it as ingestSource\'s `expectedVersion` so a concurrent edit is a conflict, not a lost update.',
    resolve: (source, _args, ctx) => sourceVersion(ctx.prisma, source.slug),
  }),
);

/** Each fact's changes, oldest first, for every fact of a request in one statement. */
function historyLoader(ctx: Context, table: 'relation' | 'observation') {
  const key = `history:${table}`;
  let loader = ctx.loaders.get(key) as DataLoader<number, Change[]> | undefined;
  if (!loader) {
    loader = new DataLoader<number, Change[]>(async (ids) => {
      const rows = await ctx.prisma.change.findMany({
        where: { tableName: table, rowKey: { in: ids.map(String) } },
        orderBy: { id: 'asc' },
      });
      return ids.map((id) => rows.filter((r) => r.rowKey === String(id)).slice(-LIMITS.factHistory));
    });
    ctx.loaders.set(key, loader);
  }
  return loader;
}

for (const [node, table] of [[RelationNode, 'relation'], [ObservationNode, 'observation']] as const) {
  builder.prismaObjectField(node as typeof RelationNode, 'history', (t) =>
    t.field({
      type: [ChangeNode],
      description: `The fact's changes, oldest first (at most ${LIMITS.factHistory}): when it was recorded, changed, retracted and restored, and by whom.`,
      resolve: (fact, _args, ctx) => historyLoader(ctx, table).load(fact.id),
    }),
  );
}
