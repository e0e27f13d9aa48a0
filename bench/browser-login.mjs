// Login latency in headless Chromium, where the SDK runs: the built UMD client (dist/plyr-kit.umd.js) versus a
// hand-written signed fetch doing the same two requests (signing endpoint, then the platform), timed inside the
// page, against the built sandbox and signing endpoint on loopback. The page and the endpoint share an origin, the
// sandbox is another one (CORS), as in production. The client keeps its session in IndexedDB, the default, and a
// login resolves once the session is stored there. Two hand-written sides: `hand` stores nothing (a reload loses
// its session), `handStored` also puts the session into IndexedDB (one transaction, no library), as a login that
// survives a reload must; `memory` is the client with memory storage, to show what the write costs. Runnable alone:
// `node bench/browser-login.mjs` (after a build).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING, CHROMIUM_PATH } from '../test/helpers/chromium-flags.mjs';
import { median, r3 as round } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const WARMUP = 50;

const PAGE = `<!doctype html><meta charset="utf-8"><script src="/plyr-kit.umd.js"></script>
<script src="/bench.js"></script>`;

// Runs in the page: one login either way, timed with performance.now().
const BENCH_JS = `
const clients = {};
let db;
const openDb = () => (db ??= new Promise((resolve, reject) => {
  const open = indexedDB.open('hand-written-login', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('sessions');
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
}));
const store = async (session) => {
  const tx = (await openDb()).transaction('sessions', 'readwrite');
  tx.objectStore('sessions').put(session, 'session');
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
};
window.bench = async ({ side, otp, gameId, apiBase }) => {
  const storage = side === 'memory' ? 'memory' : 'indexeddb';
  clients[storage] ??= PlyrKit.createPlyr({ gameId, apiBase, signer: { url: '/plyr/sign', mode: 'sign' }, storage, syncTabs: false });
  const plyr = clients[storage];
  await plyr.ready;
  const t0 = performance.now();
  if (side === 'client' || side === 'memory') {
    await plyr.login({ plyrId: 'demo-player', otp });
  } else {
    const envelope = { method: 'POST', path: '/api/user/login', body: { plyrId: 'demo-player', otp, gameId } };
    const signed = await (await fetch('/plyr/sign', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope),
    })).json();
    const answer = await fetch(apiBase + '/api/user/login', {
      method: 'POST', headers: { ...signed.headers, 'content-type': 'application/json' }, body: signed.body,
    });
    if (!answer.ok) throw new Error('handwritten login failed: ' + answer.status);
    const session = await answer.json();
    if (side === 'handStored') await store(session);
  }
  return performance.now() - t0;
};`;

/**
 * Resolves to medians (ms) of logins in Chromium: `client` (IndexedDB), `memory` (memory storage), `handwritten`,
 * `handStored` (hand-written, stored in IndexedDB), `ratio` (client / handwritten), `memoryRatio` and `storedRatio`
 * (client / handStored: the like-for-like figure).
 */
export async function run() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
  const { startSandbox } = await import(`${root}/dist/sandbox.js`);
  const { createSigningHandler, toNodeListener } = await import(`${root}/dist/server.js`);
  // An injected clock: each login takes the next TOTP step, so no code is ever reused.
  let clockMs = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
  const now = () => clockMs;
  const sandbox = await startSandbox({ now });
  const sign = toNodeListener(
    createSigningHandler({
      apiKey: sandbox.apiKey,
      secretKey: sandbox.secretKey,
      gameId: sandbox.gameId,
      apiBase: sandbox.url,
      mode: 'sign',
      basePath: '/plyr/sign',
      rateLimit: false,
      now,
    }),
  );
  const umd = readFileSync(`${root}/dist/plyr-kit.umd.js`);
  const files = {
    '/': [PAGE, 'text/html'],
    '/plyr-kit.umd.js': [umd, 'text/javascript'],
    '/bench.js': [BENCH_JS, 'text/javascript'],
  };
  const server = createServer((req, res) => {
    const file = files[req.url];
    if (!file) return sign(req, res);
    res.writeHead(200, { 'content-type': file[1] });
    res.end(file[0]);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const times = { client: [], memory: [], hand: [], handStored: [] };
    const sides = Object.keys(times);
    for (let i = 0; i < WARMUP + LOGINS; i++) {
      // Rotate the order so no side always runs at the same place.
      for (const side of [...sides.slice(i % sides.length), ...sides.slice(0, i % sides.length)]) {
        clockMs += 30_000;
        const ms = await page.evaluate((args) => window.bench(args), {
          side,
          otp: sandbox.totp('demo-player'),
          gameId: sandbox.gameId,
          apiBase: sandbox.url,
        });
        if (i >= WARMUP) times[side].push(ms);
      }
    }
    const client = round(median(times.client));
    const memory = round(median(times.memory));
    const handwritten = round(median(times.hand));
    const handStored = round(median(times.handStored));
    const ratio = (ms, base = handwritten) => Math.round((ms / base) * 100) / 100;
    return {
      client,
      memory,
      handwritten,
      handStored,
      ratio: ratio(client),
      memoryRatio: ratio(memory),
      storedRatio: ratio(client, handStored),
      samples: LOGINS,
    };
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sandbox.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
