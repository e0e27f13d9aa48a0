/**
 * A real `redis-server` (Debian's package, /usr/bin/redis-server) for the Redis state tests: started on a free
 * loopback port in a temporary directory (append-only file, so a restart keeps the data), stopped and restarted on
 * the same port, and removed at the end. Without the binary a suite fails with a clear message when `CI` is set,
 * and is skipped with a warning otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const MISSING = `redis-server not found at ${REDIS_SERVER_PATH} (apt-get install redis-server; .ci/run does).`;

/** `describe` that needs redis-server: under CI a failing test without it; locally a skipped suite. */
export function describeWithRedis(name: string, fn: () => void): void {
  if (existsSync(REDIS_SERVER_PATH)) describe(name, fn);
  else if (process.env.CI)
    describe(name, () => {
      it('needs redis-server', () => {
        throw new Error(MISSING);
      });
    });
  else {
    console.warn(`Skipping "${name}": ${MISSING}`);
    describe.skip(name, fn);
  }
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running redis-server the test controls. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGTERM, SIGKILL after 5 s; the append-only file keeps the data). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/**
 * A free port whose cluster bus port (+10000) is free too, both on 127.0.0.1: a cluster node listens on both.
 */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port > 55_535) continue;
    const bus = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port + 10_000, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (bus) return port;
  }
}

/**
 * Starts redis-server on a free loopback port in a new temporary directory: a replica of `replicaOf`'s port, or a
 * Redis Cluster node (`cluster`, its `nodes.conf` in that directory, so a restart rejoins its cluster).
 */
export async function startRedisServer(
  options: { replicaOf?: number; cluster?: boolean } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-redis-'));
  const port = options.cluster ? await freeClusterPort() : await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      REDIS_SERVER_PATH,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'],
        ...(options.replicaOf === undefined ? [] : ['--replicaof', '127.0.0.1', String(options.replicaOf)]),
        ...(options.cluster ? ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      // A primary may wait for its replicas before exiting (shutdown-timeout): never longer than 5 s here.
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
