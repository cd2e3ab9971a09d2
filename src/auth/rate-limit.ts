// A token bucket per API token for mutations: LIMITS.mutationBurst at once, refilled
// at LIMITS.mutationsPerMinute. In memory, per server process (several replicas each
// allow the rate; a shared store would be Redis).
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` from the holder's bucket; the seconds to wait when it lacks them, else 0. */
  take(holder: number, cost = 1): number {
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const bucket = this.buckets.get(holder) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(holder, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - bucket.tokens) / rate / 1000));
  }
}
