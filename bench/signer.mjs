// Signing-endpoint throughput: requests/s on loopback (autocannon) of the plyr-kit/server sign endpoint mounted
// with toNodeListener, next to a minimal node:http handler doing the same work (parse the same JSON, compute the
// same HMAC with node:crypto, answer the same JSON). Target: signer/baseline >= 0.8.
//
// Each server runs in its own child process so the load generator does not share its event loop. Extra rows show
// what the design choices are worth: the same handler behind a naive Request/Response adapter, and with WebCrypto.
//
// Usage: `npm run build && node bench/signer.mjs` (prints JSON), or through bench/run.mjs (`npm run bench`).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const DIST = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const KEYS = {
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  gameId: 'bench-game',
};
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

/** The minimal node:http baseline: same JSON in, same HMAC, same JSON out; no checks at all. */
function baselineListener(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({ ...request.body, gameId: KEYS.gameId });
    const timestamp = String(Date.now());
    const signature = createHmac('sha256', KEYS.secretKey)
      .update(timestamp + body)
      .digest('hex');
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ headers: { apikey: KEYS.apiKey, signature, timestamp }, body }));
  });
}

/** A naive Fetch adapter (full undici Request and Response per call), to measure what toNodeListener saves. */
function naiveAdapter(handler) {
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const response = await handler(request, { clientIp: req.socket.remoteAddress });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  };
}

/** Child process: start one kind of server and print its port. */
async function serve(kind) {
  let listener = baselineListener;
  if (kind !== 'baseline') {
    const { createSigningHandler, toNodeListener } = await import(DIST);
    const handler = createSigningHandler({
      ...KEYS,
      mode: 'sign',
      basePath: '/plyr/sign',
      origins: '*',
      rateLimit: false,
      hmac: kind === 'signer-webcrypto' ? 'webcrypto' : 'auto',
    });
    listener = kind === 'signer-naive-fetch-adapter' ? naiveAdapter(handler) : toNodeListener(handler);
  }
  // `GET /__cpu` reports the process's CPU time, so CPU per request can be compared even on a busy machine.
  const server = createServer((req, res) => {
    if (req.url === '/__cpu') {
      const { user, system } = process.cpuUsage();
      res.end(String(user + system));
    } else listener(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}

async function startChild(kind) {
  const child = spawn(process.execPath, [SELF, '--serve', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server ${kind} exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const cpu = async () => Number(await (await fetch(`http://127.0.0.1:${port}/__cpu`)).text());
  return { url: `http://127.0.0.1:${port}/plyr/sign`, cpu, stop: () => child.kill() };
}

async function load(url, duration) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result;
}

async function measure(kind) {
  const server = await startChild(kind);
  try {
    // Check the answer once: a server that answers fast but wrong must not win.
    const answer = await (
      await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })
    ).json();
    const expected = createHmac('sha256', KEYS.secretKey)
      .update(answer.headers.timestamp + answer.body)
      .digest('hex');
    if (answer.headers.signature !== expected) throw new Error(`${kind}: wrong signature`);
    await load(server.url, WARMUP_S);
    const cpuBefore = await server.cpu();
    const result = await load(server.url, DURATION_S);
    const cpuUs = (await server.cpu()) - cpuBefore;
    return {
      rps: Math.round(result.requests.average),
      cpuUsPerRequest: Math.round((cpuUs / result.requests.total) * 10) / 10,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
    };
  } finally {
    server.stop();
  }
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
  // Baseline and signer alternate, round after round, so drift (CPU boost, other load) hits both alike.
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++)
    rounds.push({ baseline: await measure('baseline'), signer: await measure('signer') });
  const naive = await measure('signer-naive-fetch-adapter');
  const webcrypto = await measure('signer-webcrypto');
  // Other processes on the machine make single runs noisy. Each round measures baseline and signer back to back,
  // so their ratio is a paired comparison; the median over rounds is the estimate (robust to a disturbed round).
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const ratioOf = (a, b) => Math.round((a / b) * 1000) / 1000;
  const roundRatios = rounds.map((r) => ratioOf(r.signer.rps, r.baseline.rps));
  const signerRps = Math.round(median(rounds.map((r) => r.signer.rps)));
  const baselineRps = Math.round(median(rounds.map((r) => r.baseline.rps)));
  return {
    signerRps,
    baselineRps,
    ratio: median(roundRatios),
    target: 0.8,
    roundRatios,
    // Server CPU time per request (less sensitive to other load than requests/s).
    signerCpuUsPerRequest: median(rounds.map((r) => r.signer.cpuUsPerRequest)),
    baselineCpuUsPerRequest: median(rounds.map((r) => r.baseline.cpuUsPerRequest)),
    signerLatencyP99Ms: Math.max(...rounds.map((r) => r.signer.latencyP99Ms)),
    baselineLatencyP99Ms: Math.max(...rounds.map((r) => r.baseline.latencyP99Ms)),
    rounds,
    variants: {
      naiveFetchAdapterRps: naive.rps,
      naiveFetchAdapterRatio: ratioOf(naive.rps, baselineRps),
      naiveFetchAdapterCpuUsPerRequest: naive.cpuUsPerRequest,
      webCryptoRps: webcrypto.rps,
      webCryptoCpuUsPerRequest: webcrypto.cpuUsPerRequest,
      webCryptoRatio: ratioOf(webcrypto.rps, baselineRps),
    },
    setup: {
      connections: CONNECTIONS,
      warmupS: WARMUP_S,
      durationS: DURATION_S,
      request: 'POST /plyr/sign {method:"POST",path:"/api/user/login",body:{plyrId,otp,expiresIn}}',
      rounds: ROUNDS,
      estimate: 'medians over rounds; ratio = median of the per-round signer/baseline ratios',
      rateLimit: 'disabled',
    },
  };
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3]);
} else if (process.argv[1] === SELF) {
  console.log(JSON.stringify(await run(), null, 2));
}
