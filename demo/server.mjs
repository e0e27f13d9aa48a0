#!/usr/bin/env node
// The demo's one-command server (node:http only): the Phaser game as static files with a strict CSP, the reference
// signing endpoint (plyr-kit/server) at /plyr/sign (or /plyr/relay), and — unless the PLYR_* variables point at the
// real platform — the local sandbox, whose dev-only routes the dev panel reaches through /sandbox/*. On the sandbox it
// also mounts the MG+ real-play relay (plyr-kit/server createRelayHandler) at /mg, in front of the sandbox's MG+,
// and plays real-play rounds at POST /demo/realplay/spin (demo/realplay-rounds.mjs) with the same MG+ client, and
// entry-fee matches between signed-in players at /demo/match/* (demo/match-rounds.mjs) with the PLYR game client.
// Browser -> signing endpoint -> (signed headers) -> browser -> platform, exactly as in production.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMatchRounds } from './match-rounds.mjs';
import { createRealPlayRounds, readJson } from './realplay-rounds.mjs';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const rootDir = resolve(demoDir, '..');
const publicDir = join(demoDir, 'public');
const buildDir = join(demoDir, 'dist');
const phaserFile = join(
  createRequire(import.meta.url).resolve('phaser/package.json'),
  '..',
  'dist',
  'phaser.min.js',
);

/** Environment variables that switch the demo from the sandbox to the real platform (all four or none). */
export const PLATFORM_ENV = ['PLYR_API_BASE', 'PLYR_API_KEY', 'PLYR_SECRET_KEY', 'PLYR_GAME_ID'];
/** The seeded sandbox player whose code the dev panel shows. */
export const DEMO_PLAYER = 'demo-player';
/** The other seeded sandbox player (the dev panel shows its code too: a match needs two). */
export const SECOND_PLAYER = 'second-player';
/** Where the MG+ relay is mounted (sandbox only: there is no MG+ behind the real PLYR platform). */
export const MGPLUS_RELAY_PATH = '/mg';
/** The demo's MG+ provider id and game id (the sandbox's MG+ mints launch tokens for this game). */
export const MGPLUS_PROVIDER = 'plyr-kit';
export const MGPLUS_GAME = 'plyr-kit-demo';
/** Where the demo server plays real-play rounds (sandbox only). */
export const SPIN_PATH = '/demo/realplay/spin';
/** Where the demo server runs entry-fee matches (sandbox only): `…/player`, `…/join`, `…/leave`, `…/<id>`. */
export const MATCH_PATH = '/demo/match';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Which platform the demo talks to: the real one when all four PLYR_* variables are set, else `null` (the sandbox).
 * @param {Record<string, string | undefined>} env
 * @returns {{ apiBase: string, apiKey: string, secretKey: string, gameId: string } | null}
 */
export function platformFromEnv(env) {
  const set = PLATFORM_ENV.filter((name) => env[name]);
  if (set.length === 0) return null;
  if (set.length < PLATFORM_ENV.length) {
    const missing = PLATFORM_ENV.filter((name) => !env[name]);
    throw new Error(
      `To run the demo against the real platform set all of ${PLATFORM_ENV.join(', ')} (missing: ${missing.join(', ')}).`,
    );
  }
  return {
    apiBase: new URL(env.PLYR_API_BASE).origin,
    apiKey: env.PLYR_API_KEY,
    secretKey: env.PLYR_SECRET_KEY,
    gameId: env.PLYR_GAME_ID,
  };
}

/**
 * The page's Content-Security-Policy: no inline code, the browser may only connect to us and the platform, and only
 * the PLYR[CONNECT] hosted page (`hostedLoginOrigin`) may be framed (its iframe mode).
 */
export function contentSecurityPolicy(platformOrigin, hostedLoginOrigin, imageOrigin) {
  const connect = platformOrigin ? `'self' ${platformOrigin}` : `'self'`;
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src 'self' data: https:${imageOrigin ? ` ${imageOrigin}` : ''}`,
    `connect-src ${connect}`,
    ...(hostedLoginOrigin ? [`frame-src ${hostedLoginOrigin}`] : []),
    `object-src 'none'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
    `form-action 'self'`,
  ].join('; ');
}

