// The redis-server harness (test/helpers/redis-server.ts) and what needs only
// Redis: the shared mutation rate limit, across two limiters as two instances
// hold them, and its fall back to each process when Redis goes away.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.ts';
import { createLogger } from '../../src/logger.ts';
import { openRedisLink, type RedisLink } from '../../src/redis/link.ts';
import { sharedRateLimiter } from '../../src/redis/rate-limit.ts';
import { REDIS_SERVER_BINARY, type RedisServer, startRedisServer } from '../helpers/redis-server.ts';
import { until } from '../helpers/wait.ts';

const log = createLogger('silent');
let redis: RedisServer;
const links: RedisLink[] = [];

beforeAll(async () => {
  if (REDIS_SERVER_BINARY) redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(links.map((l) => l.close()));
  await redis?.close();
});

const ping = async (url: string) => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 300 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.ping();
  } catch (err) {
    return (err as Error).message;
  } finally {
    client.disconnect();
  }
};

describe.skipIf(!REDIS_SERVER_BINARY)('the redis-server harness', () => {
  it('starts on a port of its range, stops, starts again on the same port, and hangs on pause', async () => {
    expect(redis.port).toBeGreaterThanOrEqual(6390);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await ping(redis.url)).toBe('PONG');
    await redis.stop();
    expect(redis.running()).toBe(false);
    expect(await ping(redis.url)).toMatch(/ECONNREFUSED|closed/i);
    await redis.start();
    expect(await ping(redis.url)).toBe('PONG');
    redis.pause();
    try {
      expect(await ping(redis.url)).not.toBe('PONG');
    } finally {
      redis.resume();
    }
    expect(await ping(redis.url)).toBe('PONG');
  });
});

describe.skipIf(!REDIS_SERVER_BINARY)('the shared mutation rate limit', () => {
  it('is one budget for two instances, falls back to each process while Redis is down, and returns to Redis', async () => {
    const scope = `tg-test-rate-${Date.now()}:`;
    const open = () => {
      const link = openRedisLink({ url: redis.url, prefix: 'tg-test:', timeoutMs: 200, log });
      links.push(link);
      return link;
    };
    const [linkA, linkB] = [open(), open()];
    await until('both links up', 15_000, async () => linkA.up() && linkB.up());
    const options = { scope, perMinute: LIMITS.mutationsPerMinute, burst: LIMITS.mutationBurst };
    const [limiterA, limiterB] = [sharedRateLimiter({ link: linkA, ...options }), sharedRateLimiter({ link: linkB, ...options })];
    const waits: number[] = [];
    for (let i = 0; i < LIMITS.mutationBurst; i++) waits.push(await (i % 2 ? limiterB : limiterA).take(1));
    expect(waits.every((w) => w === 0)).toBe(true);
    const refused = await limiterB.take(1);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(Math.ceil((LIMITS.mutationBurst * 60) / LIMITS.mutationsPerMinute));
    // Another holder has its own budget.
    expect(await limiterA.take(2)).toBe(0);

    // Redis down: no error, each process keeps the budget for itself.
    await redis.stop();
    await until('links down', 15_000, async () => !linkA.up() && !linkB.up());
    const offline: number[] = [];
    for (let i = 0; i < LIMITS.mutationBurst; i++) offline.push(await limiterA.take(3));
    expect(offline.every((w) => w === 0)).toBe(true);
    expect(await limiterA.take(3)).toBeGreaterThan(0);
    // B's process had not used holder 3's budget.
    expect(await limiterB.take(3)).toBe(0);

    // Back on Redis (empty after its restart): shared again.
    await redis.start();
    await until('links up again', 15_000, async () => linkA.up() && linkB.up());
    for (let i = 0; i < LIMITS.mutationBurst; i++) expect(await (i % 2 ? limiterB : limiterA).take(4)).toBe(0);
    expect(await limiterA.take(4)).toBeGreaterThan(0);
  });
});
