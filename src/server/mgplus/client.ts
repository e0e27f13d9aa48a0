/**
 * `createMgPlusClient`: the studio's server-side MG+ client. Typed calls (`authenticate`, `balance`,
 * `transaction`, `rollback`), rounds that move money exactly once (`playRound`, `recover`, see `rounds.ts`), and
 * real-play sessions that keep the player token on the server (`openSession`, `session`).
 *
 * ```ts
 * const mg = createMgPlusClient({ baseUrl: 'https://mgplus.example', sharedSecret, provider: 'mystudio' });
 * await mg.recover();                                   // at start-up, with a persistent journal
 * const auth = await mg.authenticate({ launchToken, game: 'mygame', ip, platform: 'desktop' });
 * const { sessionId, publicView } = await mg.openSession(auth);   // send publicView to the browser
 * // later, on the game's "spin" request carrying sessionId:
 * const session = await mg.session(sessionId);
 * const round = await mg.playRound(session, { bet: 1, payout: () => drawReels().win });
 * if (round.status === 'pending') tellPlayer('confirming…'); // mg.on('recovered', …) tells the end
 * ```
 */
import type { HmacImplementation } from '../http/hmac.js';
import { type MgPlusRecoveryOptions, type RecoveryLoop, startRecoveryLoop } from '../http/recovery-loop.js';
import { amountRules, type MgPlusAmountOptions } from './amounts.js';
import { checkBet, type MgPlusBetCheck, type MgPlusBetCheckOptions, type MgPlusBetRequest } from './bets.js';
import type { MgPlusOperation } from './errors.js';
import { createMemoryJournal, type MgPlusJournal } from './journal.js';
import { readAuthenticate, readBalance } from './parse.js';
import {
  type MgPlusRecoverOptions,
  type MgPlusRecoverReport,
  type RecoveredListener,
  recoverRounds,
} from './recover.js';
import { type MgPlusRetryOptions, retryPolicy, withRetry } from './retry.js';
import { type MgPlusRoundOutcome, type MgPlusRoundStatus, outcomeOf } from './round-outcome.js';
import { type MgPlusRoundPlay, playRound, type RoundContext } from './rounds.js';
import {
  createMemorySessionStore,
  type MgPlusPublicView,
  newSessionId,
  publicViewOf,
  type RealPlaySession,
  type RealPlaySessionStore,
  sessionOf,
} from './sessions.js';
import { createBodySigner, type MgPlusSignatureEncoding } from './signature.js';
import { type MgPlusTransport, type PreparedCall, sendOnce } from './transport.js';
import type {
  MgPlusAuthenticateRequest,
  MgPlusAuthenticateResult,
  MgPlusBalanceResult,
  MgPlusFreeGame,
  MgPlusRollbackRequest,
  MgPlusSession,
  MgPlusTransactionRequest,
} from './types.js';

/** The stores a client keeps rounds and sessions in; a `ServerState` (memory or Redis) has both. */
export interface MgPlusStores {
  /** The round journal. */
  readonly journal: MgPlusJournal;
  /** Real-play sessions. */
  readonly sessions: RealPlaySessionStore;
}

