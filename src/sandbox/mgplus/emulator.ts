/**
 * The MG+ emulator of the sandbox, as a node:http route handler that `startSandbox` mounts next to the PLYR API:
 * - `POST /v1/authenticate`: the MG+ contract (HMAC, request-id echo, caller IP allow-list, token and player
 *   checks), see `authenticate.ts`;
 * - `POST /sandbox/mgplus/launch` `{ player?, game?, expiresIn?, expired?, invalid?, url? }` →
 *   `{ launchToken, url, playerId, expiresAt }`: what an operator's lobby does when it launches the game;
 * - `GET /sandbox/mgplus/players`: the seeded players (no secrets), for a dev panel;
 * - `POST /v1/balance`, `/v1/transaction`, `/v1/rollback`: the wallet (see `wallet.ts`, `ledger.ts`);
 * - `GET /sandbox/mgplus/ledger`: the wallet's books ({@link MgPlusLedgerSnapshot}), amounts as JSON numbers and as
 *   exact decimal texts (`changeText`, `balanceTexts`, …);
 * - `POST /sandbox/mgplus/faults` `{ rates?, seed?, slowMs?, calls?, once? }` sets random faults and/or queues
 *   one-shot ones, `GET` counts them, `DELETE` clears them (see `faults.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, isUuid, type MgPlusAnswer } from './authenticate.js';
import { type MgPlusFaultOnce, type MgPlusFaultPlan, MgPlusFaults, onceError, planError } from './faults.js';
import { createLaunchTokenIssuer } from './launch-tokens.js';
import { MgPlusLedger, type MgPlusLedgerSnapshot } from './ledger.js';
import {
  MGPLUS_SANDBOX_CURRENCY_DECIMALS,
  MGPLUS_SANDBOX_PLAYERS,
  type MgPlusSandboxPlayer,
} from './players.js';
import { WALLET_PATHS, walletCall } from './wallet.js';

/** The game id launch tokens are minted for when none is given. */
export const MGPLUS_SANDBOX_GAME = 'plyr-kit-demo';

/** Options of {@link createMgPlusEmulator}. */
export interface MgPlusEmulatorOptions {
  /** Origin the sandbox is reachable at; launch URLs point at `baseUrl + gamePath` unless a `url` is given. */
  baseUrl: string;
  /** Clock (ms since the epoch) for token expiry and free-game dates. Default `Date.now`. */
  now?: () => number;
  /** The studio's MG+ shared secret. Default: random per emulator. */
  sharedSecret?: string;
  /** Encoding of `X-HMAC-Signature` the emulator expects. Default `hex`. */
  signatureEncoding?: 'hex' | 'base64';
  /** Caller IPs allowed to call MG+ (others get `REGION_BLOCKED`). Default: any. */
  allowedCallerIps?: string[];
  /** Path of the game page on `baseUrl` for launch URLs. Default `/`. */
  gamePath?: string;
  /** Launch URL query parameter. Default `launchToken`. */
  launchTokenParam?: string;
}

/** Fault injection of the wallet routes (see `faults.ts`). */
export interface MgPlusWalletFaults {
  /** Random faults per call, seeded (replaces the previous plan). Throws a RangeError on a bad plan. */
  configure(plan: MgPlusFaultPlan): void;
  /** A fault for the next matching call(s). */
  once(fault: MgPlusFaultOnce): void;
  /** Removes the plan and the queued faults. */
  clear(): void;
  /** Calls seen and faults injected per kind. */
  stats(): ReturnType<MgPlusFaults['stats']>;
}

/** Options of {@link MgPlusEmulator.mintLaunchToken}. */
export interface MintLaunchTokenOptions {
  /** Seeded player: `playerId` or label (`eur`, `btc`, `idr`, `coins`, `test`, `locked`). Default `eur`. */
  player?: string;
  /** Game id the token is for. Default `plyr-kit-demo`. */
  game?: string;
  /** Lifetime in seconds (negative: already expired). Default 600. */
  expiresIn?: number;
  /** Shortcut for an already expired token (`exp` one minute ago). */
  expired?: boolean;
  /** A well-formed token with a bad signature. */
  invalid?: boolean;
}

