// A fact's history in words, for the side panel: when it was recorded,
// changed, retracted and restored, by whom, and why (the API's `history`,
// the change log's entries for the fact, oldest first).

export interface HistoryEntry {
  at: string;
  actor: string;
  operation: string;
  reason?: string | null;
}

const VERBS: Record<string, string> = {
  INSERT: 'Recorded',
  UPDATE: 'Changed',
  DELETE: 'Deleted',
  RETRACT: 'Retracted',
  RESTORE: 'Restored',
};

/** "2026-11-29 20:49 UTC" from an ISO timestamp: to the minute, in the zone the API answers in. */
const whenOf = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

/** One line per entry, e.g. "Retracted 2026-11-29 20:49 UTC by alice: the quote does not say so". */
export function historyLines(history: readonly HistoryEntry[]): string[] {
  return history.map((entry) => {
    const verb = VERBS[entry.operation] ?? entry.operation;
    return `${verb} ${whenOf(entry.at)} by ${entry.actor}${entry.reason ? `: ${entry.reason}` : ''}`;
  });
}

/** Whether a history says more than that the fact was recorded once. */
export const hasChanges = (history: readonly HistoryEntry[]) => history.some((entry) => entry.operation !== 'INSERT');
