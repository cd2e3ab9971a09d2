// graphChanged: a subscription (GraphQL over SSE, as Yoga serves it) telling
// clients that the graph changed, which source, and its new version, so they
// refetch instead of polling. Delivered across instances through Redis when
// REDIS_URL is set (src/events/graph-events.ts); reads' rules apply (the READ
// scope when TRADEGRAPH_PUBLIC_READ=false, src/auth/plugin.ts).
import type { GraphChange } from '../events/graph-events.ts';
import '../events/graph-events.ts';
import { builder } from './builder.ts';

const GraphChangeOrigin = builder.enumType('GraphChangeOrigin', {
  description: 'Who changed the graph.',
  values: {
    INGEST: { description: 'A knowledge file was ingested (the API or `npm run ingest` with Redis).' },
    CURATION: { description: 'A curator retracted or restored a fact or edited an entity.' },
    DETECTED: {
      description:
        'The version moved without an announcement (a write by SQL, the CLI without Redis, another process without Redis, or an announcement lost while Redis was down), found by comparing versions.',
    },
  },
});

const GraphChangeType = builder.objectRef<GraphChange>('GraphChange').implement({
  description: 'One committed change of the graph.',
  fields: (t) => ({
    version: t.exposeString('version', {
      description: 'The graph\'s version after the change (it only grows); answers cached under an older one are no longer served.',
    }),
    sourceSlug: t.exposeString('sourceSlug', {
      nullable: true,
      description: 'The slug of the source that changed (ingested, or defining the entity a curator edited); null for a retraction or restoration, and for a detected change.',
    }),
    origin: t.field({ type: GraphChangeOrigin, resolve: (c) => c.origin, description: 'Who changed the graph.' }),
  }),
});

builder.subscriptionType({ description: 'Changes, pushed as they commit (GraphQL over server-sent events: `Accept: text/event-stream`).' });

builder.subscriptionField('graphChanged', (t) =>
  t.field({
    type: GraphChangeType,
    description:
      'Every change of the graph from now on, on every instance. Delivery is at most once: a client that reconnects should refetch what it shows. Changes made while this server could not reach Redis arrive as one DETECTED change once it can.',
    subscribe: (_root, _args, ctx) => {
      if (!ctx.graphEvents) throw new Error('graph events are not configured');
      return ctx.graphEvents.subscribe();
    },
    resolve: (change) => change,
  }),
);
