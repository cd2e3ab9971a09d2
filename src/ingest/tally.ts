// What an ingest did to each table: the counts its report, the CLI and the
// ingestSource payload show.
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export const TALLIED = ['source', 'metrics', 'entities', 'mentions', 'evidence', 'relations', 'observations'] as const;
export type Tallied = (typeof TALLIED)[number];

export const emptyTally = (): Tally => ({ created: 0, updated: 0, unchanged: 0, deleted: 0 });

export function sumTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    total.created += t.created;
    total.updated += t.updated;
    total.unchanged += t.unchanged;
    total.deleted += t.deleted;
  }
  return total;
}