const escapeAttr = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** index.html with its `%NAME%` placeholders (the meta tags' values) filled in, HTML-escaped. */
async function renderIndex(values) {
  const template = await readFile(join(publicDir, 'index.html'), 'utf8');
  return template.replace(/%([A-Z_]+)%/g, (whole, key) => (key in values ? escapeAttr(values[key]) : whole));
}

async function importBuilt(name) {
  const file = join(rootDir, 'dist', `${name}.js`);
  if (!existsSync(file)) throw new Error(`dist/${name}.js is missing: run \`npm run build\` first.`);
  return import(pathToFileURL(file).href);
}

/**
 * Starts the demo: sandbox (unless the PLYR_* variables are set), signing endpoint and static game.
 * @param {{ port?: number, host?: string, mode?: 'sign' | 'relay', env?: Record<string, string | undefined>,
 *   sandboxOptions?: Record<string, unknown>, signerOptions?: Record<string, unknown>,
 *   matchOptions?: Record<string, unknown> }} [options]
 *   `mode` — `relay` (default): the endpoint signs and forwards the browser's calls (the browser only talks to this
 *   server); `sign`: the endpoint only signs and the browser calls the platform itself (see README, Security). `sandboxOptions` go to `startSandbox`
 *   (tests pass a clock), `signerOptions` to `createSigningHandler` (the bench turns the rate limits off),
 *   `matchOptions` to the match loop (`game`: options of `createPlyrGameClient`; `random`, `staleMs`, `limits`).
 * @returns {Promise<{ url: string, apiBase: string, gameId: string, mode: 'sign' | 'relay',
 *   sandbox: import('../src/sandbox/index.js').Sandbox | null, demoPlayer: string | null, close(): Promise<void> }>}
 */
export async function startDemoServer({
  port = 8080,
  host = '127.0.0.1',
  mode = 'relay',
  env = process.env,
  sandboxOptions = {},
  signerOptions = {},
  matchOptions = {},
} = {}) {
  if (mode !== 'sign' && mode !== 'relay') throw new Error(`mode must be 'sign' or 'relay', not ${mode}`);
  if (!existsSync(join(buildDir, 'demo.js'))) {
    throw new Error('demo/dist/demo.js is missing: build the demo with `node demo/build.mjs`.');
  }
  const real = platformFromEnv(env);
  const kit = await importBuilt('server');
  const { createSigningHandler, createRelayHandler, createMgPlusClient, isMgPlusError, toNodeListener } = kit;
  const { connectPageUrl } = await importBuilt('index');
  let sandbox = null;
  if (!real) {
    const { startSandbox } = await importBuilt('sandbox');
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1', ...sandboxOptions });
  }
  const platform = real ?? {
    apiBase: sandbox.url,
    apiKey: sandbox.apiKey,
    secretKey: sandbox.secretKey,
    gameId: sandbox.gameId,
  };
  const signerPath = mode === 'sign' ? '/plyr/sign' : '/plyr/relay';

  let signer;
  let mgRelay = null;
  let rounds = null;
  let game = null;
  let matches = null;
  /** This server's origin, once it listens. */
  let pageOrigin = '';
  let indexHtml;
  try {
    if (sandbox) {
      // One MG+ client for the studio: the relay authenticates launches with it (the player token stays in its
      // session store) and the round loop plays rounds with it (its journal makes each money move happen once).
      const client = createMgPlusClient({
        baseUrl: sandbox.url,
        sharedSecret: sandbox.mgplus.sharedSecret,
        provider: MGPLUS_PROVIDER,
        timeoutMs: 5_000,
        amounts: { currencies: { ...sandbox.mgplus.currencyDecimals } }, // the sandbox's virtual coin
      });
      // Rounds a crash left open are settled before new ones start (a no-op with this in-memory journal; with a
      // persistent one, this is where the last run's unfinished rounds are rolled back or credited). From the first
      // round on, the client's recovery loop settles open rounds while the server runs.
      await client.recover();
      rounds = createRealPlayRounds(client, { isMgPlusError });
      // Browser -> this relay (HMAC, X-Request-ID, the player's IP from the connection) -> the sandbox's MG+.
      mgRelay = toNodeListener(
        createRelayHandler({
          client,
          allowedGames: [MGPLUS_GAME],
          basePath: MGPLUS_RELAY_PATH,
        }),
      );
      // The studio's PLYR game client: it moves the match's tokens (each move journaled, exactly once) and its
      // recovery loop settles what was not known in time. In memory here; Redis in production (docs/deploy.md).
      const { game: gameOptions, ...loopOptions } = matchOptions;
      game = kit.createPlyrGameClient({ ...platform, ...gameOptions });
      matches = createMatchRounds(game, { kit, ...loopOptions });
    }
    signer = toNodeListener(
      createSigningHandler({
        apiKey: platform.apiKey,
        secretKey: platform.secretKey,
        gameId: platform.gameId,
        apiBase: platform.apiBase,
        mode,
        basePath: signerPath,
        // origins: the default, same-origin only (the page is served by this very server).
        ...signerOptions,
      }),
    );
    indexHtml = await renderIndex({
      GAME_ID: platform.gameId,
      API_BASE: platform.apiBase,
      SIGNER_URL: signerPath,
      SIGNER_MODE: mode,
      SANDBOX: sandbox ? '1' : '0',
      DEMO_PLAYER: sandbox ? DEMO_PLAYER : '',
      SECOND_PLAYER: sandbox ? SECOND_PLAYER : '',
      MATCH: matches ? MATCH_PATH : '',
      MGPLUS_RELAY: mgRelay ? MGPLUS_RELAY_PATH : '',
      MGPLUS_PROVIDER,
      MGPLUS_GAME,
    });
  } catch (error) {
    game?.close();
    await sandbox?.close();
    throw error;
  }
  const csp = contentSecurityPolicy(
    mode === 'sign' ? platform.apiBase : null,
    connectPageUrl(platform.apiBase).origin,
    // The sandbox serves the avatars it hands out (its IPFS stand-in) from its own http:// origin.
    sandbox?.url,
  );

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
      console.error('demo server:', error);
    });
  });

  async function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname;
    if (path === signerPath || path.startsWith(`${signerPath}/`)) return signer(req, res);
    if (mgRelay && path.startsWith(`${MGPLUS_RELAY_PATH}/`)) return mgRelay(req, res);
    if (rounds && path === SPIN_PATH) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { error: 'Use POST.', code: 'METHOD_NOT_ALLOWED' });
      }
      const answer = await rounds.spin(req);
      return sendJson(res, answer.status, answer.body, answer.headers);
    }
    if (matches && path.startsWith(`${MATCH_PATH}/`)) {
      const answer = await matches.handle(req, path.slice(MATCH_PATH.length));
      return sendJson(res, answer.status, answer.body, answer.headers);
    }
    if (path.startsWith('/sandbox/')) return sandboxRoute(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'Method not allowed' });
    }
    if (path === '/' || path === '/index.html')
      return send(req, res, 200, CONTENT_TYPES['.html'], indexHtml, { 'Cache-Control': 'no-store' });
    if (path === '/vendor/phaser.min.js') return sendFile(req, res, phaserFile);
    const file = await findStatic(path);
    if (!file) return sendJson(res, 404, { error: 'Not found' });
    return sendFile(req, res, file);
  }

  /** The dev panel's sandbox-only routes, proxied so the page needs no second origin for them. */
  async function sandboxRoute(req, res, path) {
    if (!sandbox) return sendJson(res, 404, { error: 'Not found (the demo runs against the real platform)' });
    let upstream;
    if (
      req.method === 'GET' &&
      (path === `/sandbox/totp/${DEMO_PLAYER}` || path === `/sandbox/totp/${SECOND_PLAYER}`)
    )
      upstream = { method: 'GET' };
    else if (req.method === 'GET' && path === '/sandbox/mgplus/players') upstream = { method: 'GET' };
    else if (req.method === 'POST' && path === '/sandbox/mgplus/launch') {
      const launch = await readLaunchRequest(req);
      if (!launch) return sendJson(res, 400, { error: 'Expected { player, expired?, invalid? }' });
      // The launch URL points at this page (the sandbox would point it at its own origin).
      const body = JSON.stringify({ ...launch, game: MGPLUS_GAME, url: `${pageOrigin}/` });
      upstream = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    } else if (req.method === 'POST' && /^\/sandbox\/claim\/[A-Za-z0-9-]{1,64}$/.test(path)) {
      upstream = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    } else return sendJson(res, 404, { error: 'Not found' });
    const answer = await fetch(`${sandbox.url}${path}`, upstream);
    const text = await answer.text();
    return send(req, res, answer.status, answer.headers.get('content-type') ?? CONTENT_TYPES['.json'], text, {
      'Cache-Control': 'no-store',
    });
  }

  /** The dev panel's launch request, checked field by field (only what an operator's lobby would choose). */
  async function readLaunchRequest(req) {
    const body = await readJson(req, 1024);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const { player, expired = false, invalid = false, ...rest } = body;
    if (Object.keys(rest).length > 0 || typeof player !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(player))
      return null;
    if (typeof expired !== 'boolean' || typeof invalid !== 'boolean') return null;
    return { player, expired, invalid };
  }

  /** A file under demo/dist or demo/public; never outside them (no traversal, no dot-files, no directories). */
  async function findStatic(path) {
    let decoded;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    if (
      decoded.includes('\0') ||
      decoded.includes('\\') ||
      decoded.split('/').some((part) => part.startsWith('.'))
    )
      return null;
    for (const dir of [buildDir, publicDir]) {
      const file = resolve(dir, `.${decoded}`);
      if (!file.startsWith(dir + sep)) return null;
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) return file;
    }
    return null;
  }

  async function sendFile(req, res, file) {
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    return send(req, res, 200, type, body, { 'Cache-Control': 'no-cache' });
  }

  function send(req, res, status, type, body, headers = {}) {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function sendJson(res, status, value, headers = {}) {
    send({ method: 'GET' }, res, status, CONTENT_TYPES['.json'], JSON.stringify(value), {
      'Cache-Control': 'no-store',
      ...headers,
    });
  }

  try {
    await new Promise((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(port, host, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    game?.close();
    await sandbox?.close();
    if (error?.code === 'EADDRINUSE')
      throw new Error(`Port ${port} on ${host} is in use: set PORT to another port.`);
    throw error;
  }
  const address = server.address();
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  pageOrigin = url;
  return {
    url,
    apiBase: platform.apiBase,
    gameId: platform.gameId,
    mode,
    sandbox,
    demoPlayer: sandbox ? DEMO_PLAYER : null,
    async close() {
      matches?.close();
      game?.close();
      server.closeAllConnections();
      await new Promise((done) => server.close(() => done()));
      await sandbox?.close();
    },
  };
}

function parseArgs(argv, env) {
  const options = {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    mode: env.PLYR_DEMO_MODE ?? 'relay',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--host') options.host = argv[++i];
    else if (arg === '--relay') options.mode = 'relay';
    else if (arg === '--sign') options.mode = 'sign';
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Unknown argument ${arg} (try --help)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
    throw new Error('--port must be 0..65535');
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(
      'Usage: node demo/server.mjs [--port 8080] [--host 127.0.0.1] [--sign]\n' +
        '  The signing endpoint runs in relay mode; --sign (or PLYR_DEMO_MODE=sign) makes it only sign.\n' +
        '  PORT, HOST: defaults for --port/--host.\n' +
        `  ${PLATFORM_ENV.join(', ')}: run against the real platform instead of the sandbox.`,
    );
    return;
  }
  const demo = await startDemoServer(options);
  const lines = [`plyr-kit demo: ${demo.url}`];
  if (demo.sandbox) {
    const seeded = demo.sandbox.users.find((u) => u.plyrId === DEMO_PLAYER);
    lines.push(
      `  platform:     local sandbox at ${demo.apiBase} (game ${demo.gameId}), signing endpoint ${demo.url}/plyr/${demo.mode}`,
      `  demo player:  PLYR[ID] ${DEMO_PLAYER}`,
      `  its 2FA code: shown in the page's dev panel, or: curl ${demo.url}/sandbox/totp/${DEMO_PLAYER}`,
    );
    if (seeded)
      lines.push(`                (or add TOTP secret ${seeded.totpSecret} to an authenticator app)`);
    lines.push(
      `  match:        ${demo.url}/?match in two browsers (or one and a private window), logged in as`,
      `                ${DEMO_PLAYER} and ${SECOND_PLAYER} (both codes on the dev panel): join in each`,
    );
  } else {
    lines.push(
      `  platform:     ${demo.apiBase} (game ${demo.gameId}), signing endpoint ${demo.url}/plyr/${demo.mode}`,
    );
  }
  lines.push('  Ctrl+C stops it.');
  console.log(lines.join('\n'));
  const stop = () => {
    demo.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`demo: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
