/**
 * Real-play sessions kept on the server: after authenticate, the browser holds an opaque session id and the
 * studio's server keeps the player token. The store is an interface; the default lives in memory, bounded, with a
 * TTL per entry; `createRedisState(...).sessions` shares it between instances.
 *
 * The TTL slides: the client writes a stored session back, with a fresh TTL and MG+'s latest free-game offers,
 * each time `playRound` or `balance` succeeds with it. A session in use stays alive; one left idle for the TTL is
 * forgotten (MG+ may still end it sooner: `SESSION_EXPIRED`).
 */
import type { MgPlusAuthenticateResult, MgPlusFreeGame, MgPlusGameConfig, MgPlusSession } from './types.js';

/**
 * What the server keeps per real-play session: an {@link MgPlusSession} (pass it to `playRound`), the bet limits
 * and offers a round handler checks (see `checkBet`), and more. Plain JSON data, so any store can serialise it.
 */
export interface RealPlaySession extends MgPlusSession {
  /** The id the browser holds (from `openSession`); the client writes the session back under it after a call. */
  sessionId: string;
  /** `sessionInfo.gameConfig` of authenticate (`{}` when MG+ sent none): `minBet`, `maxBet`, `defaultBet`, … */
  gameConfig: MgPlusGameConfig;
  /**
   * The free-game offers as MG+ last reported them: from authenticate, then from each `playRound` or `balance`
   * with this session (rounds remaining counted down).
   */
  freeGames: MgPlusFreeGame[];
  provider: string;
  brand: string;
  /** Lower-case currency code. */
  currency: string;
  currencyTruncation: number;
  /** ms since the epoch. */
  createdAt: number;
}

/** Storage of real-play sessions by session id. */
export interface RealPlaySessionStore {
  /** The session, or undefined when unknown or expired. */
  get(sessionId: string): Promise<RealPlaySession | undefined>;
  /** Stores a session for `ttlMs`. */
  put(sessionId: string, session: RealPlaySession, ttlMs: number): Promise<void>;
  delete(sessionId: string): Promise<void>;
}

/** Options of {@link createMemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Most sessions held; the oldest is dropped first. Default 10 000. */
  maxSessions?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** A bounded in-memory {@link RealPlaySessionStore} (one process; sessions end with it). */
export function createMemorySessionStore(options: MemorySessionStoreOptions = {}): RealPlaySessionStore {
  const max = options.maxSessions ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { session: RealPlaySession; expiresAt: number }>();
  return {
    async get(id) {
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(id);
        return undefined;
      }
      return structuredClone(entry.session);
    },
    async put(id, session, ttlMs) {
      entries.delete(id);
      if (entries.size >= max) {
        const t = now();
        for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
        while (entries.size >= max) entries.delete(entries.keys().next().value as string);
      }
      // A copy, as a networked store would keep: the caller's later changes do not leak into the store.
      entries.set(id, { session: structuredClone(session), expiresAt: now() + ttlMs });
    },
    async delete(id) {
      entries.delete(id);
    },
  };
}

/** A new session id: 192 random bits, base64url (32 characters). */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What the browser may see of authenticate's answer. */
export type MgPlusPublicView = Record<string, unknown> & { sessionId: string };

/** MG+'s authenticate body without `playerToken` (any spelling), plus the session id (and the token on opt-in). */
export function publicViewOf(
  result: MgPlusAuthenticateResult,
  sessionId: string,
  includePlayerToken: boolean,
): MgPlusPublicView {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.body))
    if (key.toLowerCase() !== 'playertoken' || includePlayerToken) view[key] = value;
  return { ...view, sessionId };
}

/** The stored form of an authenticate result. */
export function sessionOf(
  result: MgPlusAuthenticateResult,
  sessionId: string,
  provider: string,
  now: number,
): RealPlaySession {
  return {
    ...result.session,
    sessionId,
    gameConfig: { ...result.sessionInfo.gameConfig },
    freeGames: result.freeGames.map((offer) => ({ ...offer })),
    provider,
    brand: result.brand,
    currency: result.currency,
    currencyTruncation: result.currencyTruncation,
    createdAt: now,
  };
}
