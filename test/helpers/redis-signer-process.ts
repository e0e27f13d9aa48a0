/**
 * Child process: the signing endpoint in relay mode behind `toNodeListener({ trustProxy: 1 })`, on the Redis state
 * (`STATE=redis`, `REDIS_URL`, `PREFIX`, `WHEN_UNAVAILABLE`) or in memory (`STATE=memory`), forwarding to the
 * sandbox at `API_BASE`. Prints `port <n>` once listening.
 */
import { createServer } from 'node:http';
import {
  createMemoryState,
  createRedisState,
  createSigningHandler,
  toNodeListener,
  type WhenUnavailable,
} from '../../src/server/index.js';
import { connectAnyRedis } from './redis-connect.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const state =
  env('STATE') === 'redis'
    ? createRedisState({
        redis: await connectAnyRedis(env('REDIS_URL')),
        prefix: env('PREFIX'),
        timeoutMs: 300,
        whenUnavailable: (process.env.WHEN_UNAVAILABLE ?? 'refuse') as WhenUnavailable,
      })
    : createMemoryState();
const handler = createSigningHandler({
  apiKey: env('API_KEY'),
  secretKey: env('SECRET_KEY'),
  gameId: env('GAME_ID'),
  apiBase: env('API_BASE'),
  basePath: '/plyr/relay',
  origins: '*',
  state,
});
const listener = toNodeListener(handler, { trustProxy: 1 });
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    void state.health().then((health) => {
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(health));
    });
    return;
  }
  listener(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`port ${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
