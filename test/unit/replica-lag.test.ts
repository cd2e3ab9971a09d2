// Replica lag from WAL positions: a replica that has replayed all the primary
// wrote has none, however long ago its last transaction (an idle primary);
// behind, the lag is the time since the primary was first seen past it.
import { describe, expect, it } from 'vitest';
import { parseLsn, PrimaryHistory, replicaLag } from '../../src/db/replica-lag.ts';

describe('replica lag', () => {
  it('reads LSNs as PostgreSQL prints them', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('nonsense')).toThrow();
  });

  it('is zero for a replica that has replayed everything, even an hour after the last commit', () => {
    const history = new PrimaryHistory(16);
    history.add({ lsn: 1000n, at: 0 });
    expect(replicaLag(history, { replayLsn: 1000n, sinceLastReplayMs: 3_600_000 }, 3_600_000)).toEqual({ ms: 0, bytes: 0n });
  });

  it('counts from the first check that saw the primary past the replica, not from an old last commit', () => {
    const history = new PrimaryHistory(16);
    history.add({ lsn: 1000n, at: 0 });
    history.add({ lsn: 1000n, at: 60_000 }); // idle: the position did not move
    history.add({ lsn: 1500n, at: 3_600_000 }); // a write after an hour
    expect(replicaLag(history, { replayLsn: 1000n, sinceLastReplayMs: 3_600_000 }, 3_600_200)).toEqual({ ms: 200, bytes: 500n });
  });

  it('grows while replay is stopped, and takes the shorter of the two clocks', () => {
    const history = new PrimaryHistory(16);
    history.add({ lsn: 1000n, at: 0 });
    history.add({ lsn: 2000n, at: 1_000 });
    history.add({ lsn: 3000n, at: 2_000 });
    expect(replicaLag(history, { replayLsn: 1000n, sinceLastReplayMs: null }, 9_000)).toEqual({ ms: 8_000, bytes: 2000n });
    expect(replicaLag(history, { replayLsn: 1000n, sinceLastReplayMs: 500 }, 9_000)).toEqual({ ms: 500, bytes: 2000n });
  });

  it('is unknown before the primary has been seen', () => {
    expect(replicaLag(new PrimaryHistory(4), { replayLsn: 0n, sinceLastReplayMs: null }, 0)).toBeNull();
  });
});
