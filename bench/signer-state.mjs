// Signing-endpoint throughput and latency with its limits in memory and in Redis, in the same run: requests/s on
// loopback (autocannon) of the sign endpoint with rate limiting on, each login for a new PLYR[ID] (so every request
// takes a per-IP token, a 2FA strike and a token of the address's 2FA budget, and creates two records: in Redis one
// script call, batched with other requests'), CPU per request, and p99 with few connections.
// Redis is a real redis-server (Debian's) on a free loopback port, without persistence. Targets: redis/memory >= 0.6,
// Redis p99 < 10 ms.
//
// Usage: `npm run build && node bench/signer-state.mjs` (prints JSON), or through bench/run.mjs (`npm run bench`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const DIST = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const KEYS = {
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  gameId: 'bench-game',
};
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
// Latency is measured with few connections (at saturation p99 is queueing, whatever the store; autocannon's
// overallRate sends each second's requests in a burst, which measures the burst).
const LATENCY_CONNECTIONS = Number(process.env.BENCH_LATENCY_CONNECTIONS ?? 4);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Child process: the sign endpoint with limits on, state `memory` or `redis` (at `url`). Prints its port. */
async function serve(kind, url) {
  const { createSigningHandler, createMemoryState, createRedisState, toNodeListener } = await import(DIST);
  let state = createMemoryState();
  if (kind === 'redis') {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      lazyConnect: true,
    });
    await redis.connect();
    state = createRedisState({ redis, prefix: 'bench' });
  }
  const handler = createSigningHandler({
    ...KEYS,
    mode: 'sign',
    basePath: '/plyr/sign',
    origins: '*',
    state,
    // Loopback is one address: the per-IP bucket and the address's 2FA budget must not refuse the load itself (both
    // still run on every request); every request is a new account, so the memory tables need room for all of them.
    rateLimit: {
      perIp: { tokens: 1e9, intervalMs: 1000 },
      twoFactorPerIp: { tokens: 1e9, intervalMs: 1000 },
      maxKeys: 2_000_000,
    },
  });
  const listener = toNodeListener(handler);
  // `GET /__cpu` reports the process's CPU time, so CPU per request can be compared even on a busy machine.
  const server = createServer((req, res) => {
    if (req.url !== '/__cpu') return listener(req, res);
    const { user, system } = process.cpuUsage();
    res.end(String(user + system));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}

async function startChild(args) {
  const child = spawn(process.execPath, [SELF, '--serve', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const cpu = async () => Number(await (await fetch(`http://127.0.0.1:${port}/__cpu`)).text());
  return { url: `http://127.0.0.1:${port}/plyr/sign`, cpu, stop: () => child.kill() };
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-bench-redis-'));
  const port = await freePort();
  const args = [
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
  const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  const { Redis } = await import('ioredis');
  const admin = new Redis(port, '127.0.0.1');
  return {
    url: `redis://127.0.0.1:${port}`,
    /** redis-server's CPU time in µs (INFO cpu). */
    cpu: async () => {
      const info = await admin.info('cpu');
      const seconds = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
    },
    stop: () => {
      admin.disconnect();
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let player = 0;
async function load(url, duration, connections = CONNECTIONS) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // A new PLYR[ID] per request: a 2FA strike is taken (and kept: sign mode) without ever refusing.
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            method: 'POST',
            path: '/api/user/login',
            body: { plyrId: `bench-${player++}`, otp: '123456', expiresIn: 86400 },
          }),
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result;
}

async function measure(kind, redis) {
  const server = await startChild([kind, redis?.url ?? '']);
  try {
    await load(server.url, WARMUP_S);
    const [serverBefore, redisBefore] = await Promise.all([server.cpu(), redis?.cpu() ?? 0]);
    const result = await load(server.url, DURATION_S);
    const [serverAfter, redisAfter] = await Promise.all([server.cpu(), redis?.cpu() ?? 0]);
    const perRequest = (us) => Math.round((us / result.requests.total) * 10) / 10;
    const paced = await load(server.url, DURATION_S, LATENCY_CONNECTIONS);
    return {
      rps: Math.round(result.requests.average),
      serverCpuUsPerRequest: perRequest(serverAfter - serverBefore),
      redisCpuUsPerRequest: perRequest(redisAfter - redisBefore),
      saturatedP99Ms: result.latency.p99,
      latencyP50Ms: paced.latency.p50,
      latencyP99Ms: paced.latency.p99,
    };
  } finally {
    server.stop();
  }
}

/** Runs the benchmark and returns the figures (used by bench/run.mjs). */
export async function run() {
  if (!existsSync(DIST)) throw new Error('dist/server.js is missing: run `npm run build` first.');
  if (!existsSync(REDIS_SERVER)) return { skipped: `redis-server not found at ${REDIS_SERVER}` };
  const redis = await startRedis();
  try {
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push({ memory: await measure('memory'), redis: await measure('redis', redis) });
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const ratios = rounds.map((r) => Math.round((r.redis.rps / r.memory.rps) * 1000) / 1000);
    return {
      memoryRps: Math.round(median(rounds.map((r) => r.memory.rps))),
      redisRps: Math.round(median(rounds.map((r) => r.redis.rps))),
      ratio: median(ratios),
      target: 0.6,
      memoryLatencyP99Ms: median(rounds.map((r) => r.memory.latencyP99Ms)),
      redisLatencyP99Ms: median(rounds.map((r) => r.redis.latencyP99Ms)),
      targetP99Ms: 10,
      // CPU per request (less sensitive to other load than requests/s): the endpoint's process, and redis-server's.
      memoryCpuUsPerRequest: median(rounds.map((r) => r.memory.serverCpuUsPerRequest)),
      redisCpuUsPerRequest: median(rounds.map((r) => r.redis.serverCpuUsPerRequest)),
      redisServerCpuUsPerRequest: median(rounds.map((r) => r.redis.redisCpuUsPerRequest)),
      rounds,
      setup: {
        connections: CONNECTIONS,
        warmupS: WARMUP_S,
        durationS: DURATION_S,
        rounds: ROUNDS,
        request:
          'POST /plyr/sign login, a new plyrId per request (per-IP token + 2FA strike: one Redis call)',
        latency: `p50/p99 with ${LATENCY_CONNECTIONS} connections (saturatedP99Ms: with ${CONNECTIONS})`,
        redis: 'redis-server on loopback, no persistence; ioredis (calls batched by plyr-kit)',
        estimate: 'medians over rounds; ratio = median of the per-round redis/memory ratios',
      },
    };
  } finally {
    redis.stop();
  }
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3], process.argv[4]);
} else if (process.argv[1] === SELF) {
  console.log(JSON.stringify(await run(), null, 2));
}
