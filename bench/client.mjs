// Core client benchmark in Node (run `npm run build` first; bench/browser-login.mjs times logins in Chromium):
// bundle size, round trips and login/restore latency of the
// built client (dist/index.js) against the built sandbox (dist/sandbox.js) and signing endpoint (dist/server.js)
// on loopback, with fake-indexeddb. Round trips are the requests the client sends (a pass-through wrapper of the
// global fetch; the relay forwards with the unwrapped fetch, so its upstream call is not counted).
// `node bench/client.mjs` prints the JSON alone.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median, r3 as round } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const LOGINS = 200;
const WARMUP = 100;

async function coreGzip() {
  // Same measure as bench/bundle-size.mjs (ESM, dependencies inlined, minified, gzip -9), plus the built UMD.
  const { run } = await import('./bundle-size.mjs');
  const bundles = await run();
  let umd;
  try {
    umd = gzipSync(readFileSync(`${root}/dist/plyr-kit.umd.js`), { level: 9 }).length;
  } catch {
    umd = undefined;
  }
  return { esm: bundles.core.gzipBytes, umd };
}

export async function run() {
  const { createPlyr } = await import(`${root}/dist/index.js`);
  const { startSandbox } = await import(`${root}/dist/sandbox.js`);
  const { createSigningHandler, toNodeListener } = await import(`${root}/dist/server.js`);

  let clockMs = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
  const now = () => clockMs;
  /** A code never used before: the next TOTP step. */
  const freshOtp = () => {
    clockMs += 30_000;
    return sandbox.totp('demo-player');
  };

  const sandbox = await startSandbox({ now });
  const originalFetch = globalThis.fetch;
  const sent = [];
  globalThis.fetch = (input, init) => {
    sent.push(input instanceof Request ? input.url : String(input));
    return originalFetch(input, init);
  };
  const base = {
    apiKey: sandbox.apiKey,
    secretKey: sandbox.secretKey,
    gameId: sandbox.gameId,
    apiBase: sandbox.url,
    now,
    rateLimit: false,
    fetch: (input, init) => originalFetch(input, init),
  };
  const sign = toNodeListener(createSigningHandler({ ...base, mode: 'sign', basePath: '/plyr/sign' }));
  const relay = toNodeListener(createSigningHandler({ ...base, mode: 'relay', basePath: '/plyr/relay' }));
  const server = createServer((req, res) => (req.url.startsWith('/plyr/relay') ? relay : sign)(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const signUrl = `${origin}/plyr/sign`;
  const clients = [];
  const client = (options = {}) => {
    const signer = { url: signUrl, mode: 'sign' };
    const c = createPlyr({ gameId: sandbox.gameId, signer, apiBase: sandbox.url, now, ...options });
    clients.push(c);
    return c;
  };

  try {
    // Round trips.
    const countLogin = async (options) => {
      // Memory storage: no stored session to verify in the background while counting.
      const c = client({ storage: 'memory', syncTabs: false, ...options });
      await c.ready;
      sent.length = 0;
      await c.login({ plyrId: 'demo-player', otp: freshOtp() });
      return sent.length;
    };
    const loginRoundTrips = {
      sign: await countLogin({}),
      relay: await countLogin({ signer: { url: `${origin}/plyr/relay`, mode: 'relay' } }),
    };
    // A guest registration resolves once stored, so the next client has something to restore.
    await client().registerGuest();
    sent.length = 0;
    const restored = client();
    let restoreRoundTripsBeforeReady = -1;
    restored.on('ready', () => {
      restoreRoundTripsBeforeReady = sent.length;
    });
    await restored.ready;

    // Login latency: the client versus a hand-written signed fetch doing the same two requests. Measured with
    // memory storage (the client's own cost; a login also waits for its IndexedDB write, which
    // bench/browser-login.mjs measures in a real browser) and with fake-indexeddb (a JavaScript IndexedDB on this
    // same thread).
    const handwritten = async (otp) => {
      const envelope = { method: 'POST', path: '/api/user/login', body: { plyrId: 'demo-player', otp } };
      const signed = await (
        await originalFetch(signUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        })
      ).json();
      const answer = await originalFetch(`${sandbox.url}/api/user/login`, {
        method: 'POST',
        headers: { ...signed.headers, 'content-type': 'application/json' },
        body: signed.body,
      });
      if (!answer.ok) throw new Error(`handwritten login failed: ${answer.status}`);
      return answer.json();
    };
    const timeLogins = async (storage) => {
      const loginClient = client({ storage, syncTabs: false, verifyOnRestore: false });
      await loginClient.ready;
      const clientMs = [];
      const handMs = [];
      for (let i = 0; i < WARMUP + LOGINS; i++) {
        // Alternate the order so neither side always runs on a warmer process.
        for (const side of i % 2 ? ['hand', 'client'] : ['client', 'hand']) {
          const otp = freshOtp();
          const t0 = performance.now();
          if (side === 'client') await loginClient.login({ plyrId: 'demo-player', otp });
          else await handwritten(otp);
          const ms = performance.now() - t0;
          if (i >= WARMUP) (side === 'client' ? clientMs : handMs).push(ms);
        }
      }
      const result = { client: round(median(clientMs)), handwritten: round(median(handMs)) };
      return { ...result, ratio: Math.round((result.client / result.handwritten) * 100) / 100 };
    };
    const loginMs = { ...(await timeLogins('memory')), samples: LOGINS, targetRatio: 1.2 };
    loginMs.fakeIndexedDb = await timeLogins('indexeddb');

    // Restore latency: new client to `ready` with a stored session.
    const restoreMs = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const c = client({ verifyOnRestore: false, syncTabs: false });
      await c.ready;
      restoreMs.push(performance.now() - t0);
      c.destroy();
    }

    const gzip = await coreGzip();
    return {
      coreGzipBytes: gzip.esm,
      coreUmdGzipBytes: gzip.umd,
      coreTargetBytes: 12 * 1024,
      loginRoundTrips,
      restoreRoundTripsBeforeReady,
      loginMs,
      restoreMs: round(median(restoreMs)),
    };
  } finally {
    for (const c of clients) c.destroy();
    globalThis.fetch = originalFetch;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sandbox.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