/** Options of {@link createMgPlusClient}. */
export interface MgPlusClientOptions {
  /** MG+ API base URL (origin, optionally with a path prefix). */
  baseUrl: string;
  /** The studio's MG+ shared secret (HMAC key, used as UTF-8 text). Never leaves the server. */
  sharedSecret: string;
  /** The studio's MG+ provider id, sent with every call. */
  provider: string;
  /** Encoding of `X-HMAC-Signature` (the guide does not say). Default `hex`. */
  signatureEncoding?: MgPlusSignatureEncoding;
  /** HMAC implementation. Default `auto` (node:crypto in Node, WebCrypto elsewhere). */
  hmac?: HmacImplementation;
  /** Timeout of each attempt in ms, answer body included. Default 10 000. */
  timeoutMs?: number;
  /** Fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Retries of balance, transaction and rollback (authenticate is never retried). */
  retry?: MgPlusRetryOptions;
  /** Where rounds are journaled. Default: `state`'s journal, else in memory (use a persistent one in production). */
  journal?: MgPlusJournal;
  /**
   * Shared server state (`createRedisState(...)`): its journal and session store are used unless `journal` or
   * `sessions.store` is given. Give the same state to `createRelayHandler` and `createSigningHandler`.
   */
  state?: MgPlusStores;
  /** Real-play sessions kept on the server. */
  sessions?: {
    /** Default: `state`'s session store, else a bounded in-memory one. */
    store?: RealPlaySessionStore;
    /** Lifetime of an idle session in ms, renewed by each `playRound` or `balance` with it. Default 1 hour. */
    ttlMs?: number;
    /** Also hand `playerToken` to the browser in `publicView` (for games that call MG+ paths through a relay). */
    includePlayerToken?: boolean;
  };
  /** How rounds settle. */
  rounds?: {
    /**
     * How long `playRound` keeps settling a round (retrying its credit or rollback) before it answers `pending`,
     * in ms; also the budget of one recovery of a round. Default 15 000.
     */
    settleWithinMs?: number;
    /** How long a round's lease lasts (journals with leases), in ms. Default `settleWithinMs` + 5 000. */
    leaseMs?: number;
  };
  /** How bets and payouts are checked before money moves (currency decimals, largest amount, payout cap). */
  amounts?: MgPlusAmountOptions;
  /**
   * The recovery loop that settles open rounds while the server lives (started by the first round), or `false`
   * to run `recover()` yourself (e.g. from a scheduled job on a serverless platform).
   */
  recovery?: MgPlusRecoveryOptions | false;
  /** Clock in ms (journal times, session TTLs). Default `Date.now`. */
  now?: () => number;
}

/** The MG+ server client. Every method rejects with a {@link MgPlusError} for MG+ and transport failures. */
export interface MgPlusClient {
  /** `POST /v1/authenticate` (not retried: a launch token may be single-use). */
  authenticate(request: MgPlusAuthenticateRequest): Promise<MgPlusAuthenticateResult>;
  /**
   * `POST /v1/balance`. With a session from {@link MgPlusClient.session}, also writes it back to the store with the
   * fresh `freeGames` and a renewed TTL (see {@link MgPlusClient.playRound}).
   */
  balance(session: MgPlusSession): Promise<MgPlusBalanceResult>;
  /**
   * `POST /v1/transaction`, retried with the same body on retryable outcomes. A low-level call: it journals
   * nothing; use {@link MgPlusClient.playRound} for rounds.
   */
  transaction(session: MgPlusSession, request: MgPlusTransactionRequest): Promise<MgPlusBalanceResult>;
  /** `POST /v1/rollback` of a debit, retried like `transaction`. */
  rollback(session: MgPlusSession, request: MgPlusRollbackRequest): Promise<MgPlusBalanceResult>;
  /**
   * Plays a whole round exactly once: debit, server-side payout, closing credit (see {@link MgPlusRoundPlay}).
   * Check the bet first with `checkBet`.
   *
   * Resolves with the round's outcome: `settled` (win and balance), `pending` (not known by
   * `rounds.settleWithinMs`: money may have moved, recovery settles it; ask {@link MgPlusClient.round} later or
   * listen to `recovered`), or `failed` (MG+ refused to settle it for good; a person must look). Rejects only when
   * no money moved: the bet was refused (`INSUFFICIENT_FUNDS`, `AMOUNT_INVALID`, …) or rolled back, with the error
   * that ended it.
   *
   * With a session from {@link MgPlusClient.session} (it has a `sessionId`), a played round also writes the session
   * back to the store: `freeGames` as MG+ reported them after the credit, and a new TTL (sliding: a session in use
   * stays alive). The write-back never resurrects a session closed or expired meanwhile, and a store failure there
   * does not fail the round (the money has moved; the next call writes again).
   */
  playRound(session: MgPlusSession, play: MgPlusRoundPlay): Promise<MgPlusRoundOutcome>;
  /**
   * `checkBet` with this client's amount rules (`amounts`): the checks a round handler makes before `playRound`.
   */
  checkBet(
    session: RealPlaySession,
    request: MgPlusBetRequest,
    options?: Omit<MgPlusBetCheckOptions, 'amounts'>,
  ): MgPlusBetCheck;
  /** Where a round stands now (from the journal, or this process's newer copy), or undefined when unknown. */
  round(roundId: string): Promise<MgPlusRoundStatus | undefined>;
  /**
   * Settles the rounds left open in the journal (crash, MG+ unreachable, `pending` answers). The recovery loop
   * calls it every `recovery.intervalMs`; call it yourself at start-up or from a scheduled job.
   */
  recover(options?: MgPlusRecoverOptions): Promise<MgPlusRecoverReport>;
  /**
   * `recovered`: recovery brought an open round to its end (`settled`, `cancelled`, `refused` or `failed`), e.g.
   * one `playRound` answered `pending`. Returns a function that removes the listener.
   */
  on(event: 'recovered', listener: (outcome: MgPlusRoundStatus) => void): () => void;
  /** Stops the recovery loop (open rounds stay in the journal for the next process). */
  close(): void;
  /**
   * Keeps the player token on the server: stores the session (with `sessionInfo.gameConfig` and the free-game
   * offers, see {@link RealPlaySession}) for `sessions.ttlMs`, and returns what the browser may see.
   */
  openSession(result: MgPlusAuthenticateResult): Promise<{ sessionId: string; publicView: MgPlusPublicView }>;
  /** The session behind an id from {@link MgPlusClient.openSession}, or undefined (unknown or expired). */
  session(sessionId: string): Promise<RealPlaySession | undefined>;
  /** Forgets a session. */
  closeSession(sessionId: string): Promise<void>;
  /** The journal in use. */
  readonly journal: MgPlusJournal;
  /** The studio's MG+ provider id this client sends. */
  readonly provider: string;
}

