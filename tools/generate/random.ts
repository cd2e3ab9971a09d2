// Seeded randomness for the synthetic graph: the same seed gives the same
// graph on every machine. pure-rand's xoroshiro128+ is the generator; each
// source gets a stream of its own (seeded from the run's seed and the source's
// number), so one source's draws never shift another's.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class Random {
  private readonly rng;

  constructor(seed: number, stream = 0) {
    // Mix the stream number into the seed (a multiplicative hash keeps nearby streams apart).
    this.rng = xoroshiro128plus((Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(stream + 1, 0x85ebca6b)) | 0);
  }

  /** A float in [0, 1). */
  next(): number {
    return uniformFloat64(this.rng);
  }

  /** An integer in [from, to]. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let left = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      left -= w;
      if (left < 0) return key;
    }
    return entries.at(-1)![0];
  }

  /**
   * A rank in [0, n) with a heavy head: half the draws are log-uniform (rank k
   * is drawn with probability about 1/(k+1), so the first few ranks are hubs
   * with thousands of edges), half uniform (so most entities get a handful).
   */
  skewedRank(n: number): number {
    if (this.chance(0.5)) return this.int(0, n - 1);
    return Math.min(n - 1, Math.floor(Math.exp(this.next() * Math.log(n + 1))) - 1);
  }
}
