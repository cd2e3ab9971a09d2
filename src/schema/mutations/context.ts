// What mutations take from the request besides their input: the token's
// holder (checked for CURATE again here, whatever the HTTP layer did), how the
// change log names them, and the ingest limit.
import type { CommittedChange } from '../../events/graph-events.ts';
import type { ChangeActor } from '../../sql/history.ts';
import { requireScope } from '../../auth/viewer.ts';
import type { Context } from '../builder.ts';

declare module '../builder.ts' {
  interface Context {
    /** The largest knowledge file or text an ingest reads (TRADEGRAPH_INGEST_MAX_BYTES). */
    ingestMaxBytes?: number;
  }
}

export const DEFAULT_INGEST_MAX_BYTES = 256 * 1024 * 1024;

/** The curator behind a mutation, as the change log records them. */
export function curatorOf(ctx: Context, action: string, reason?: string | null): ChangeActor {
  const holder = requireScope(ctx.viewer, 'CURATE');
  return { actor: holder.name, tokenName: holder.name, action, reason: reason ?? null };
}

/** Records a committed change, announced to `graphChanged` subscribers once the operation is done (src/events/graph-events.ts). */
export function recordChange(ctx: Context, change: CommittedChange): void {
  ctx.graphChanges?.push(change);
}
