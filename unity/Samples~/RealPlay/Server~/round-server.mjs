#!/usr/bin/env node
// The Unity RealPlay sample's round server, written as a studio would write its own: one Node process (node:http
// and plyr-kit/server only) that
// - relays the page's MG+ launch at /mg (createRelayHandler: the player token stays here, the page gets a session id),
// - plays rounds at POST /round { sessionId, stake, roundId }: it finds the session, checks the stake against the
//   session's bet limits, draws the outcome itself and moves the money through the MG+ client's playRound (debit,
//   credit, each exactly once, journaled); the game never sends a win, only how much it stakes,
// - serves the Unity WebGL build when given a folder (UNITY_BUILD_DIR or --build), so page, relay and rounds share
//   one origin (no CORS).
//
// Run:  node node_modules/plyr-kit/unity/Samples~/RealPlay/Server~/round-server.mjs [--build Builds/WebGL]
// Without MG+ settings it starts plyr-kit's embedded sandbox (plyr-kit/sandbox) and opens launches for it at
// /sandbox/launch. Against real MG+ set MGPLUS_BASE_URL, MGPLUS_SHARED_SECRET and MGPLUS_PROVIDER (all three).
// See docs/unity.md, "Real play: one round".
import { randomInt } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * plyr-kit/<entry> as installed next to the game (`npm install plyr-kit`, also when this file was copied into the
 * Unity project with the sample); run from a plyr-kit checkout, its own build (`npm run build`).
 */
async function importKit(entry) {
  try {
    return await import(`plyr-kit/${entry}`);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'plyr-kit'")) throw error;
    const built = new URL(`../../../../dist/${entry}.js`, import.meta.url);
    return import(built.href).catch(() => {
      throw new Error('plyr-kit is not installed: run `npm install plyr-kit` in your game project first.');
    });
  }
}

const { amountDecimals, createMgPlusClient, createRelayHandler, isMgPlusError, toNodeListener } =
  await importKit('server');

/** Where the page's relay (RealPlayConfig.RelayUrl) and the round endpoint are. */
export const RELAY_PATH = '/mg';
export const ROUND_PATH = '/round';
/** The variables that point the server at a real MG+ (all three, or none for the sandbox). */
export const MGPLUS_ENV = ['MGPLUS_BASE_URL', 'MGPLUS_SHARED_SECRET', 'MGPLUS_PROVIDER'];

/** The game: a wheel of multipliers, one segment drawn per round on this server (80% returned to players). */
export const WHEEL = [0, 0, 0, 0, 0, 0.5, 1, 1.5, 2, 3];

const MAX_BODY_BYTES = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** HTTP status of a refusal (no money moved); any other refusal of MG+ (e.g. `RETRY_REQUIRED`): 409. */
const STATUS = {
  INVALID_BODY: 400,
  INVALID_STAKE: 400,
  BET_OUT_OF_RANGE: 400,
  BET_INVALID: 400,
  SESSION_UNKNOWN: 401,
  SESSION_EXPIRED: 401,
  PLAYER_UNAUTHORIZED: 401,
  INSUFFICIENT_FUNDS: 402,
  ORIGIN_NOT_ALLOWED: 403,
  ROUND_ID_TAKEN: 409,
  ROUND_IN_PLAY: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TIMEOUT: 504,
};
/** Build files by extension; a `.br`/`.gz` file is served with its Content-Encoding and the inner file's type. */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.css': 'text/css',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const ENCODINGS = { '.br': 'br', '.gz': 'gzip' };

/** The win of a stake on a multiplier, rounded down to the amounts the currency has (0.15 EUR × 0.5 pays 0.07). */
function winOf(stake, multiplier, decimals = 2) {
  const scale = 10 ** decimals;
  return Math.floor(stake * multiplier * scale + 1e-6) / scale;
}

