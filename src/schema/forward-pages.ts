// Connections that page forwards only. A ranking (search) or a walk nearest
// first (neighbors) is cut from its start, so these fields take `first` and
// `after` and not `last`/`before`: the schema says what runs. (Relay's
// @connection needs only the forward pair.)
import type { ArgBuilder } from '@pothos/core';
import { builder, type Types } from './builder.ts';

/** The arguments of a forward-only page, described like every connection's. */
export function forwardPageArgs(arg: ArgBuilder<Types>) {
  const relay = builder.options.relay;
  return {
    after: arg.string({ description: relay?.afterArgOptions?.description }),
    first: arg.int({ description: relay?.firstArgOptions?.description }),
  };
}
