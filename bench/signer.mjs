// Signing-endpoint throughput: requests/s on loopback (autocannon, 32 connections) of the plyr-kit/server sign
// endpoint (no limits), each next to a minimal hand-written handler on the same runtime doing the same work (parse
// the same JSON, the same HMAC with node:crypto, the same JSON out): node:http on Node, `Bun.serve` on Bun,
// `Deno.serve` on Deno. Targets: signer/baseline >= 0.9 on node:http, >= 0.8 on Bun and Deno. On Node the Fetch path
// (the handler on @hono/node-server, as Hono's `c.req.raw` reaches it) is measured too: its CPU per request should
// be at most 1.5x the node path's.
//
// Each server runs in its own child process (bench/signer-server.mjs), so the load generator does not share its
// event loop. Extra rows show what the design choices are worth: a naive Request/Response adapter, and WebCrypto.
//
// Usage: `npm run build && node bench/signer.mjs` (prints JSON), or through bench/run.mjs (`npm run bench`).
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KEYS } from './signer-keys.mjs';

const SELF = fileURLToPath(import.meta.url);
const SERVER = fileURLToPath(new URL('./signer-server.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const BIN = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
/** How each runtime runs the server file (Deno with the permissions it needs, and no more). */
export const RUNTIMES = {
  node: { command: process.execPath, args: [SERVER] },
  bun: { command: BIN('bun'), args: ['run', SERVER] },
  deno: {
    command: BIN('deno'),
    args: ['run', '--allow-net', '--allow-env', '--allow-read', '--no-prompt', SERVER],
  },
};
const TARGETS = { node: 0.9, bun: 0.8, deno: 0.8 };
const FETCH_PATH_TARGET = 1.5;
// The request a browser sends to sign a login.
const BODY = JSON.stringify({
  method: 'POST',
  path: '/api/user/login',
  body: { plyrId: 'demo-player', otp: '123456', expiresIn: 86400 },
});
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** A round is noisy when its ratio is this far from the median ratio, or its baseline this far from the median baseline. */
const NOISY_RATIO = 0.1;
const NOISY_BASELINE = 0.15;

/** Why the runtime's binary cannot start, or `undefined`. */
function missing(runtime) {
  const { command } = RUNTIMES[runtime];
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (run.error !== undefined) return `${command} cannot start: ${run.error.message}`;
  return run.status === 0 ? undefined : `${command} --version exited with ${run.status}`;
}

async function startChild(runtime, kind) {
  const { command, args } = RUNTIMES[runtime];
  const child = spawn(command, [...args, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server ${runtime} ${kind} exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const cpu = async () => (await fetch(`http://127.0.0.1:${port}/__cpu`)).json();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}/plyr/sign`,
    cpu,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}

/**
 * The login envelope, sent on {@link CONNECTIONS} connections for `limit` (autocannon's `duration` in s, or `amount`
 * requests with a `timeout`); any non-2xx answer, error or missing answer throws.
 */
export async function load(url, limit) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    ...limit,
  });
  const missing = limit.amount !== undefined && result.requests.total !== limit.amount;
  if (result.non2xx > 0 || result.errors > 0 || missing)
    throw new Error(
      `${url}: ${result.requests.total} answered, ${result.non2xx} non-2xx answers and ${result.errors} errors under load`,
    );
  return result;
}

async function measure(runtime, kind) {
  const server = await startChild(runtime, kind);
  try {
    // Check the answer once: a server that answers fast but wrong must not win.
    const answer = await (
      await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })
    ).json();
    const expected = createHmac('sha256', KEYS.secretKey)
      .update(answer.headers.timestamp + answer.body)
      .digest('hex');
    if (answer.headers.signature !== expected) throw new Error(`${runtime} ${kind}: wrong signature`);
    await load(server.url, { duration: WARMUP_S });
    const cpuBefore = await server.cpu();
    const result = await load(server.url, { duration: DURATION_S });
    const cpuAfter = await server.cpu();
    const perRequest = (us) => Math.round((us / result.requests.total) * 10) / 10;
    const user = cpuAfter.user - cpuBefore.user;
    return {
      rps: Math.round(result.requests.average),
      cpuUsPerRequest: perRequest(user + cpuAfter.system - cpuBefore.system),
      // The process's own code (JavaScript, parsing): the kernel's share of a loopback write varies with other load.
      userCpuUsPerRequest: perRequest(user),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
    };
  } finally {
    await server.stop();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ratioOf = (a, b) => Math.round((a / b) * 1000) / 1000;

/**
 * The figures of one runtime from its rounds: medians (robust to a disturbed round), and which rounds were noisy.
 * Baseline and signer run back to back in each round, so their ratio is a paired comparison.
 */
function summary(runtime, rounds) {
  const roundRatios = rounds.map((r) => ratioOf(r.signer.rps, r.baseline.rps));
  const ratio = median(roundRatios);
  // The same comparison by CPU: the throughput ratio of a CPU-bound server, which other load disturbs far less.
  const roundCpuRatios = rounds.map((r) => ratioOf(r.baseline.cpuUsPerRequest, r.signer.cpuUsPerRequest));
  const baselineRps = median(rounds.map((r) => r.baseline.rps));
  const noisyRounds = rounds.flatMap((r, i) => {
    const why = [];
    if (Math.abs(roundRatios[i] - ratio) > NOISY_RATIO * ratio) why.push(`ratio ${roundRatios[i]}`);
    if (Math.abs(r.baseline.rps - baselineRps) > NOISY_BASELINE * baselineRps)
      why.push(`baseline ${r.baseline.rps} req/s against a median of ${baselineRps}`);
    return why.length > 0 ? [{ round: i + 1, why: why.join(', ') }] : [];
  });
  return {
    server: { node: 'node:http (toNodeListener)', bun: 'Bun.serve', deno: 'Deno.serve' }[runtime],
    ratio,
    cpuRatio: median(roundCpuRatios),
    target: TARGETS[runtime],
    signerRps: Math.round(median(rounds.map((r) => r.signer.rps))),
    baselineRps: Math.round(baselineRps),
    // Server CPU time per request (less sensitive to other load than requests/s).
    signerCpuUsPerRequest: median(rounds.map((r) => r.signer.cpuUsPerRequest)),
    baselineCpuUsPerRequest: median(rounds.map((r) => r.baseline.cpuUsPerRequest)),
    signerUserCpuUsPerRequest: median(rounds.map((r) => r.signer.userCpuUsPerRequest)),
    baselineUserCpuUsPerRequest: median(rounds.map((r) => r.baseline.userCpuUsPerRequest)),
    signerLatencyP99Ms: Math.max(...rounds.map((r) => r.signer.latencyP99Ms)),
    baselineLatencyP99Ms: Math.max(...rounds.map((r) => r.baseline.latencyP99Ms)),
    roundRatios,
    roundCpuRatios,
    noisyRounds,
    rounds,
  };
}

/** Runs the benchmark and returns the figures (used by bench/run.mjs). */
export async function run() {
  const dist = (() => {
    try {
      return readFileSync(DIST, 'utf8');
    } catch {
      return '';
    }
  })();
  if (!dist.includes('createSigningHandler') || dist.includes('TEMPORARY STUB'))
    throw new Error('dist/server.js is missing or a stub: run `npm run build` first.');
  const skipped = Object.fromEntries(
    Object.keys(RUNTIMES)
      .map((runtime) => [runtime, missing(runtime)])
      .filter(([, why]) => why !== undefined),
  );
  const runtimes = Object.keys(RUNTIMES).filter((runtime) => skipped[runtime] === undefined);
  // Every server of a round runs back to back, round after round, so drift (CPU boost, other load) hits all alike.
  const rounds = Object.fromEntries(runtimes.map((runtime) => [runtime, []]));
  const fetchPath = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const runtime of runtimes) {
      const baseline = await measure(runtime, 'baseline');
      const signer = await measure(runtime, 'signer');
      rounds[runtime].push({ baseline, signer });
      if (runtime === 'node') fetchPath.push({ node: signer, fetch: await measure('node', 'signer-fetch') });
    }
  }
  const byRuntime = Object.fromEntries(
    runtimes.map((runtime) => [runtime, summary(runtime, rounds[runtime])]),
  );
  const node = byRuntime.node;
  const naive = await measure('node', 'signer-naive-fetch-adapter');
  const webcrypto = await measure('node', 'signer-webcrypto');
  const fetchRatios = fetchPath.map((r) => ratioOf(r.fetch.cpuUsPerRequest, r.node.cpuUsPerRequest));
  return {
    // node:http, as before (the README's figures).
    signerRps: node.signerRps,
    baselineRps: node.baselineRps,
    ratio: node.ratio,
    cpuRatio: node.cpuRatio,
    target: node.target,
    roundRatios: node.roundRatios,
    signerCpuUsPerRequest: node.signerCpuUsPerRequest,
    baselineCpuUsPerRequest: node.baselineCpuUsPerRequest,
    noisyRounds: node.noisyRounds,
    runtimes: byRuntime,
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
    fetchPathOnNode: {
      server: '@hono/node-server, handler(request, { clientIp })',
      cpuUsPerRequest: median(fetchPath.map((r) => r.fetch.cpuUsPerRequest)),
      nodePathCpuUsPerRequest: median(fetchPath.map((r) => r.node.cpuUsPerRequest)),
      cpuRatio: median(fetchRatios),
      target: FETCH_PATH_TARGET,
      roundCpuRatios: fetchRatios,
      rps: Math.round(median(fetchPath.map((r) => r.fetch.rps))),
    },
    variants: {
      naiveFetchAdapterRps: naive.rps,
      naiveFetchAdapterRatio: ratioOf(naive.rps, node.baselineRps),
      naiveFetchAdapterCpuUsPerRequest: naive.cpuUsPerRequest,
      webCryptoRps: webcrypto.rps,
      webCryptoCpuUsPerRequest: webcrypto.cpuUsPerRequest,
      webCryptoRatio: ratioOf(webcrypto.rps, node.baselineRps),
    },
    setup: {
      connections: CONNECTIONS,
      warmupS: WARMUP_S,
      durationS: DURATION_S,
      request: 'POST /plyr/sign {method:"POST",path:"/api/user/login",body:{plyrId,otp,expiresIn}}',
      rounds: ROUNDS,
      estimate:
        'medians over rounds; ratio = median of the per-round signer/baseline req/s; cpuRatio = median of the per-round baseline/signer CPU per request',
      noisy: `a round whose ratio is more than ${NOISY_RATIO * 100}% from the median, or whose baseline req/s is more than ${NOISY_BASELINE * 100}% from the median baseline`,
      rateLimit: 'disabled',
    },
  };
}

if (process.argv[1] === SELF) console.log(JSON.stringify(await run(), null, 2));
