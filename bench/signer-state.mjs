// Signing-endpoint throughput and latency with its limits in memory and in Redis, in the same run: requests/s on
// loopback (autocannon) of the sign endpoint with rate limiting on, each login for a new PLYR[ID] (so every request
// takes a per-IP token, a 2FA strike and a token of the address's 2FA budget, and creates two records: in Redis one
// script call, batched with other requests'), CPU per request, and p99 with few connections.
// Redis is a real redis-server (Debian's) on a free loopback port, without persistence. Targets: redis/memory >= 0.6,
// Redis p99 < 10 ms.
//
// A round starts a fresh endpoint per store (Redis emptied first, so every round starts alike), warms both up, then
// loads them in interleaved slices (BENCH_SLICES, 4 each), the first store alternating between rounds, so both see
// the same other load and a drift favours neither; the figures are medians over at least 5 rounds. CPU per request is read for the endpoint, redis-server (/proc) and
// the load generator (this process), and `otherCores` says how many cores other processes kept busy meanwhile: on a
// 2-core machine the Redis rounds run three busy processes (load generator, endpoint, redis-server), the memory
// rounds two, so requests/s follow scheduling and other load far more than CPU per request does; a round with
// `otherCores` well above 0 is noise. `BENCH_PIN=1` (Linux, taskset) gives the endpoint core 0 and the rest core 1.
//
// Usage: `npm run build && node bench/signer-state.mjs` (prints JSON), or through bench/run.mjs (`npm run bench`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, REDIS_SERVER, redisArgs, redisReady } from './redis-server.mjs';
import { KEYS, newPlayerLogins } from './signer-keys.mjs';

const SELF = fileURLToPath(import.meta.url);
const DIST = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Each store's DURATION_S is loaded in this many slices, interleaved with the other store's. */
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
// Latency is measured with few connections (at saturation p99 is queueing, whatever the store; autocannon's
// overallRate sends each second's requests in a burst, which measures the burst).
const LATENCY_CONNECTIONS = Number(process.env.BENCH_LATENCY_CONNECTIONS ?? 4);
const PIN = process.env.BENCH_PIN === '1';
/** The endpoint's ioredis client as docs/deploy.md sets it up; `BENCH_AUTOPIPELINE=1` adds ioredis's own batching. */
const AUTO_PIPELINE = process.env.BENCH_AUTOPIPELINE === '1';
const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** A process's CPU time (user + system, all threads) in µs, from /proc (Linux), or `undefined`. */
function procCpuUs(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_S) * 1e6;
  } catch {
    return undefined;
  }
}

/** The machine's busy CPU time (all processes, every core) in µs, from /proc/stat, or `undefined`. */
function machineBusyUs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait
    const busy = ticks.slice(0, 8).reduce((a, b) => a + b, 0) - ticks[3] - ticks[4];
    return (busy / TICKS_PER_S) * 1e6;
  } catch {
    return undefined;
  }
}

/** `command args` pinned to `cpus` with taskset when BENCH_PIN is set. */
function pinned(cpus, command, args) {
  return PIN ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** Child process: the sign endpoint with limits on, state `memory` or `redis` (at `url`). Prints its port. */
async function serve(kind, url) {
  const { createSigningHandler, createMemoryState, createRedisState, toNodeListener } = await import(DIST);
  let state = createMemoryState();
  if (kind === 'redis') {
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      enableAutoPipelining: AUTO_PIPELINE,
      lazyConnect: true,
    });
    await redis.connect();
    // Counts script calls, to report requests per Redis call (the batches plyr-kit makes under this load).
    const counted = {
      evalsha: (...args) => {
        redisCalls++;
        return redis.evalsha(...args);
      },
      eval: (...args) => redis.eval(...args),
    };
    // BENCH_REDIS_TIMEOUT_MS: only for bench/signer-instructions.mjs, whose processes run many times slower.
    const timeoutMs = Number(process.env.BENCH_REDIS_TIMEOUT_MS ?? 1000);
    state = createRedisState({ redis: counted, prefix: 'bench', timeoutMs });
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
  // `GET /__cpu` reports the process's CPU time and its Redis calls, so CPU per request can be compared even on a
  // busy machine.
  let redisCalls = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/__cpu') return listener(req, res);
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ cpuUs: user + system, redisCalls }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}

