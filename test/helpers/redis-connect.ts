/** The Redis client of the tests and their child processes (no Jest imports: children load it too). */
import { Cluster, Redis } from 'ioredis';

/** How a Cluster's nodes are written in a test's Redis URL (see `redis-cluster.ts`). */
const CLUSTER_SCHEME = 'redis-cluster://';

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

/**
 * The client for `url`: an ioredis `Cluster` over the listed nodes for `redis-cluster://host:port,…` (set up as
 * docs/deploy.md recommends: no offline queue, reconnects every 100 ms), else {@link connectRedis}'s.
 */
export async function connectAnyRedis(url: string): Promise<Redis | Cluster> {
  if (!url.startsWith(CLUSTER_SCHEME)) return connectRedis(url);
  const nodes = url
    .slice(CLUSTER_SCHEME.length)
    .split(',')
    .map((address) => {
      const [host, port] = address.split(':');
      return { host: host!, port: Number(port) };
    });
  const cluster = new Cluster(nodes, {
    enableOfflineQueue: false,
    clusterRetryStrategy: () => 100,
    lazyConnect: true,
    redisOptions: { maxRetriesPerRequest: 1 },
  });
  cluster.on('error', () => {});
  await cluster.connect();
  return cluster;
}
