// Mutations per API token: LIMITS.mutationBurst at once, LIMITS.mutationsPerMinute on average.
// - One process (no REDIS_URL): a token bucket in memory, refilled continuously.
// - Several instances (REDIS_URL): one budget per token shared through Redis
//   (rate-limiter-flexible's RateLimiterRedis, an atomic Lua script), so N
//   instances together allow the rate once, not N times. Redis has fixed
//   windows, not a bucket: `burst` mutations per window of burst / rate (20 per
//   20 s by default), the same average and the same burst. While Redis is
//   unreachable (or slower than its command timeout) the same budget is kept
//   per process in memory (its insurance limiter) and Redis takes over again
//   once it answers.

/** Takes `cost` from the holder's budget; the seconds to wait when it lacks them, else 0. */
export interface MutationRateLimiter {
  take(holder: number, cost?: number): number | Promise<number>;
}

export class RateLimiter implements MutationRateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

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