async function startChild(args) {
  const child = spawn(...pinned('0', process.execPath, [SELF, '--serve', ...args]), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const cpu = async () => await (await fetch(`http://127.0.0.1:${port}/__cpu`)).json();
  return { url: `http://127.0.0.1:${port}/plyr/sign`, cpu, stop: () => child.kill() };
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-bench-redis-'));
  const port = await freePort();
  const args = redisArgs(port, dir);
  const proc = spawn(...pinned('1', REDIS_SERVER, args), { stdio: ['ignore', 'pipe', 'inherit'] });
  await redisReady(proc);
  const { Redis } = await import('ioredis');
  const admin = new Redis(port, '127.0.0.1');
  return {
    url: `redis://127.0.0.1:${port}`,
    /** redis-server's CPU time in µs (/proc; INFO cpu where there is no /proc). */
    cpu: async () => {
      const fromProc = procCpuUs(proc.pid);
      if (fromProc !== undefined) return fromProc;
      const info = await admin.info('cpu');
      const seconds = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6);
    },
    /** Empties it, so a round starts from no keys. */
    flush: () => admin.flushall(),
    stop: () => {
      admin.disconnect();
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const benchLogins = newPlayerLogins('bench');
async function load(url, duration, connections = CONNECTIONS) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [benchLogins],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result;
}

/** What the processes under load have used so far, to difference around a slice of load. */
async function counters(server, redis) {
  const [endpoint, redisUs] = await Promise.all([server.cpu(), redis?.cpu() ?? 0]);
  const { user, system } = process.cpuUsage();
  return {
    endpointUs: endpoint.cpuUs,
    redisCalls: endpoint.redisCalls,
    redisUs,
    loadUs: user + system,
    machineUs: machineBusyUs(),
    atUs: performance.now() * 1000,
  };
}

/** A store's totals over its slices of saturated load. */
function newTotals() {
  return {
    requests: 0,
    wallUs: 0,
    endpointUs: 0,
    redisUs: 0,
    loadUs: 0,
    machineUs: 0,
    redisCalls: 0,
    p99: 0,
  };
}

/** One slice of saturated load on `server`, added to `totals`. */
async function slice(server, redis, totals) {
  const before = await counters(server, redis);
  const result = await load(server.url, DURATION_S / SLICES);
  const after = await counters(server, redis);
  totals.requests += result.requests.total;
  totals.wallUs += after.atUs - before.atUs;
  for (const name of ['endpointUs', 'redisUs', 'loadUs', 'redisCalls'])
    totals[name] += after[name] - before[name];
  totals.machineUs += (after.machineUs ?? 0) - (before.machineUs ?? 0);
  totals.p99 = Math.max(totals.p99, result.latency.p99);
}

/** A store's figures from its totals: requests/s and CPU per request of each process. */
function figures(kind, t) {
  const perRequest = (us) => Math.round((us / t.requests) * 10) / 10;
  const ours = t.endpointUs + t.redisUs + t.loadUs;
  return {
    rps: Math.round(t.requests / (t.wallUs / 1e6)),
    serverCpuUsPerRequest: perRequest(t.endpointUs),
    redisCpuUsPerRequest: perRequest(t.redisUs),
    loadGeneratorCpuUsPerRequest: perRequest(t.loadUs),
    // CPU time of the machine not spent by these processes (other processes, interrupts), in cores: the noise (on 2
    // cores, anything near 1 halves what this benchmark gets).
    otherCores: t.machineUs === 0 ? undefined : Math.round(((t.machineUs - ours) / t.wallUs) * 100) / 100,
    ...(kind === 'redis'
      ? { requestsPerRedisCall: Math.round((t.requests / Math.max(1, t.redisCalls)) * 10) / 10 }
      : {}),
    saturatedP99Ms: t.p99,
  };
}

/**
 * One round: both endpoints started and warmed up, then loaded in interleaved slices (`order` first, then the other,
 * SLICES times), so both see the same other load, then their latencies.
 */
async function round(order, redis) {
  await redis.flush();
  const servers = {};
  try {
    for (const kind of order) {
      servers[kind] = await startChild([kind, kind === 'redis' ? redis.url : '']);
      await load(servers[kind].url, WARMUP_S);
    }
    const totals = { memory: newTotals(), redis: newTotals() };
    for (let i = 0; i < SLICES; i++)
      for (const kind of order)
        await slice(servers[kind], kind === 'redis' ? redis : undefined, totals[kind]);
    const results = { memory: figures('memory', totals.memory), redis: figures('redis', totals.redis) };
    for (const kind of order) {
      const paced = await load(servers[kind].url, DURATION_S, LATENCY_CONNECTIONS);
      Object.assign(results[kind], { latencyP50Ms: paced.latency.p50, latencyP99Ms: paced.latency.p99 });
    }
    return results;
  } finally {
    for (const server of Object.values(servers)) server.stop();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the benchmark and returns the figures (used by bench/run.mjs). */
export async function run() {
  if (!existsSync(DIST)) throw new Error('dist/server.js is missing: run `npm run build` first.');
  if (!existsSync(REDIS_SERVER)) return { skipped: `redis-server not found at ${REDIS_SERVER}` };
  if (ROUNDS < 5) throw new Error('BENCH_ROUNDS must be at least 5: the figures are medians over rounds.');
  if (PIN) execFileSync('taskset', ['-apc', '1', String(process.pid)], { stdio: 'ignore' });
  const redis = await startRedis();
  try {
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating order: a drift in the machine's other load favours neither store.
      const order = i % 2 === 0 ? ['memory', 'redis'] : ['redis', 'memory'];
      const results = await round(order, redis);
      const ratio = Math.round((results.redis.rps / results.memory.rps) * 1000) / 1000;
      rounds.push({ first: order[0], ...results, ratio });
    }
    const of = (kind, field) => median(rounds.map((r) => r[kind][field]));
    return {
      memoryRps: Math.round(of('memory', 'rps')),
      redisRps: Math.round(of('redis', 'rps')),
      ratio: median(rounds.map((r) => r.ratio)),
      // One endpoint core's capacity with Redis vs memory (Redis on other cores, as in a deployment): CPU per request.
      endpointCpuRatio: median(
        rounds.map(
          (r) => Math.round((r.memory.serverCpuUsPerRequest / r.redis.serverCpuUsPerRequest) * 1000) / 1000,
        ),
      ),
      ratioRange: [Math.min(...rounds.map((r) => r.ratio)), Math.max(...rounds.map((r) => r.ratio))],
      target: 0.6,
      memoryLatencyP99Ms: of('memory', 'latencyP99Ms'),
      redisLatencyP99Ms: of('redis', 'latencyP99Ms'),
      targetP99Ms: 10,
      // CPU per request (less sensitive to other load than requests/s): the endpoint's process, and redis-server's.
      memoryCpuUsPerRequest: of('memory', 'serverCpuUsPerRequest'),
      redisCpuUsPerRequest: of('redis', 'serverCpuUsPerRequest'),
      redisServerCpuUsPerRequest: of('redis', 'redisCpuUsPerRequest'),
      // The most cores other processes kept busy during a measured load (see each round's otherCores).
      otherCoresMax: Math.max(...rounds.flatMap((r) => [r.memory.otherCores ?? 0, r.redis.otherCores ?? 0])),
      loadGeneratorCpuUsPerRequest: {
        memory: of('memory', 'loadGeneratorCpuUsPerRequest'),
        redis: of('redis', 'loadGeneratorCpuUsPerRequest'),
      },
      requestsPerRedisCall: of('redis', 'requestsPerRedisCall'),
      rounds,
      setup: {
        connections: CONNECTIONS,
        warmupS: WARMUP_S,
        durationS: DURATION_S,
        rounds: ROUNDS,
        pinned: PIN ? 'endpoint on CPU 0; redis-server and the load generator on CPU 1' : false,
        request:
          'POST /plyr/sign login, a new plyrId per request (per-IP token + 2FA strike: one Redis call)',
        latency: `p50/p99 with ${LATENCY_CONNECTIONS} connections (saturatedP99Ms: with ${CONNECTIONS})`,
        redis: `redis-server on loopback, no persistence, emptied before each round; ioredis${AUTO_PIPELINE ? ' with enableAutoPipelining' : ''} (calls batched by plyr-kit)`,
        estimate:
          'medians over rounds (order alternating); ratio = median of the per-round redis/memory ratios',
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
