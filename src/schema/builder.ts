// The one schema builder of the server: plugins, scalars and conventions are
// set up here once; every file under src/schema/ adds its types to it.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import type pg from 'pg';
import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './limits.ts';
import { decodeGlobalId, DecimalScalar, encodeGlobalId } from './scalars.ts';

export interface Context {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** This request's batch loaders (see loaders.ts); a new map per request. */
  loaders: Map<string, unknown>;
}


export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    ID: { Input: string; Output: string | number };
    Decimal: { Input: string; Output: string | Prisma.Decimal };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: { totalCount?: number | (() => number | Promise<number>) };
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  // Fields are non-null unless they say otherwise: clients need not guard every field.
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesOnConnection: { description: 'The nodes of `edges`, for clients that do not need cursors.' },
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
builder.addScalarType('Date', DateResolver);
builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({ description: 'The root of the tradegraph API: every read starts here.' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: false,
    description: 'How many items the connection holds over all pages.',
    resolve: (parent) => (typeof parent.totalCount === 'function' ? parent.totalCount() : (parent.totalCount ?? 0)),
  }),
);
