/** The Redis client of the tests and their child processes (no Jest imports: children load it too). */
import { Redis } from 'ioredis';

/**
 * An ioredis client as docs/deploy.md recommends it: commands fail at once while disconnected (no offline queue),
 * reconnects every 100 ms. Resolves once connected.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 100,
    lazyConnect: true,
  });
  redis.on('error', () => {}); // reconnects on its own; calls report their own failures
  await redis.connect();
  return redis;
}
