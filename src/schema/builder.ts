// The one schema builder of the server: plugins, scalars and conventions are
// set up here once; every file under src/schema/ adds its types to it.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type pg from 'pg';
import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import { CONNECTION_LIST_COST, fieldCost } from './cost.ts';
import { JSONResolver } from 'graphql-scalars';
import { DateScalar, DateTimeScalar } from './dates.ts';
import { decodeGlobalId, DecimalScalar, encodeGlobalId } from './scalars.ts';
import { LIMITS } from '../limits.ts';

export interface Context {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** This request's batch loaders (see loaders.ts); a new map per request. */
  loaders: Map<string, unknown>;
  /** false: answer every field by its resolvers, never by a compiled read (src/schema/compiled/). */
  compiledReads?: boolean;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    ID: { Input: string; Output: string | number };
    Decimal: { Input: string; Output: string | Prisma.Decimal };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: { totalCount?: number | (() => number | Promise<number>) };
}>({
  plugins: [PrismaPlugin, RelayPlugin, ComplexityPlugin],
  // Fields are non-null unless they say otherwise: clients need not guard every field.
  defaultFieldNullability: false,
  // Every field gets its cost (cost.ts); the total is checked once per request
  // before execution (src/http/query-limits.ts), with limits from the
  // configuration, so the plugin's own per-resolver check stays off.
  complexity: { fieldComplexity: fieldCost, disabled: true },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    defaultConnectionSize: LIMITS.defaultPageSize,
    maxConnectionSize: LIMITS.pageSize,
  },
  relay: {
    clientMutationId: 'omit',
    mutationInputArgOptions: { description: 'What the mutation takes, as one input object (Relay style).' },
    cursorType: 'String',
    // A connection's page size already multiplies what its edges select (cost.ts).
    nodesOnConnection: { description: 'The nodes of `edges`, for clients that do not need cursors.', complexity: CONNECTION_LIST_COST },
    nodeTypeOptions: { description: 'An object with a global ID that `node(id:)` refetches.' },
    idFieldOptions: { description: 'Opaque global ID: pass it to `node(id:)` to fetch this object again.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection, and the cursors to fetch the pages around it.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page (paging forward), or the `before` cursor\'s item exists (paging backward).' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page (paging backward), or the `after` cursor\'s item exists (paging forward).' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page: pass it as `before` for the page before.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page: pass it as `after` for the next page.' },
    defaultConnectionTypeOptions: { description: 'One page of a list, with its total size and the cursors to move through it.' },
    defaultEdgeTypeOptions: { description: 'One item of a page, with the cursor that marks its place.' },
    edgesFieldOptions: { nullable: false, complexity: CONNECTION_LIST_COST, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item: pass it as `after` or `before` to page from here.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the connection.' },
    firstArgOptions: { description: `Page size, counting from the start or from \`after\` (default ${LIMITS.defaultPageSize}, at most ${LIMITS.pageSize}).` },
    lastArgOptions: { description: `Page size, counting back from the end or from \`before\` (at most ${LIMITS.pageSize}).` },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // node and nodes are defined in nodes.ts, where one bad ID spoils only its own position.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    defaultConnectionFieldOptions: {},
  },
});

/** The builder's type parameters, for helpers that take field or argument builders. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.addScalarType('Decimal', DecimalScalar);
builder.addScalarType('Date', DateScalar);
builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JSONResolver, { description: 'Any JSON value: a knowledge file, a row of the change log.' });

builder.queryType({ description: 'The root of the tradegraph API: every read starts here.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: false,
    description: 'How many items the connection holds over all pages.',
    resolve: (parent) => (typeof parent.totalCount === 'function' ? parent.totalCount() : (parent.totalCount ?? 0)),
  }),
);