/** The host of an Origin header, or undefined when it is not an http(s) origin (`null`, garbage). */
const hostOf = (origin) => /^https?:\/\/([^/?#]+)$/i.exec(origin)?.[1]?.toLowerCase();

/** A refusal: nothing was played, no money moved. */
const failed = (code, message, roundId) => ({
  status: STATUS[code] ?? 409,
  body: { status: 'failed', code, message, ...(roundId ? { roundId } : {}) },
});

/**
 * Starts the server.
 * @param {{ port?: number, host?: string, buildDir?: string, env?: Record<string, string | undefined>,
 *   log?: (line: string) => void }} [options]
 */
export async function startRoundServer(options = {}) {
  const { port = 8080, host = '127.0.0.1', buildDir, env = process.env, log = console.log } = options;
  const game = env.MGPLUS_GAME || 'my-game'; // the sample's "game" field in the Inspector
  const set = MGPLUS_ENV.filter((name) => env[name]);
  if (set.length > 0 && set.length < MGPLUS_ENV.length)
    throw new Error(`Set all of ${MGPLUS_ENV.join(', ')} for real MG+, or none for the sandbox.`);

  let sandbox = null;
  let mgplus;
  if (set.length === 0) {
    const { startSandbox } = await importKit('sandbox');
    sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
    mgplus = {
      baseUrl: sandbox.url,
      sharedSecret: sandbox.mgplus.sharedSecret,
      provider: 'my-studio',
      amounts: { currencies: { ...sandbox.mgplus.currencyDecimals } }, // the sandbox's virtual coin
    };
  } else {
    mgplus = {
      baseUrl: env.MGPLUS_BASE_URL,
      sharedSecret: env.MGPLUS_SHARED_SECRET,
      provider: env.MGPLUS_PROVIDER,
    };
  }

  // One MG+ client for relay and rounds: the relay opens sessions in its store, rounds find them by session id.
  // Its journal is in memory here; in production give it createRedisState(...) (docs/deploy.md) so that a restart
  // settles the rounds it left open.
  const client = createMgPlusClient(mgplus);
  const currencies = mgplus.amounts?.currencies;
  await client.recover();
  const relay = toNodeListener(createRelayHandler({ client, allowedGames: [game], basePath: RELAY_PATH }));
  /** Sessions with a round in play, and which: one round at a time per player. */
  const playing = new Map();

  /** What a journaled round tells the game; the same answer however often it is asked. */
  async function known(roundId, session, stake) {
    const round = await client.round(roundId);
    if (round === undefined) return undefined;
    if (round.playerId !== session.playerId || round.bet !== stake)
      return failed('ROUND_ID_TAKEN', 'This round id belongs to another round: send a new one.', roundId);
    switch (round.status) {
      case 'settled': {
        const record = await client.journal.load(roundId);
        const credit = record?.steps.findLast((step) => step.kind === 'credit');
        const { multiplier } = credit?.gameInfo ?? {};
        return {
          status: 200,
          body: { status: 'settled', roundId, stake, multiplier, win: round.win, balance: round.balance },
        };
      }
      case 'pending':
        // Money may have moved: the client's recovery settles it with the same ids. Ask again with the same body.
        return {
          status: 202,
          body: {
            status: 'pending',
            roundId,
            code: 'ROUND_PENDING',
            message: 'Your round is being settled with the casino.',
          },
        };
      case 'failed':
        // MG+ refused for good to settle it: the stake was taken and neither paid nor returned. A person must look.
        return {
          status: 502,
          body: {
            status: 'unresolved',
            roundId,
            code: round.code,
            message: `The casino did not settle round ${roundId}; support will.`,
          },
        };
      default: // cancelled or refused: no money moved
        return failed(round.code ?? 'ROUND_REFUSED', 'The casino did not play this round.', roundId);
    }
  }

  /** POST /round: plays the round, or answers what became of it when this round id was played before. */
  async function round(req) {
    const origin = req.headers.origin;
    // The page is on this origin; another site's page must not spend this player's money.
    if (origin !== undefined && hostOf(origin) !== req.headers.host?.toLowerCase())
      return failed('ORIGIN_NOT_ALLOWED', 'Rounds are played from this site only.');
    if ((req.headers['content-type'] ?? '').split(';')[0].trim() !== 'application/json')
      return failed('UNSUPPORTED_MEDIA_TYPE', 'Send application/json.');
    const body = await readJson(req);
    if (body === TOO_LARGE) return failed('BODY_TOO_LARGE', `The body is over ${MAX_BODY_BYTES} bytes.`);
    const { sessionId, stake, roundId, ...rest } = body ?? {};
    if (typeof body !== 'object' || body === null || Object.keys(rest).length > 0)
      return failed('INVALID_BODY', 'Send { sessionId, stake, roundId } as JSON.');
    if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > 128)
      return failed('INVALID_BODY', 'sessionId must be the SessionId of the authenticated launch.');
    if (typeof roundId !== 'string' || !UUID.test(roundId))
      return failed('INVALID_BODY', 'roundId must be a new UUID per round (the same one when asking again).');
    if (typeof stake !== 'number' || !Number.isFinite(stake) || stake <= 0)
      return failed('INVALID_STAKE', 'stake must be a positive number in the player’s currency.', roundId);

    const session = await client.session(sessionId);
    if (session === undefined)
      return failed('SESSION_UNKNOWN', 'This game session is unknown or has expired: relaunch the game.');
    const before = await known(roundId, session, stake);
    if (before) return before;
    const allowed = client.checkBet(session, { bet: stake });
    if (!allowed.ok) return failed(allowed.code, allowed.message, roundId);
    if (playing.has(sessionId))
      return playing.get(sessionId) === roundId
        ? {
            status: 202,
            body: { status: 'pending', roundId, code: 'ROUND_PENDING', message: 'Still playing.' },
          }
        : failed('ROUND_IN_PLAY', 'Another round is being played.', roundId);

    playing.set(sessionId, roundId);
    try {
      await client.playRound(session, {
        bet: stake,
        roundId,
        // Runs once the stake is debited: the outcome is drawn here and nowhere else.
        payout: () => {
          const multiplier = WHEEL[randomInt(WHEEL.length)];
          const decimals = amountDecimals(session.currency ?? '', session.currencyTruncation, currencies);
          return { amount: winOf(stake, multiplier, decimals), gameInfo: { multiplier } };
        },
      });
      return await known(roundId, session, stake);
    } catch (error) {
      if (!isMgPlusError(error)) throw error;
      // Not played: the stake was refused or rolled back.
      if (error.code === 'SESSION_EXPIRED' || error.code === 'PLAYER_UNAUTHORIZED')
        await client.closeSession(sessionId);
      return failed(error.code, error.message, roundId);
    } finally {
      playing.delete(sessionId);
    }
  }

  /** GET /sandbox/launch?player=eur: what a casino lobby does, a fresh launch of the build (sandbox only). */
  async function launch(url, res) {
    const player = url.searchParams.get('player') ?? 'eur';
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player, game }).catch(() => undefined);
    if (!launchToken) return send(res, 400, { error: `No sandbox player ${player}.` });
    res.writeHead(302, { location: `/?launchToken=${encodeURIComponent(launchToken)}` }).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('round server:', error);
      // Not known whether a round was played: the game asks again with the same round id, which is safe.
      if (!res.headersSent)
        send(res, 500, { status: 'pending', code: 'INTERNAL', message: 'Internal error' });
      else res.destroy();
    });
  });
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(`${RELAY_PATH}/`)) return relay(req, res);
    if (url.pathname === ROUND_PATH) {
      if (req.method !== 'POST') return send(res, 405, { error: 'Use POST.' }, { allow: 'POST' });
      const answer = await round(req);
      return send(res, answer.status, answer.body);
    }
    if (sandbox && url.pathname === '/sandbox/launch') return launch(url, res);
    if (buildDir && (req.method === 'GET' || req.method === 'HEAD')) return serveBuild(buildDir, url, res);
    send(res, 404, { error: 'Not found' });
  }

  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const origin = `http://${host}:${server.address().port}`;
  log(
    `Round server on ${origin} (${sandbox ? `MG+ sandbox at ${sandbox.url}` : `MG+ at ${mgplus.baseUrl}`})`,
  );
  log(`  relay ${origin}${RELAY_PATH}, rounds POST ${origin}${ROUND_PATH}, game "${game}"`);
  if (buildDir) log(`  serving the WebGL build in ${buildDir}`);
  if (sandbox) log(`  open ${origin}/sandbox/launch?player=eur to launch the build as a casino would`);
  return {
    url: origin,
    sandbox,
    client,
    async close() {
      await new Promise((ok) => server.close(ok));
      client.close();
      await sandbox?.close();
    },
  };
}