/** A seeded player as listed to a dev panel. */
export type MgPlusPlayerSummary = Pick<
  MgPlusSandboxPlayer,
  'label' | 'playerId' | 'brand' | 'currency' | 'currencyTruncation' | 'balance'
> & { locked: boolean };

/** The MG+ emulator. */
export interface MgPlusEmulator {
  /** The shared secret the studio's relay must sign with. */
  readonly sharedSecret: string;
  /** The expected `X-HMAC-Signature` encoding. */
  readonly signatureEncoding: 'hex' | 'base64';
  /** The seeded players. */
  readonly players: readonly MgPlusPlayerSummary[];
  /**
   * Decimals of the sandbox's currencies that are not in the built-in table (its virtual coin `gc`): pass them to the
   * studio's client, `createMgPlusClient({ amounts: { currencies: sandbox.mgplus.currencyDecimals } })`.
   */
  readonly currencyDecimals: Readonly<Record<string, number>>;
  /** True when `path` (without query) is one of the emulator's routes: read the raw body, then call `handle`. */
  matches(method: string, path: string): boolean;
  /**
   * Handle `req` when it is an MG+ or MG+ sandbox route; returns `false` (and does nothing) otherwise. `rawBody`
   * is the complete request body (the HMAC covers those exact bytes); `headers` (e.g. CORS) are added to the
   * answer, which is written asynchronously.
   */
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    rawBody: Buffer,
    headers?: Record<string, string>,
  ): boolean;
  /** Mint a launch token for a seeded player. Rejects for an unknown player. */
  mintLaunchToken(options?: MintLaunchTokenOptions): Promise<string>;
  /** The launch URL of a token: `url` (default the game page) with the token parameter set. */
  launchUrl(launchToken: string, url?: string): string;
  /** The wallet's books: every money move, balances, open rounds. */
  ledger(): MgPlusLedgerSnapshot;
  /** Fault injection of the wallet routes. */
  readonly faults: MgPlusWalletFaults;
}

function send(
  res: ServerResponse,
  answer: MgPlusAnswer,
  extra: Record<string, string>,
  requestId?: string,
): void {
  const text = JSON.stringify(answer.body);
  const headers: Record<string, string> = {
    ...extra,
    'content-type': 'application/json',
    'cache-control': 'no-cache, no-store',
    'content-length': String(Buffer.byteLength(text)),
  };
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  res.writeHead(answer.status, headers);
  res.end(text);
}

/** The caller's address as MG+ sees it (IPv4-mapped IPv6 written as IPv4). */
function callerIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    out[name] = Array.isArray(value) ? value[0] : value;
  return out;
}

