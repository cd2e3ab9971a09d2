// The `asOf` argument of the root fields that read the graph. Its resolvers
// ignore it: an operation that gives it runs as a whole against the graph as it
// stood then (src/http/as-of.ts, src/db/as-of.ts), everything nested included.
import type { ArgBuilder } from '@pothos/core';
import type { Types } from './builder.ts';

export const AS_OF_DESCRIPTION =
  'Answer as the graph stood at this moment (from the change log): the facts that stood then, with the values they had, and entities, sources and metrics as they were; everything nested beneath answers at the same moment. Every root field of the operation must give the same asOf; a moment in the future is refused. Before the first recorded change the graph is empty.';

export const asOfArg = (arg: ArgBuilder<Types>) => ({ asOf: arg({ type: 'DateTime', description: AS_OF_DESCRIPTION }) });
