// A fact's retraction, on Relation and Observation: null for a current fact;
// for a retracted one (shown by the fact connections' `includeRetracted`),
// when, by whom and why it was taken back (src/schema/fact-rows.ts loads it).
import { builder } from './builder.ts';
import type { RetractionRow } from './fact-rows.ts';
import { ObservationNode } from './observation.ts';
import { RelationNode } from './relation.ts';

const Retraction = builder.objectRef<RetractionRow>('Retraction').implement({
  description: 'When, by whom and why a fact was retracted. Retracted facts are kept with their evidence; `restoreFact` puts one back.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the fact was retracted.' }),
    by: t.exposeString('by', { description: 'Who retracted it: a token\'s name, or "cli:<user>" for the command line.' }),
    reason: t.exposeString('reason', { description: 'Why: the curator\'s reason, or that a re-ingested file no longer states it.' }),
    byCurator: t.boolean({
      description: 'True when a curator retracted it (retractFact; later ingests keep it retracted), false when a re-ingested file dropped it.',
      resolve: (r) => r.retractedIn === 'retractFact',
    }),
  }),
});

for (const node of [RelationNode, ObservationNode] as const) {
  builder.prismaObjectField(node as typeof RelationNode, 'retraction', (t) =>
    t.field({
      type: Retraction,
      nullable: true,
      description: 'Null for a current fact; for a retracted one (listed with `includeRetracted: true`, or fetched by `node(id:)`), when, by whom and why.',
      resolve: (fact) => (fact as { retraction?: RetractionRow }).retraction ?? null,
    }),
  );
}
