// Version reads are shared only by requests that arrived before the read was
// sent: a request never takes a version read before it arrived.
import { describe, expect, it } from 'vitest';
import { coalescedReader } from '../../src/cache/graph-version.ts';

describe('coalescedReader', () => {
  it('sends a new read for a caller that arrives while one is in flight, shared by all who wait', async () => {
    let sent = 0;
    const releases: Array<(v: string) => void> = [];
    const read = coalescedReader(() => new Promise<string>((resolve) => { sent++; releases.push(resolve); }));
    const first = read();
    const second = read();
    const third = read();
    expect(sent).toBe(1);
    releases[0]!('1');
    expect(await first).toBe('1');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toBe(2);
    releases[1]!('2');
    expect(await second).toBe('2');
    expect(await third).toBe('2');
    expect(second).toBe(third);
  });

  it('recovers after a failed read', async () => {
    let n = 0;
    const read = coalescedReader(async () => {
      if (++n === 1) throw new Error('down');
      return String(n);
    });
    await expect(read()).rejects.toThrow('down');
    expect(await read()).toBe('2');
  });
});
