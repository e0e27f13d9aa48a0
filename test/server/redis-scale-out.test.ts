/**
 * Scale-out for real: three signing-endpoint processes (relay mode, one sandbox) share one redis-server behind a
 * round-robin proxy. The 2FA limits answer exactly as one process does, survive a restart of every process, and
 * a Redis outage gives 503 `STATE_UNAVAILABLE` on 2FA routes (other routes go on, as configured) without a crash;
 * service resumes when Redis is back. One in-memory process is the reference (and shows what a restart forgets). The
 * shared Redis is one redis-server, then a three-master Redis Cluster (stopped and restarted whole for the outage).
 */
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type Child, startChild } from '../helpers/redis-children.js';
import { describeEachRedis, startRedis } from '../helpers/redis-cluster.js';
import type { RedisServer } from '../helpers/redis-server.js';

const ATTACKER = '203.0.113.66';
const SECOND = '203.0.113.77';
const OWNER = '198.51.100.20';

/**
 * A round-robin reverse proxy over `ports`, as a load balancer: it appends the client's address to
 * `X-Forwarded-For` (the "client" address comes from `x-test-client-ip`, since every test request is loopback).
 */
function roundRobin(ports: () => number[]): Promise<{ url: string; close(): void }> {
  let next = 0;
  const server: Server = createServer((req, res) => {
    const targets = ports();
    const port = targets[next++ % targets.length]!;
    const headers = { ...req.headers, 'x-forwarded-for': String(req.headers['x-test-client-ip']) };
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        close: () => server.close(),
      }),
    ),
  );
}

interface Deployment {
  sandbox: Sandbox;
  children: Child[];
  ports: number[];
  proxy: { url: string; close(): void };
  env: Record<string, string>;
}

async function startSigners(deployment: Pick<Deployment, 'env' | 'children' | 'ports'>, n: number) {
  const started = Array.from({ length: n }, () => startChild('signer', deployment.env));
  deployment.children.push(...started);
  const ports = await Promise.all(started.map(async (c) => Number((await c.line('port')).split(' ')[1])));
  deployment.ports.splice(0, deployment.ports.length, ...ports);
}

async function deploy(state: 'memory' | 'redis', n: number, redisUrl = ''): Promise<Deployment> {
  const sandbox = await startSandbox();
  const env = {
    STATE: state,
    REDIS_URL: redisUrl,
    PREFIX: `game-${state}`,
    WHEN_UNAVAILABLE: 'allow',
    API_KEY: sandbox.apiKey,
    SECRET_KEY: sandbox.secretKey,
    GAME_ID: sandbox.gameId,
    API_BASE: sandbox.url,
  };
  const deployment: Deployment = { sandbox, children: [], ports: [], env, proxy: undefined as never };
  await startSigners(deployment, n);
  deployment.proxy = await roundRobin(() => deployment.ports);
  return deployment;
}

async function restart(deployment: Deployment) {
  const n = deployment.ports.length;
  await Promise.all(deployment.children.map((c) => c.kill('SIGTERM')));
  deployment.children.length = 0;
  await startSigners(deployment, n);
}

async function stop(deployment: Deployment | undefined) {
  if (!deployment) return;
  deployment.proxy.close();
  await Promise.all(deployment.children.map((c) => c.kill('SIGTERM')));
  await deployment.sandbox.close();
}

/** A code the sandbox refuses now for `plyrId`, never sent before. */
function wrongCodes(sandbox: Sandbox, plyrId: string) {
  let n = 100_000;
  return () => {
    const now = Date.now();
    const valid = new Set([-30_000, 0, 30_000].map((d) => sandbox.totp(plyrId, now + d)));
    while (valid.has(String(n))) n++;
    return String(n++);
  };
}

