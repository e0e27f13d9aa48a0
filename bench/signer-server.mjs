// One server of the signing-endpoint benchmark (bench/signer.mjs), in the runtime that runs this file: Node, Bun or
// Deno. `<runtime> bench/signer-server.mjs <kind>` prints the port, then serves until killed.
//
// Kinds: `baseline` (a minimal hand-written HMAC handler in the runtime's own server), `signer` (plyr-kit's sign
// endpoint: toNodeListener on Node, Bun.serve / Deno.serve passing `clientIp` elsewhere), and on Node only
// `signer-fetch` (the Fetch-API handler on @hono/node-server, the path Hono's `c.req.raw` takes),
// `signer-naive-fetch-adapter` (a full undici Request and Response per call) and `signer-webcrypto`.
// `GET /__cpu` answers the process's CPU time in µs (`{ user, system }`), so CPU per request can be compared on a busy machine.
import { createHmac } from 'node:crypto';
import { KEYS } from './signer-keys.mjs';

const runtime = globalThis.Bun !== undefined ? 'bun' : globalThis.Deno !== undefined ? 'deno' : 'node';
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** The hand-written answer: same JSON in, same HMAC, same JSON out; no checks at all. */
function signedAnswer(text) {
  const request = JSON.parse(text);
  const body = JSON.stringify({ ...request.body, gameId: KEYS.gameId });
  const timestamp = String(Date.now());
  const signature = createHmac('sha256', KEYS.secretKey)
    .update(timestamp + body)
    .digest('hex');
  return JSON.stringify({ headers: { apikey: KEYS.apiKey, signature, timestamp }, body });
}

/** The minimal node:http baseline. */
function baselineListener(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, JSON_HEADERS);
    res.end(signedAnswer(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The minimal Fetch-API baseline (Bun.serve, Deno.serve). */
async function baselineFetch(request) {
  return new Response(signedAnswer(await request.text()), { headers: JSON_HEADERS });
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

async function signingHandler(kind) {
  const { createSigningHandler, toNodeListener } = await import('../dist/server.js');
  const handler = createSigningHandler({
    ...KEYS,
    mode: 'sign',
    basePath: '/plyr/sign',
    origins: '*',
    rateLimit: false,
    hmac: kind === 'signer-webcrypto' ? 'webcrypto' : 'auto',
  });
  return { handler, toNodeListener };
}

const cpuAnswer = () => JSON.stringify(process.cpuUsage());

async function serveNode(kind) {
  const { createServer } = await import('node:http');
  const printPort = (port) => process.stdout.write(`${port}\n`);
  if (kind === 'signer-fetch') {
    const { serve } = await import('@hono/node-server');
    const { handler } = await signingHandler(kind);
    // The same cheap test as the other servers' (no URL parsed per request, which would be billed to the handler).
    const fetchCall = (request, env) =>
      request.url.endsWith('/__cpu')
        ? new Response(cpuAnswer())
        : handler(request, { clientIp: env.incoming.socket.remoteAddress });
    const server = serve({ fetch: fetchCall, port: 0, hostname: '127.0.0.1' }, (info) =>
      printPort(info.port),
    );
    server.keepAliveTimeout = 60_000;
    return;
  }
  let listener = baselineListener;
  if (kind !== 'baseline') {
    const { handler, toNodeListener } = await signingHandler(kind);
    listener = kind === 'signer-naive-fetch-adapter' ? naiveAdapter(handler) : toNodeListener(handler);
  }
  const server = createServer((req, res) => {
    if (req.url === '/__cpu') res.end(cpuAnswer());
    else listener(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => printPort(server.address().port));
}

/** Bun.serve or Deno.serve; the signer gets the client address as the README's recipes pass it (a function). */
async function serveNative(kind) {
  const handler = kind === 'baseline' ? undefined : (await signingHandler(kind)).handler;
  const cpu = (request) => request.url.endsWith('/__cpu');
  if (runtime === 'bun') {
    const server = globalThis.Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (request, srv) => {
        if (cpu(request)) return new Response(cpuAnswer());
        if (handler === undefined) return baselineFetch(request);
        return handler(request, { clientIp: () => srv.requestIP(request)?.address });
      },
    });
    process.stdout.write(`${server.port}\n`);
    return;
  }
  globalThis.Deno.serve(
    { port: 0, hostname: '127.0.0.1', onListen: ({ port }) => process.stdout.write(`${port}\n`) },
    (request, info) => {
      if (cpu(request)) return new Response(cpuAnswer());
      if (handler === undefined) return baselineFetch(request);
      return handler(request, { clientIp: () => info.remoteAddr.hostname });
    },
  );
}

const kind = process.argv[2] ?? 'signer';
// A clean exit on SIGTERM, so `node --cpu-prof bench/signer-server.mjs signer` writes its profile.
process.once('SIGTERM', () => process.exit(0));
if (runtime === 'node') await serveNode(kind);
else await serveNative(kind);
