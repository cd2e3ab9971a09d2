// retractFact and restoreFact: a relation or observation taken back (kept in
// retracted_*, with when, by whom and why) or put back, each recorded in the
// change log. A curator's retraction stands through later ingests of the
// source until a curator restores the fact.
import type { Prisma } from '../../generated/prisma/client.ts';
import { type FactTable, moveFromArchive, moveToArchive, recordAs } from '../../sql/history.ts';
import { unstorableText } from '../../ingest/unstorable-text.ts';
import { builder, type Context } from '../builder.ts';
import { ObservationNode } from '../observation.ts';
import { RelationNode } from '../relation.ts';
import { decodeGlobalId, encodeGlobalId } from '../scalars.ts';
import { curatorOf, recordChange } from './context.ts';
import { type UserError, userErrorsField } from './user-errors.ts';
import { LIMITS } from '../../limits.ts';

const TABLE_OF_TYPE: Record<string, FactTable> = { Relation: 'relation', Observation: 'observation' };

interface FactResult {
  table: FactTable | null;
  id: number | null;
  userErrors: UserError[];
}

function factOf(globalId: string): { table: FactTable; id: number } | UserError {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalId(globalId);
  } catch {
    return { code: 'NOT_FOUND', path: 'id', message: `"${globalId.slice(0, 100)}" is not a tradegraph ID.` };
  }
  const table = TABLE_OF_TYPE[decoded.typename];
  if (!table) return { code: 'INVALID', path: 'id', message: `Only relations and observations can be retracted or restored, not a ${decoded.typename}.` };
  return { table, id: Number(decoded.id) };
}

function reasonProblem(reason: string): UserError | null {
  const trimmed = reason.trim();
  if (!trimmed) return { code: 'INVALID', path: 'reason', message: 'Say why: the reason is kept with the fact and in the change log.' };
  if (trimmed.length > LIMITS.reasonLength) return { code: 'INVALID', path: 'reason', message: `A reason is at most ${LIMITS.reasonLength} characters.` };
  const unstorable = unstorableText(trimmed);
  if (unstorable) return { code: 'INVALID', path: 'reason', message: `The reason ${unstorable}.` };
  return null;
}

async function move(ctx: Context, input: { id: string; reason: string }, direction: 'retract' | 'restore'): Promise<FactResult> {
  const action = direction === 'retract' ? 'retractFact' : 'restoreFact';
  const actor = curatorOf(ctx, action, input.reason.trim());
  const fact = factOf(input.id);
  if ('code' in fact) return { table: null, id: null, userErrors: [fact] };
  const problem = reasonProblem(input.reason);
  if (problem) return { table: null, id: null, userErrors: [problem] };
  const moved = await ctx.prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    await recordAs(tx, actor);
    return direction === 'retract'
      ? moveToArchive(tx, fact.table, [fact.id], { reason: input.reason.trim(), retractedIn: 'retractFact' })
      : moveFromArchive(tx, fact.table, [fact.id], input.reason.trim());
  });
  if (moved.length === 0) {
    const state = direction === 'retract' ? 'current' : 'retracted';
    return { table: null, id: null, userErrors: [{ code: 'NOT_FOUND', path: 'id', message: `No ${state} ${fact.table} has this ID.` }] };
  }
  recordChange(ctx, { sourceSlug: null, origin: 'CURATION' });
  return { table: fact.table, id: fact.id, userErrors: [] };
}

builder.relayMutationField(
  'retractFact',
  {
    description: 'A relation or observation to take back, and why.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The global ID of a current relation or observation.' }),
      reason: t.string({ required: true, description: `Why it is taken back (kept with it; at most ${LIMITS.reasonLength} characters).` }),
    }),
  },
  {
    description:
      'Takes a relation or observation back: it leaves the current graph (reads show it only with `includeRetracted`) and is kept with when, by whom and why. ' +
      'Later ingests of its source keep it retracted. Needs a token with the CURATE scope.',
    resolve: (_root, { input }, ctx) => move(ctx, input, 'retract'),
  },
  {
    name: 'RetractFactPayload',
    description: 'The fact retracted (its id, to restore it), or why nothing was.',
    outputFields: (t) => ({
      retractedId: t.id({
        nullable: true,
        description: 'The global ID of the fact retracted.',
        resolve: (r) => (r.id === null ? null : encodeGlobalId(r.table === 'relation' ? 'Relation' : 'Observation', r.id)),
      }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'restoreFact',
  {
    description: 'A retracted relation or observation to put back, and why.',
    inputFields: (t) => ({
      id: t.id({ required: true, description: 'The global ID of a retracted relation or observation.' }),
      reason: t.string({ required: true, description: `Why it is put back (kept in the change log; at most ${LIMITS.reasonLength} characters).` }),
    }),
  },
  {
    description: 'Puts a retracted relation or observation back into the current graph, with its ID. Needs a token with the CURATE scope.',
    resolve: (_root, { input }, ctx) => move(ctx, input, 'restore'),
  },
  {
    name: 'RestoreFactPayload',
    description: 'The fact restored, or why nothing was.',
    outputFields: (t) => ({
      relation: t.prismaField({
        type: RelationNode,
        nullable: true,
        description: 'The relation restored, when the fact is one.',
        resolve: (query, r, _args, ctx) => (r.table === 'relation' && r.id !== null ? ctx.prisma.relation.findUnique({ ...query, where: { id: r.id } }) : null),
      }),
      observation: t.prismaField({
        type: ObservationNode,
        nullable: true,
        description: 'The observation restored, when the fact is one.',
        resolve: (query, r, _args, ctx) =>
          r.table === 'observation' && r.id !== null ? ctx.prisma.observation.findUnique({ ...query, where: { id: r.id } }) : null,
      }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);
