// Instructions per request of the signing endpoint with its limits in memory and in Redis, and of redis-server,
// counted by valgrind's callgrind: unlike requests/s and CPU time, they do not move with the machine's other load,
// so they compare the two stores on a busy machine. The endpoint is bench/signer-state.mjs's (`--serve`); each
// process runs under callgrind with counting off through a warm-up, then counts exactly `BENCH_REQUESTS` logins, each
// for a new PLYR[ID]. Slow (valgrind), so not part of `npm run bench`.
//
// Usage: `npm run build && node bench/signer-instructions.mjs` (prints JSON; needs valgrind and redis-server).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callgrindMissing, counting, dumped, underCallgrind } from './callgrind.mjs';
import { freePort, REDIS_SERVER, redisArgs, redisReady } from './redis-server.mjs';
import { newPlayerLogins } from './signer-keys.mjs';

const SIGNER_STATE = fileURLToPath(new URL('./signer-state.mjs', import.meta.url));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Exactly `amount` logins, each for a new PLYR[ID], on 32 connections. */
const countLogins = newPlayerLogins('count');
async function logins(url, amount) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    connections: 32,
    amount,
    timeout: 60,
    requests: [countLogins],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.requests.total !== amount)
    throw new Error(
      `${url}: ${result.requests.total} of ${amount} answered, ${result.non2xx} non-2xx: ${JSON.stringify(result.statusCodeStats)}`,
    );
}

/** One count for `kind`: instructions per request of the endpoint (and of redis-server for `redis`). */
async function count(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'plyr-kit-callgrind-'));
  const procs = [];
  try {
    let redisUrl = '';
    let redis;
    if (kind === 'redis') {
      const port = await freePort();
      const args = redisArgs(port, dir);
      redis = underCallgrind(dir, 'redis', REDIS_SERVER, args);
      procs.push(redis);
      await redisReady(redis);
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    const endpoint = underCallgrind(dir, 'endpoint', process.execPath, [
      SIGNER_STATE,
      '--serve',
      kind,
      redisUrl,
    ]);
    procs.push(endpoint);
    const port = await new Promise((resolve, reject) => {
      endpoint.once('exit', (code) => reject(new Error(`the endpoint exited with ${code}`)));
      endpoint.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    });
    const url = `http://127.0.0.1:${port}/plyr/sign`;
    await logins(url, WARMUP);
    const counted = kind === 'redis' ? [endpoint, redis] : [endpoint];
    for (const proc of counted) counting(proc, true);
    await logins(url, REQUESTS);
    for (const proc of counted) counting(proc, false);
    const perRequest = async (name, proc) => Math.round((await dumped(dir, name, proc)) / REQUESTS);
    return {
      endpoint: await perRequest('endpoint', endpoint),
      ...(kind === 'redis' ? { redisServer: await perRequest('redis', redis) } : {}),
    };
  } finally {
    for (const proc of procs) proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts both stores `RUNS` times and returns the instructions per request of each run. */
export async function run() {
  const missing = callgrindMissing();
  if (missing !== undefined) return { skipped: missing };
  if (!existsSync(REDIS_SERVER)) return { skipped: `redis-server not found at ${REDIS_SERVER}` };
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push({ memory: await count('memory'), redis: await count('redis') });
  return {
    instructionsPerRequest: runs,
    setup: {
      requests: REQUESTS,
      warmupRequests: WARMUP,
      connections: 32,
      request: 'POST /plyr/sign login, a new plyrId per request (as bench/signer-state.mjs)',
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await run(), null, 2));
