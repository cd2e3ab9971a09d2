// Claims: when sources give different values for one question (a metric of a
// subject and scope over a period), each observation is one claim, kept with
// its evidence. An observation says whether other sources disagree, how it
// ranks, and why; `claims` groups the competing values. The ranking rule is
// the view analytics.observation_claims (src/sql/claims.ts).
import DataLoader from 'dataloader';
import type { Observation } from '../generated/prisma/client.ts';
import { type ClaimRow, claimsOfQuestions } from '../sql/claims.ts';
import { builder, type Context } from './builder.ts';
import { loadByIds } from './loaders.ts';
import { ObservationNode } from './observation.ts';

export const ClaimRankEnum = builder.enumType('ClaimRank', {
  description:
    'How a claim ranks among the sources\' values for the same question (metric, subject, scope, period), as in Wikidata. Curators set ranks; until one prefers a claim, the most recent publication is PREFERRED.',
  values: {
    PREFERRED: { description: 'This value answers when one value is asked for (series, rankings, sums).' },
    NORMAL: { description: 'A value of the record that does not answer: superseded by a later publication, or not chosen by a curator.' },
    DEPRECATED: { description: 'Known to be wrong or withdrawn; kept with its evidence, never answers.' },
  } as const,
});

export const ClaimChoiceEnum = builder.enumType('ClaimChoice', {
  description: 'Which claims an aggregate reads when sources give several values for one question.',
  values: {
    ANSWERS: { description: 'Only the claim that answers each question (the PREFERRED one): a revision replaces what it revises.' },
    ALL: { description: 'Every source\'s claim: a question answered twice counts twice.' },
  } as const,
});

/** The claims of each observation's question, loaded for every observation of the request at once. */
function claimsLoader(ctx: Context): DataLoader<number, ClaimRow[]> {
  let loader = ctx.loaders.get('claims-of-questions') as DataLoader<number, ClaimRow[]> | undefined;
  if (!loader) {
    loader = new DataLoader<number, ClaimRow[]>(async (ids) => {
      const rows = await claimsOfQuestions(ctx.pool, ids);
      return ids.map((id) => rows.filter((r) => r.askedId === id));
    });
    ctx.loaders.set('claims-of-questions', loader);
  }
  return loader;
}

const ownClaim = async (o: Observation, ctx: Context): Promise<ClaimRow> =>
  (await claimsLoader(ctx).load(o.id)).find((r) => r.observationId === o.id)!;

interface ClaimGroupShape {
  claims: ClaimRow[];
  observations: Map<number, Observation>;
}

const ClaimGroup = builder.objectRef<ClaimGroupShape>('ClaimGroup').implement({
  description:
    'The competing values for one question: a metric of a subject (and scope) over one period, one claim per source, each with its evidence and the publication date of its source.',
  fields: (t) => ({
    count: t.int({ description: 'How many claims (sources) answer the question.', resolve: (g) => g.claims.length }),
    disputed: t.boolean({ description: 'Whether the claims disagree: some give another value or unit.', resolve: (g) => g.claims.some((c) => c.disputed) }),
    answer: t.field({
      type: ObservationNode,
      nullable: true,
      description: 'The claim that answers when one value is asked for; null only if every claim is DEPRECATED.',
      resolve: (g) => {
        const answer = g.claims.find((c) => c.answers);
        return answer ? (g.observations.get(answer.observationId) ?? null) : null;
      },
    }),
    claims: t.field({
      type: [ObservationNode],
      description: 'Every claim, the answering one first, then by publication date, newest first.',
      resolve: (g) => g.claims.map((c) => g.observations.get(c.observationId)!),
    }),
  }),
});

builder.prismaObjectFields(ObservationNode, (t) => ({
  rank: t.field({
    type: ClaimRankEnum,
    description: 'This claim\'s rank among the values sources give for the same metric, subject, scope and period.',
    resolve: async (o, _args, ctx) => (await ownClaim(o, ctx)).rank,
  }),
  rankReason: t.string({
    description: 'Why the claim has its rank, e.g. "the most recent publication (...)" or a curator\'s reason.',
    resolve: async (o, _args, ctx) => (await ownClaim(o, ctx)).rankReason,
  }),
  disputed: t.boolean({
    description: 'Whether another source gives a different value (or unit) for the same metric, subject, scope and period: see `claims`.',
    resolve: async (o, _args, ctx) => (await ownClaim(o, ctx)).disputed,
  }),
  claims: t.field({
    type: ClaimGroup,
    description: 'Every source\'s value for this observation\'s metric, subject, scope and period, this one among them.',
    resolve: async (o, _args, ctx, info) => {
      const claims = await claimsLoader(ctx).load(o.id);
      // The claims' observations, with what the query selects beneath them, for every parent at once.
      const observations = await observationsOf(ctx, info, claims.map((c) => c.observationId));
      return { claims, observations };
    },
  }),
}));

/** Loads the claims' observations of every parent asking in the same tick in one statement. */
function observationsOf(ctx: Context, info: Parameters<typeof loadByIds>[1], ids: number[]): Promise<Map<number, Observation>> {
  const key = `claim-observations:${info.fieldNodes.map((n) => n.loc?.start).join(',')}`;
  let loader = ctx.loaders.get(key) as DataLoader<number, Observation | undefined> | undefined;
  if (!loader) {
    loader = new DataLoader<number, Observation | undefined>(async (wanted) => {
      const found = await loadByIds<Observation>(ctx, info, 'observation', [['claims'], ['answer']], [...wanted]);
      return wanted.map((id) => found.get(id));
    });
    ctx.loaders.set(key, loader);
  }
  const l = loader;
  return Promise.all(ids.map((id) => l.load(id))).then((rows) => new Map(rows.flatMap((r) => (r ? [[r.id, r] as const] : []))));
}
