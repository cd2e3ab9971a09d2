// How far behind the primary a streaming replica is, from write-ahead-log
// positions (LSNs) rather than timestamps alone: a replica that has replayed
// everything the primary has written has no lag, however long ago the last
// commit was (an idle primary must not look like lag). Only while it is behind
// does time count: since the primary was first seen past the replica's replay
// position, or since the last transaction it replayed, whichever is shorter
// (the first is at most a check interval late; the second is exact when
// commits are steady but grows on an idle primary's first new write).

/** An LSN as PostgreSQL prints it (`16/B374D848`), as a number of bytes. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  if (high === undefined || low === undefined) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The primary's WAL position as one check saw it. */
export interface PrimarySample {
  lsn: bigint;
  at: number;
}

/** The primary's recent positions, oldest first, for timing how long a replica has been behind. */
export class PrimaryHistory {
  private readonly samples: PrimarySample[] = [];
  constructor(private readonly keep: number) {}

  add(sample: PrimarySample): void {
    const last = this.samples.at(-1);
    // Only positions that moved matter: the first time the primary was seen past a point.
    if (last && last.lsn >= sample.lsn) return;
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  latest(): PrimarySample | undefined {
    return this.samples.at(-1);
  }

  /** When the primary was first seen past `lsn` (the oldest sample kept, if all are). */
  firstPast(lsn: bigint): number | undefined {
    return this.samples.find((s) => s.lsn > lsn)?.at;
  }
}

export interface ReplicaPosition {
  /** pg_last_wal_replay_lsn() on the replica. */
  replayLsn: bigint;
  /** now() - pg_last_xact_replay_timestamp() on the replica, in ms (null before any replayed transaction). */
  sinceLastReplayMs: number | null;
}

/** Lag of a replica in ms, and in bytes of WAL, against the primary's history; null when the primary's position is unknown. */
export function replicaLag(history: PrimaryHistory, replica: ReplicaPosition, now: number): { ms: number; bytes: bigint } | null {
  const primary = history.latest();
  if (!primary) return null;
  if (replica.replayLsn >= primary.lsn) return { ms: 0, bytes: 0n };
  const since = history.firstPast(replica.replayLsn) ?? primary.at;
  const ms = Math.max(0, Math.min(now - since, replica.sinceLastReplayMs ?? Number.POSITIVE_INFINITY));
  return { ms: Math.round(ms), bytes: primary.lsn - replica.replayLsn };
}