async function call(d: Deployment, clientIp: string, method: 'GET' | 'POST', path: string, body?: object) {
  const response = await fetch(`${d.proxy.url}/plyr/relay${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-test-client-ip': clientIp },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as { code?: string; scope?: string; error?: string };
  return { status: response.status, code: json.code, scope: json.scope };
}

/** The attack script: who sends which code, in order; answers as `status code/scope`. */
async function attack(d: Deployment, plyrId: string): Promise<string[]> {
  const wrong = wrongCodes(d.sandbox, plyrId);
  const login = async (ip: string, otp: string) => {
    const a = await call(d, ip, 'POST', '/api/user/login', { plyrId, otp });
    return `${a.status} ${a.code ?? ''}/${a.scope ?? ''}`;
  };
  const answers: string[] = [];
  for (let i = 0; i < 6; i++) answers.push(await login(ATTACKER, wrong()));
  answers.push(await login(OWNER, d.sandbox.totp(plyrId)));
  for (let i = 0; i < 3; i++) answers.push(await login(SECOND, wrong()));
  for (let i = 0; i < 2; i++) answers.push(await login(ATTACKER, wrong()));
  return answers;
}

describeEachRedis('three signing processes sharing one Redis (real processes, relay mode)', (kind) => {
  let redis: RedisServer;
  let reference: Deployment | undefined;
  let shared: Deployment | undefined;

  beforeAll(async () => {
    redis = await startRedis(kind);
    [reference, shared] = await Promise.all([deploy('memory', 1), deploy('redis', 3, redis.url)]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([stop(reference), stop(shared)]);
    await redis?.close();
  });

  it('the per-account 2FA limits hold across three processes exactly as in one', async () => {
    const one = await attack(reference!, 'demo-player');
    const three = await attack(shared!, 'demo-player');
    expect(three).toEqual(one);
    // What the script exercised: the attacker's 5th code is refused, and the account was never locked.
    expect(one.slice(0, 6)).toEqual([
      ...Array(4).fill('401 /'),
      ...Array(2).fill('429 RATE_LIMITED/twoFactor'),
    ]);
    expect(one).toContain('200 /');
  }, 30_000);

  it('a restart of every process keeps the limits (an in-memory process forgets them)', async () => {
    const wrong = wrongCodes(shared!.sandbox, 'demo-player');
    const before = await call(shared!, ATTACKER, 'POST', '/api/user/login', {
      plyrId: 'demo-player',
      otp: wrong(),
    });
    expect(before).toMatchObject({ status: 429, code: 'RATE_LIMITED', scope: 'twoFactor' });
    await Promise.all([restart(shared!), restart(reference!)]);
    for (let i = 0; i < 3; i++) {
      const after = await call(shared!, ATTACKER, 'POST', '/api/user/login', {
        plyrId: 'demo-player',
        otp: wrong(),
      });
      expect(after).toMatchObject({ status: 429, code: 'RATE_LIMITED', scope: 'twoFactor' });
    }
    const forgotten = await call(reference!, ATTACKER, 'POST', '/api/user/login', {
      plyrId: 'demo-player',
      otp: wrongCodes(reference!.sandbox, 'demo-player')(),
    });
    expect(forgotten.status).toBe(401); // the platform's wrong-code answer: the memory limit was lost
  }, 30_000);

  it('Redis stopped: 2FA routes answer 503 STATE_UNAVAILABLE, others go on, no crash; then service resumes', async () => {
    const d = shared!;
    await redis.stop();
    try {
      const started = Date.now();
      for (let i = 0; i < 6; i++) {
        const login = await call(d, OWNER, 'POST', '/api/user/login', {
          plyrId: 'second-player',
          otp: d.sandbox.totp('second-player'),
        });
        expect(login).toMatchObject({ status: 503, code: 'STATE_UNAVAILABLE' });
        // Not a 2FA route: the per-IP limit follows WHEN_UNAVAILABLE=allow.
        expect((await call(d, OWNER, 'GET', '/api/user/info/second-player')).status).toBe(200);
      }
      expect(Date.now() - started).toBeLessThan(5000);
      const health = await fetch(`http://127.0.0.1:${d.ports[0]}/healthz`);
      expect(health.status).toBe(503);
      expect(d.children.every((c) => c.alive())).toBe(true);
    } finally {
      await redis.start();
    }
    const until = Date.now() + 10_000;
    for (const port of d.ports)
      while ((await fetch(`http://127.0.0.1:${port}/healthz`)).status !== 200) {
        if (Date.now() > until) throw new Error('a signer did not reconnect to Redis');
        await new Promise((r) => setTimeout(r, 50));
      }
    const login = await call(d, OWNER, 'POST', '/api/user/login', {
      plyrId: 'second-player',
      otp: d.sandbox.totp('second-player'),
    });
    expect(login.status).toBe(200);
    // The limits written before the outage are still there (append-only file).
    const attacker = await call(d, ATTACKER, 'POST', '/api/user/login', {
      plyrId: 'demo-player',
      otp: '000001',
    });
    expect(attacker).toMatchObject({ status: 429, scope: 'twoFactor' });
  }, 30_000);
});
