// A throwaway redis-server for the benches (no persistence, loopback only), and a free loopback port to put it on.
import { createServer } from 'node:net';

/** The redis-server the benches start (`REDIS_SERVER_PATH` overrides Debian's). */
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** A loopback port free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** redis-server's arguments: `port` on 127.0.0.1, working in `dir`, nothing saved. */
export const redisArgs = (port, dir) => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--dir',
  dir,
  '--save',
  '',
  '--appendonly',
  'no',
];

/** Resolves once the redis-server `proc` (stdout piped) accepts connections; rejects if it exits first. */
export function redisReady(proc) {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
}