function parseLaunchRequest(rawBody: Buffer): MintLaunchTokenOptions & { url?: string } {
  const text = rawBody.toString('utf8').trim();
  if (text === '') return {};
  const body: unknown = JSON.parse(text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TypeError('not an object');
  const b = body as Record<string, unknown>;
  const out: MintLaunchTokenOptions & { url?: string } = {};
  if (b.player !== undefined) {
    if (typeof b.player !== 'string') throw new TypeError('player must be a string');
    out.player = b.player;
  }
  if (b.game !== undefined) {
    if (typeof b.game !== 'string') throw new TypeError('game must be a string');
    out.game = b.game;
  }
  if (b.expiresIn !== undefined) {
    if (typeof b.expiresIn !== 'number' || !Number.isFinite(b.expiresIn))
      throw new TypeError('expiresIn must be a number of seconds');
    out.expiresIn = b.expiresIn;
  }
  if (b.expired !== undefined) out.expired = b.expired === true;
  if (b.invalid !== undefined) out.invalid = b.invalid === true;
  if (b.url !== undefined) {
    if (typeof b.url !== 'string') throw new TypeError('url must be a string');
    out.url = b.url;
  }
  return out;
}

/** Create the MG+ emulator. */
export function createMgPlusEmulator(options: MgPlusEmulatorOptions): MgPlusEmulator {
  const now = options.now ?? Date.now;
  const sharedSecret = options.sharedSecret ?? randomBytes(32).toString('hex');
  const signatureEncoding = options.signatureEncoding ?? 'hex';
  const param = options.launchTokenParam ?? 'launchToken';
  const gamePage = new URL(options.gamePath ?? '/', options.baseUrl).toString();
  const tokens = createLaunchTokenIssuer(now);
  const ledger = new MgPlusLedger(MGPLUS_SANDBOX_PLAYERS, now);
  const faults = new MgPlusFaults();
  // Authenticate reports what the wallet holds now: balance and free-game rounds left.
  const players: readonly MgPlusSandboxPlayer[] = MGPLUS_SANDBOX_PLAYERS.map((p) =>
    Object.defineProperties(
      { ...p },
      {
        balance: { get: () => ledger.balanceOf(p.playerId), enumerable: true },
        freeGames: { get: () => ledger.offersOf(p.playerId), enumerable: true },
      },
    ),
  );
  const ctx = {
    ledger,
    faults,
    sharedSecret,
    signatureEncoding,
    allowedCallerIps: options.allowedCallerIps,
    players,
    tokens,
    now,
    playerTokens: new Map<string, { playerId: string; game: string }>(),
  };

  /** Mint a token; also says for whom and until when (seconds precision, as in `exp`). */
  async function mint(mint: MintLaunchTokenOptions) {
    const wanted = mint.player ?? 'eur';
    const player = players.find((p) => p.playerId === wanted || p.label === wanted);
    if (player === undefined) throw new RangeError(`No sandbox MG+ player "${wanted}".`);
    const expiresIn = mint.expired === true ? -60 : Math.trunc(mint.expiresIn ?? 600);
    const launchToken = await tokens.mint(
      {
        sub: player.playerId,
        brand: player.brand,
        currency: player.currency,
        game: mint.game ?? MGPLUS_SANDBOX_GAME,
      },
      expiresIn,
      mint.invalid === true,
    );
    const expiresAt = new Date((Math.floor(now() / 1000) + expiresIn) * 1000).toISOString();
    return { launchToken, playerId: player.playerId, expiresAt };
  }

  async function mintLaunchToken(options: MintLaunchTokenOptions = {}): Promise<string> {
    return (await mint(options)).launchToken;
  }

  function launchUrl(launchToken: string, url: string = gamePage): string {
    const target = new URL(url, gamePage);
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new TypeError('url must be http(s)');
    target.searchParams.set(param, launchToken);
    return target.toString();
  }

  async function launch(rawBody: Buffer): Promise<MgPlusAnswer> {
    let request: ReturnType<typeof parseLaunchRequest>;
    try {
      request = parseLaunchRequest(rawBody);
    } catch (error) {
      return {
        status: 400,
        body: { error: `Bad launch request: ${(error as Error).message}`, code: 'INVALID_BODY' },
      };
    }
    try {
      const minted = await mint(request);
      return { status: 200, body: { ...minted, url: launchUrl(minted.launchToken, request.url) } };
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message, code: 'INVALID_BODY' } };
    }
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    rawBody: Buffer,
    path: string,
    extra: Record<string, string>,
  ): Promise<void> {
    if (path === '/v1/authenticate') {
      const headers = headerRecord(req);
      const requestId = isUuid(headers['x-request-id']) ? headers['x-request-id'] : undefined;
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        send(
          res,
          { status: 405, body: { error: { code: 'INVALID_REQUEST', message: 'Use POST.' } } },
          extra,
          requestId,
        );
        return;
      }
      send(res, await authenticate({ headers, rawBody, callerIp: callerIp(req) }, ctx), extra, requestId);
      return;
    }
    const call = Object.hasOwn(WALLET_PATHS, path) ? WALLET_PATHS[path] : undefined;
    if (call !== undefined) {
      const headers = headerRecord(req);
      const requestId = isUuid(headers['x-request-id']) ? headers['x-request-id'] : undefined;
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        const refusal = { error: { code: 'INVALID_REQUEST', message: 'Use POST.' } };
        send(res, { status: 405, body: refusal }, extra, requestId);
        return;
      }
      const outcome = await walletCall(call, { headers, rawBody, callerIp: callerIp(req) }, ctx);
      if ('drop' in outcome) req.socket.destroy();
      else send(res, outcome.answer, extra, requestId);
      return;
    }
    if (path === '/sandbox/mgplus/ledger') {
      send(res, { status: 200, body: ledger.snapshot() }, extra);
      return;
    }
    if (path === '/sandbox/mgplus/faults') {
      send(res, faultRoute(req.method ?? 'GET', rawBody), extra);
      return;
    }
    if (path === '/sandbox/mgplus/launch') {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        send(res, { status: 405, body: { error: 'Use POST.', code: 'METHOD_NOT_ALLOWED' } }, extra);
        return;
      }
      send(res, await launch(rawBody), extra);
      return;
    }
    send(res, { status: 200, body: { players: summaries } }, extra);
  }

  function faultRoute(method: string, rawBody: Buffer): MgPlusAnswer {
    const refuse = (error: string) => ({ status: 400, body: { error, code: 'INVALID_BODY' } });
    if (method === 'GET') return { status: 200, body: faults.stats() };
    if (method === 'DELETE') {
      faults.clear();
      return { status: 200, body: faults.stats() };
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8') || '{}');
    } catch {
      return refuse('The body is not JSON.');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return refuse('Send a JSON object.');
    const { once, ...plan } = body as { once?: unknown } & Record<string, unknown>;
    const queued = once === undefined ? [] : Array.isArray(once) ? once : [once];
    for (const fault of queued) {
      const error = onceError(fault as MgPlusFaultOnce);
      if (error !== undefined) return refuse(error);
    }
    if (Object.keys(plan).length > 0) {
      const error = planError(plan as unknown as MgPlusFaultPlan);
      if (error !== undefined) return refuse(error);
      faults.configure(plan as unknown as MgPlusFaultPlan);
    }
    for (const fault of queued) faults.once(fault as MgPlusFaultOnce);
    return { status: 200, body: faults.stats() };
  }

  function matches(method: string, path: string): boolean {
    const m = method.toUpperCase();
    return (
      path === '/v1/authenticate' ||
      Object.hasOwn(WALLET_PATHS, path) ||
      (path === '/sandbox/mgplus/ledger' && m === 'GET') ||
      (path === '/sandbox/mgplus/faults' && (m === 'GET' || m === 'POST' || m === 'DELETE')) ||
      path === '/sandbox/mgplus/launch' ||
      (path === '/sandbox/mgplus/players' && method.toUpperCase() === 'GET')
    );
  }

  const summaries: MgPlusPlayerSummary[] = players.map((p) => ({
    label: p.label,
    playerId: p.playerId,
    brand: p.brand,
    currency: p.currency,
    currencyTruncation: p.currencyTruncation,
    balance: p.balance,
    locked: p.locked === true,
  }));

  return {
    sharedSecret,
    signatureEncoding,
    players: summaries,
    currencyDecimals: MGPLUS_SANDBOX_CURRENCY_DECIMALS,
    mintLaunchToken,
    launchUrl,
    matches,
    ledger: () => ledger.snapshot(),
    faults: {
      configure: (plan) => faults.configure(plan),
      once: (fault) => faults.once(fault),
      clear: () => faults.clear(),
      stats: () => faults.stats(),
    },
    handle(req, res, rawBody, headers = {}) {
      const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
      if (!matches(req.method ?? 'GET', path)) return false;
      route(req, res, rawBody, path, headers).catch((error: unknown) => {
        if (res.headersSent) return res.destroy();
        const message = `Sandbox failure: ${(error as Error).message}`;
        send(res, { status: 500, body: { error: { code: 'RETRY_REQUIRED', message } } }, headers);
      });
      return true;
    },
  };
}
