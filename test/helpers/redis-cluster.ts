/**
 * A real Redis Cluster of three masters (no replicas) for the Redis state tests: three redis-server nodes in cluster
 * mode on free loopback ports, joined with `redis-cli --cluster create`, ready once every node says
 * `cluster_state:ok`. Stopping it stops every node; starting it again restarts them on their ports and directories
 * (each keeps its `nodes.conf` and append-only file), so the cluster comes back with its slots and data.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeWithRedis, REDIS_SERVER_PATH, type RedisServer, startRedisServer } from './redis-server.js';

const REDIS_CLI_PATH = process.env.REDIS_CLI_PATH ?? join(dirname(REDIS_SERVER_PATH), 'redis-cli');
const run = promisify(execFile);

/** A running cluster: its `url` lists every node (`redis-cluster://host:port,…`, read by `connectRedis`). */
export interface RedisCluster extends RedisServer {
  readonly ports: readonly number[];
}

/** Starts a three-master cluster on loopback (a few seconds) and waits until it serves every slot. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const nodes = await Promise.all([0, 1, 2].map(() => startRedisServer({ cluster: true })));
  const ports = nodes.map((n) => n.port);
  const addresses = ports.map((p) => `127.0.0.1:${p}`);
  try {
    await run(REDIS_CLI_PATH, [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await clusterReady(ports);
  } catch (error) {
    await Promise.all(nodes.map((n) => n.close()));
    throw error;
  }
  return {
    ports,
    port: ports[0]!,
    url: `redis-cluster://${addresses.join(',')}`,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
    async start() {
      await Promise.all(nodes.map((n) => n.start()));
      await clusterReady(ports);
    },
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
    },
  };
}

/** Resolves once every node answers `cluster_state:ok` (slots assigned, nodes agreed). */
async function clusterReady(ports: readonly number[], timeoutMs = 20_000): Promise<void> {
  const clients = ports.map((port) => new Redis(port, '127.0.0.1', { lazyConnect: true }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const until = Date.now() + timeoutMs;
    for (;;) {
      const infos = await Promise.all(clients.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
      if (infos.every((info) => info.includes('cluster_state:ok'))) return;
      if (Date.now() > until) throw new Error(`the cluster did not become ready:\n${infos.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}

/** Where a suite runs: one redis-server, or a three-master Redis Cluster. */
export type RedisKind = 'single' | 'cluster';

/** Starts the Redis of `kind`. */
export function startRedis(kind: RedisKind): Promise<RedisServer> {
  return kind === 'cluster' ? startRedisCluster() : startRedisServer();
}

/**
 * The suite `fn` twice: on one redis-server and on a three-master Cluster (each `describe` starts its own Redis, once,
 * with `startRedis(kind)`). Needs redis-server as {@link describeWithRedis} does.
 */
export function describeEachRedis(name: string, fn: (kind: RedisKind) => void): void {
  describeWithRedis(name, () => {
    for (const kind of ['single', 'cluster'] as const)
      describe(`on ${kind === 'single' ? 'one redis-server' : 'a Redis Cluster'}`, () => fn(kind));
  });
}