/** Serves a file of the Unity WebGL build (never above the folder), compressed files as they are. */
async function serveBuild(dir, url, res) {
  const path = decodeURIComponent(url.pathname);
  const file = join(dir, normalize(path === '/' ? '/index.html' : path));
  if (!(await stat(file).catch(() => null))?.isFile()) return send(res, 404, { error: 'Not found' });
  const encoding = ENCODINGS[extname(file)];
  const inner = encoding ? file.slice(0, -extname(file).length) : file;
  res.writeHead(200, {
    'content-type': TYPES[extname(inner)] ?? 'application/octet-stream',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  createReadStream(file).pipe(res);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const TOO_LARGE = Symbol('too large');

/** The JSON body (at most MAX_BODY_BYTES), or undefined when it is not JSON. */
async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return TOO_LARGE;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `--port 8080 --host 0.0.0.0 --build Builds/WebGL` (PORT, HOST and UNITY_BUILD_DIR work too). */
function cliOptions(argv, env) {
  const options = {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    buildDir: env.UNITY_BUILD_DIR,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--port') options.port = Number(value);
    else if (flag === '--host') options.host = value;
    else if (flag === '--build') options.buildDir = value;
    else throw new Error(`Unknown option ${flag}: use --port, --host, --build.`);
  }
  if (options.buildDir) options.buildDir = resolve(options.buildDir);
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const server = await startRoundServer(cliOptions(process.argv.slice(2), process.env));
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => server.close().then(() => process.exit(0)));
}
