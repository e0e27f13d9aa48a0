/**
 * docs/deploy.md's examples ("Several instances behind a proxy" with "Health check" in place of its server line,
 * as the docs say), run as written in a fresh Node process (dist/server.js, ioredis) against a real redis-server
 * and the sandbox. Only the package name, the environment variables and the port are replaced; a few lines after
 * them probe the health route, log in through the endpoint and launch through the relay. The "Redis Cluster" example
 * runs against a real three-master cluster.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { distUrl, examples, replaced, runModule } from '../helpers/readme.js';
import { startRedisCluster } from '../helpers/redis-cluster.js';
import { describeWithRedis, freePort, type RedisServer, startRedisServer } from '../helpers/redis-server.js';

describeWithRedis('docs/deploy.md: Redis state examples', () => {
  let sandbox: Sandbox;
  let redis: RedisServer;

  beforeAll(async () => {
    [sandbox, redis] = await Promise.all([startSandbox({ gameId: 'mygame' }), startRedisServer()]);
  });

  afterAll(async () => {
    await Promise.all([sandbox.close(), redis.close()]);
  });

  it('serves health, a 2FA login and an MG+ launch with state in Redis', async () => {
    const [several, ...rest] = examples('Several instances behind a proxy', 'docs/deploy.md');
    const [health] = examples('Health check', 'docs/deploy.md');
    expect(rest).toEqual([]);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = await sandbox.mgplus.mintLaunchToken({ player: 'eur', game: 'fruit-slots' });
    const program = `${replaced(several as string, [
      ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
      ['http.createServer(toNodeListener(handler, { trustProxy: 1 })).listen(8787);', health as string],
      ['.listen(8787)', `.listen(${port}, '127.0.0.1')`],
    ])}
const healthz = await fetch('${base}/healthz');
const login = await fetch('${base}/plyr/relay/api/user/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ plyrId: 'demo-player', otp: ${JSON.stringify(sandbox.totp('demo-player'))} }),
});
const relayServer = http.createServer(toNodeListener(relay)).listen(0, '127.0.0.1');
await new Promise((resolve) => relayServer.once('listening', resolve));
const launch = await fetch(\`http://127.0.0.1:\${relayServer.address().port}/mg/v1/authenticate\`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ launchToken: ${JSON.stringify(token)}, provider: 'mystudio', game: 'fruit-slots', platform: 'desktop' }),
});
const { sessionId } = await launch.json();
const session = await mg.session(sessionId);
console.log(JSON.stringify({
  health: { status: healthz.status, body: await healthz.json() },
  login: { status: login.status, plyrId: (await login.json()).plyrId },
  launch: launch.status,
  session: session?.playerId,
  keys: (await redis.keys('mygame:*')).length,
}));
redis.disconnect();
process.exit(0);
`;
    const run = await runModule(program, {
      env: {
        REDIS_URL: redis.url,
        PLYR_API_KEY: sandbox.apiKey,
        PLYR_SECRET_KEY: sandbox.secretKey,
        PLYR_API_BASE: sandbox.url,
        MGPLUS_URL: sandbox.url,
        MGPLUS_SHARED_SECRET: sandbox.mgplus.sharedSecret,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.health).toEqual({
      status: 200,
      body: { ok: true, store: 'redis', latencyMs: expect.any(Number) },
    });
    expect(out.login).toEqual({ status: 200, plyrId: 'demo-player' });
    expect(out.launch).toBe(200);
    expect(out.session).toBe('44-10000-00001');
    expect(out.keys).toBeGreaterThan(0); // the limits and the session live in Redis, under the docs' prefix
  });
});

describeWithRedis('docs/deploy.md: Redis Cluster example', () => {
  it('connects to a real three-master cluster; limits, sessions and the journal work there', async () => {
    const cluster = await startRedisCluster();
    try {
      const [example, ...rest] = examples('Redis Cluster', 'docs/deploy.md');
      expect(rest).toEqual([]);
      const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
      const program = `${replaced(example as string, [
        ["from 'plyr-kit/server'", `from ${distUrl('server.js')}`],
        [
          "[\n    { host: 'redis-1', port: 6379 },\n    { host: 'redis-2', port: 6379 },\n  ]",
          JSON.stringify(nodes),
        ],
      ])}
const limiter = state.rateLimiter('ip', { tokens: 2, intervalMs: 60_000 }, { now: Date.now, maxKeys: 10 });
const takes = [];
for (let i = 0; i < 3; i++) takes.push((await limiter.take('192.0.2.1')).ok);
await state.sessions.put('s1', { playerId: 'p1' }, 60_000);
await state.journal.save({ roundId: 'r1', state: 'open', steps: [] });
console.log(JSON.stringify({
  health: (await state.health()).ok,
  takes,
  session: (await state.sessions.get('s1'))?.playerId,
  open: (await state.journal.unfinished()).map((r) => r.roundId),
  isCluster: redis.isCluster,
}));
redis.disconnect();
process.exit(0);
`;
      const run = await runModule(program);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        health: true,
        takes: [true, true, false],
        session: 'p1',
        open: ['r1'],
        isCluster: true,
      });
    } finally {
      await cluster.close();
    }
  }, 30_000);
});
