// The mutation rate limit shared by every instance through Redis (see
// src/auth/rate-limit.ts for what it allows and how it falls back).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { MutationRateLimiter } from '../auth/rate-limit.ts';
import type { RedisLink } from './link.ts';

export interface SharedRateLimitOptions {
  link: RedisLink;
  /** Key prefix of this graph (tokens are a database's). */
  scope: string;
  perMinute: number;
  burst: number;
}

export function sharedRateLimiter({ link, scope, perMinute, burst }: SharedRateLimitOptions): MutationRateLimiter {
  const points = burst;
  // The window in which `burst` mutations make the average rate (whole seconds, as the library counts them).
  const duration = Math.max(1, Math.round((burst * 60) / perMinute));
  const limiter = new RateLimiterRedis({
    storeClient: link.command,
    keyPrefix: `${scope}mutations`,
    points,
    duration,
    // Not connected: use the insurance at once rather than wait for a command to fail.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'mutations', points, duration }),
  });
  return {
    async take(holder, cost = 1) {
      try {
        await limiter.consume(String(holder), cost);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    },
  };
}