const ID = /^[A-Za-z0-9_.-]{1,255}$/;

function validateOptions(o: MgPlusClientOptions): void {
  let base: URL;
  try {
    base = new URL(o.baseUrl);
  } catch {
    throw new TypeError('createMgPlusClient: `baseUrl` must be an absolute URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new TypeError('createMgPlusClient: `baseUrl` must be http(s).');
  if (typeof o.sharedSecret !== 'string' || o.sharedSecret === '')
    throw new TypeError('createMgPlusClient: `sharedSecret` is required.');
  if (typeof o.provider !== 'string' || !ID.test(o.provider))
    throw new TypeError('createMgPlusClient: `provider` must be 1-255 characters of a-z A-Z 0-9 _ - .');
  const encoding = o.signatureEncoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64')
    throw new TypeError('createMgPlusClient: `signatureEncoding` must be "hex" or "base64".');
  if (o.timeoutMs !== undefined && !(o.timeoutMs > 0))
    throw new TypeError('createMgPlusClient: `timeoutMs` must be positive.');
  const positive = (value: unknown) => value === undefined || (typeof value === 'number' && value > 0);
  if (!positive(o.rounds?.settleWithinMs) || !positive(o.rounds?.leaseMs))
    throw new TypeError('createMgPlusClient: `rounds.settleWithinMs` and `rounds.leaseMs` must be positive.');
  if (o.recovery !== undefined && o.recovery !== false && !positive(o.recovery.intervalMs))
    throw new TypeError('createMgPlusClient: `recovery.intervalMs` must be positive.');
}

function checkSession(session: MgPlusSession | undefined): MgPlusSession {
  if (
    session === undefined ||
    typeof session.playerId !== 'string' ||
    typeof session.playerToken !== 'string' ||
    typeof session.game !== 'string' ||
    session.playerToken === ''
  )
    throw new TypeError('MG+ client: a session from authenticate() or session() is required.');
  return session;
}

function checkTransaction(request: MgPlusTransactionRequest): void {
  if (!ID.test(String(request.transactionId)) || !ID.test(String(request.roundId)))
    throw new TypeError(
      'MG+ transaction: transactionId and roundId must be 1-255 characters of a-z A-Z 0-9 _ - .',
    );
  if (typeof request.amount !== 'number' || !Number.isFinite(request.amount) || request.amount < 0)
    throw new TypeError('MG+ transaction: amount must be a finite number ≥ 0.');
  if (request.transactionType !== 'debit' && request.transactionType !== 'credit')
    throw new TypeError('MG+ transaction: transactionType must be "debit" or "credit".');
}

/** Creates the MG+ server client (see {@link MgPlusClientOptions}). */
export function createMgPlusClient(options: MgPlusClientOptions): MgPlusClient {
  validateOptions(options);
  const provider = options.provider;
  const now = options.now ?? Date.now;
  const policy = retryPolicy(options.retry);
  const journal = options.journal ?? options.state?.journal ?? createMemoryJournal();
  const store = options.sessions?.store ?? options.state?.sessions ?? createMemorySessionStore({ now });
  const ttlMs = options.sessions?.ttlMs ?? 3_600_000;
  const includePlayerToken = options.sessions?.includePlayerToken === true;
  const signer = createBodySigner(options.sharedSecret, options.signatureEncoding, options.hmac);
  // A rejected signer (no crypto in this runtime) must not become an unhandled rejection before the first call.
  signer.catch(() => {});
  const transport: MgPlusTransport = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
  const amounts = amountRules(options.amounts);
  const settleWithinMs = options.rounds?.settleWithinMs ?? 15_000;
  const recovery = options.recovery === false ? undefined : (options.recovery ?? {});
  const listeners = new Set<RecoveredListener>();
  const recovered: RecoveredListener = (outcome) => {
    for (const listener of listeners) {
      try {
        listener(outcome);
      } catch {
        // A listener's own failure must not stop recovery.
      }
    }
  };
  let loop: RecoveryLoop | undefined;
  let closed = false;
  const startLoop = () => {
    if (recovery === undefined || loop !== undefined || closed) return;
    loop = startRecoveryLoop(
      () => recoverRounds(rounds, { undecided: recovery.undecided ?? 'rollback' }, recovered),
      recovery.intervalMs ?? 5_000,
    );
  };

  async function prepare(
    operation: MgPlusOperation,
    payload: Record<string, unknown>,
    playerToken?: string,
  ): Promise<PreparedCall> {
    const body = JSON.stringify(payload);
    const sign = await signer;
    const call: PreparedCall = { operation, path: `/v1/${operation}`, body, signature: await sign(body) };
    if (playerToken !== undefined) call.playerToken = playerToken;
    return call;
  }

  function transactionPayload(s: MgPlusSession, request: MgPlusTransactionRequest): Record<string, unknown> {
    checkTransaction(request);
    const payload: Record<string, unknown> = {
      playerId: s.playerId,
      provider,
      game: s.game,
      transactionId: request.transactionId,
      roundId: request.roundId,
      amount: request.amount,
      transactionType: request.transactionType,
      roundFinished: request.roundFinished === true,
      ip: s.ip,
    };
    if (request.freeGameInfo !== undefined) payload.freeGameInfo = request.freeGameInfo;
    if (request.gameInfo !== undefined) payload.gameInfo = request.gameInfo;
    return payload;
  }

  function rollbackPayload(s: MgPlusSession, request: MgPlusRollbackRequest): Record<string, unknown> {
    if (!ID.test(String(request.transactionId)) || !ID.test(String(request.roundId)))
      throw new TypeError('MG+ rollback: transactionId and roundId must be MG+ ids.');
    return {
      playerId: s.playerId,
      provider,
      game: s.game,
      transactionId: request.transactionId,
      roundId: request.roundId,
    };
  }

  /** Sends with retries; `SESSION_EXPIRED` only when `sessionExpired` allows it. */
  async function send(
    call: PreparedCall,
    sessionExpired: boolean,
  ): Promise<{ value: unknown; requestId: string }> {
    return withRetry(
      policy,
      () => sendOnce(transport, call),
      (error) => error.retryable && (error.code !== 'SESSION_EXPIRED' || sessionExpired),
    );
  }

  /**
   * Writes a stored session back with MG+'s latest offers and a new TTL. Only a session the store still holds, for
   * the same player token: a session closed (or expired) while the call ran stays gone. Not atomic: of two calls
   * at once on one session, the last write wins (a round handler plays one round per session at a time).
   */
  async function writeBack(session: MgPlusSession, freeGames: MgPlusFreeGame[]): Promise<void> {
    const sessionId = (session as Partial<RealPlaySession>).sessionId;
    if (typeof sessionId !== 'string' || sessionId === '') return;
    try {
      const stored = await store.get(sessionId);
      if (stored === undefined || stored.playerToken !== session.playerToken) return;
      await store.put(sessionId, { ...stored, freeGames }, ttlMs);
    } catch {
      // The call itself succeeded (a round's money has moved): its answer must reach the caller.
    }
  }

  const client: MgPlusClient = {
    journal,
    provider,

    async authenticate(request) {
      const payload = {
        launchToken: request.launchToken,
        provider,
        game: request.game,
        ip: request.ip,
        platform: request.platform,
      };
      const call = await prepare('authenticate', payload);
      const { value, requestId } = await sendOnce(transport, call);
      return readAuthenticate(value, { game: request.game, ip: request.ip }, requestId);
    },

    async balance(session) {
      const s = checkSession(session);
      const call = await prepare('balance', { playerId: s.playerId, provider, game: s.game }, s.playerToken);
      const { value, requestId } = await send(call, false);
      const result = readBalance(value, 'balance', requestId);
      await writeBack(s, result.freeGames);
      return result;
    },

    async transaction(session, request) {
      const s = checkSession(session);
      const call = await prepare('transaction', transactionPayload(s, request), s.playerToken);
      const settle = request.transactionType === 'credit';
      const { value, requestId } = await send(
        call,
        settle ? policy.sessionExpired.settle : policy.sessionExpired.debit,
      );
      return readBalance(value, 'transaction', requestId);
    },

    async rollback(session, request) {
      const s = checkSession(session);
      const call = await prepare('rollback', rollbackPayload(s, request), s.playerToken);
      const { value, requestId } = await send(call, policy.sessionExpired.settle);
      return readBalance(value, 'rollback', requestId);
    },

    async playRound(session, play) {
      const s = checkSession(session);
      startLoop();
      const round = await playRound(rounds, s, play);
      if (round.status === 'settled' && round.freeGames !== undefined) await writeBack(s, round.freeGames);
      return round;
    },

    checkBet(session, request, checkOptions) {
      return checkBet(session, request, { ...checkOptions, amounts: options.amounts ?? {} });
    },

    async round(roundId) {
      if (typeof roundId !== 'string' || roundId === '') return undefined;
      const record = rounds.unsaved.get(roundId) ?? (await journal.load(roundId));
      return record === undefined ? undefined : outcomeOf(record);
    },

    recover(recoverOptions) {
      return recoverRounds(rounds, recoverOptions, recovered);
    },

    on(event, listener) {
      if (event !== 'recovered') throw new TypeError(`MG+ client: unknown event "${String(event)}".`);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close() {
      closed = true;
      loop?.stop();
    },

    async openSession(result) {
      const sessionId = newSessionId();
      await store.put(sessionId, sessionOf(result, sessionId, provider, now()), ttlMs);
      return { sessionId, publicView: publicViewOf(result, sessionId, includePlayerToken) };
    },

    session(sessionId) {
      if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > 128)
        return Promise.resolve(undefined);
      return store.get(sessionId);
    },

    closeSession(sessionId) {
      return store.delete(sessionId);
    },
  };
  /** One attempt of a money call with its own timeout (the round code retries it within its deadline). */
  async function attempt(
    operation: 'transaction' | 'rollback',
    session: MgPlusSession,
    payload: Record<string, unknown>,
    timeoutMs: number,
  ) {
    const call = await prepare(operation, payload, session.playerToken);
    const { value, requestId } = await sendOnce(transport, call, timeoutMs);
    return readBalance(value, operation, requestId);
  }

  const rounds: RoundContext = {
    attempts: {
      transaction: (s, request, timeoutMs) =>
        attempt('transaction', s, transactionPayload(s, request), timeoutMs),
      rollback: (s, request, timeoutMs) => attempt('rollback', s, rollbackPayload(s, request), timeoutMs),
    },
    policy,
    timeoutMs: transport.timeoutMs,
    journal,
    now,
    amounts,
    settleWithinMs,
    leaseMs: options.rounds?.leaseMs ?? settleWithinMs + 5_000,
    owner: crypto.randomUUID(),
    inFlight: new Set(),
    unsaved: new Map(),
  };
  return client;
}
