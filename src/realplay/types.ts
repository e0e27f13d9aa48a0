/**
 * Public types of real play on MG+: the options of {@link createRealPlay}, the authenticated player and the events.
 * Amounts are always as MG+ reports them, in the player's currency: with a currency truncation N > 1 they are
 * already scaled for display (1 reported = N real units). Games show and bet them as they are; only financial
 * reporting multiplies by N (see `realAmount`).
 */
import type { PlyrError } from '../core/errors.js';
import type { MgPlusFreeGame, MgPlusGameConfig } from './mgplus-wire.js';

/** The device class MG+ is told about. */
export type RealPlayPlatform = 'mobile' | 'desktop';

/** How the client reaches the studio's MG+ relay (`plyr-kit/server` `createRelayHandler`). */
export interface RealPlayRelay {
  /** Base URL of the relay (absolute or relative to the page); the client POSTs to `url + '/v1/authenticate'`. */
  url: string;
  /** Extra headers for the relay (e.g. the studio's own auth). */
  headers?: Record<string, string>;
  /** Fetch credentials mode for the relay. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** How a currency code is shown when `Intl.NumberFormat` does not know it (crypto and virtual currencies). */
export interface CurrencyDisplay {
  /** Text shown after the amount, e.g. `mBTC` or `GC`. */
  label: string;
  /** Maximum fraction digits shown. */
  digits: number;
}

/** Options of {@link createRealPlay}. */
export interface RealPlayOptions {
  /** The studio's MG+ relay: its base URL or endpoint options. */
  relay: string | RealPlayRelay;
  /** The studio's MG+ provider identifier (normally the studio name). */
  provider: string;
  /** The game's MG+ identifier. */
  game: string;
  /** The player's device class. Default: detected from the browser (`mobile` on phones and tablets). */
  platform?: RealPlayPlatform;
  /** Query parameter of the page URL that carries the launch token. Default `launchToken`. */
  launchTokenParam?: string;
  /** Where the launch token is read from. Default: the page's `location.href`. */
  url?: string | URL;
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /** Locale for `formatBalance`. Default: the browser's. */
  locale?: string;
  /** Extra crypto or virtual currencies for `formatBalance`, keyed by lower-case code. */
  currencies?: Record<string, CurrencyDisplay>;
  /** Fetch implementation (tests, service workers). Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** Game-type specific limits from `sessionInfo.gameConfig`, as MG+ sent them; unknown keys are kept as they came. */
export type GameConfig = MgPlusGameConfig;

/** A free-game offer instance awarded to the player for this game: MG+'s offer with its dates parsed. */
export interface FreeGameOffer extends Omit<MgPlusFreeGame, 'instanceStartDateUtc' | 'instanceEndDateUtc'> {
  /** Start of the instance (parsed from `instanceStartDateUtc`). */
  startsAt: Date;
  /** End of the instance (parsed from `instanceEndDateUtc`). */
  endsAt: Date;
}

/** The authenticated real-play player. Holds no token, so it is safe to log or show. */
export interface RealPlayPlayer {
  /** MG+ player id, e.g. `44-12345-67890`. */
  playerId: string;
  /** The player's brand; `test_brand` for test players excluded from billing. */
  brand: string;
  /** True when `brand` is `test_brand`. */
  isTestPlayer: boolean;
  /** Balance as MG+ reports it, in the player's currency, ready to show (see `currencyTruncation`). */
  balance: number;
  /** Lower-case currency code (ISO 4217, or a crypto/virtual code such as `mbtc`). */
  currency: string;
  /**
   * MG+ currency truncation: 1 = reported amounts are real amounts; N > 1 = reported amounts are already scaled
   * down for display (1 shown = N real units). Show amounts as reported; `realAmount` gives amount × N for
   * financial reporting only.
   */
  currencyTruncation: number;
  /** Return-to-lobby URL, when MG+ sent one. */
  lobbyUrl?: string;
  /** Deposit URL, when MG+ sent one. */
  depositUrl?: string;
  /** Bet limits and other game-type settings (empty when MG+ sent none). */
  gameConfig: GameConfig;
  /** Free-game offers for this game (empty when none). */
  freeGames: FreeGameOffer[];
}

/** The bet range of a session, in the player's currency. */
export interface BetLimits {
  min: number;
  max: number;
  /** Where the bet starts: `defaultBet` clamped to the range (or `min` when there is no default). */
  default: number;
}

/** Events of a {@link RealPlay} and their payloads. */
export interface RealPlayEvents {
  /** A player was authenticated. */
  'realplay:authenticated': { player: RealPlayPlayer };
  /** `authenticate()` failed (the same error it rejects with). */
  'realplay:error': PlyrError;
}

/** Name of a real-play event. */
export type RealPlayEventName = keyof RealPlayEvents;
/** Listener of a real-play event. */
export type RealPlayListener<E extends RealPlayEventName> = (payload: RealPlayEvents[E]) => void;

/** Real play on MG+. Create it with {@link createRealPlay}. */
export interface RealPlay {
  /** The player, once authenticated; `null` before. */
  readonly player: RealPlayPlayer | null;
  /**
   * The studio relay's real-play session id: send it to the studio's own round handler, which finds the player
   * and their MG+ player token by it (the token stays on the server). Opaque; kept in memory for the page's life
   * only, never stored, never logged. `null` before authentication, or when the relay sent none (an older relay
   * that passes MG+'s answer as is).
   */
  readonly sessionId: string | null;
  /**
   * The MG+ player token, only when the studio's relay chose to pass it to the browser (opt-in, for games that
   * really call their server with it); `null` by default and before authentication. Never stored, never logged.
   */
  readonly playerToken: string | null;
  /** The platform sent to MG+. */
  readonly platform: RealPlayPlatform;
  /** The current bet, in the player's currency; starts at the default bet after authentication. */
  readonly bet: number;
  /**
   * Authenticate the player with MG+ through the relay. `launchToken` defaults to the page URL's launch-token
   * parameter; any non-empty token of visible ASCII up to 4096 characters is sent (MG+ judges it, expiry included).
   * Rejects with a `PlyrError` (`LAUNCH_TOKEN_MISSING`, `LAUNCH_TOKEN_INVALID`, `PLAYER_UNAUTHORIZED`,
   * `AUTH_REJECTED`, `NETWORK`, `TIMEOUT`, ...).
   */
  authenticate(launchToken?: string): Promise<RealPlayPlayer>;
  /** An amount (default: the player's balance) formatted for display in the player's currency, as reported. */
  formatBalance(amount?: number): string;
  /**
   * The real amount behind a reported one (default: the player's balance): amount × `currencyTruncation`. For
   * financial reporting only: never shown to the player, never sent to MG+.
   */
  realAmount(amount?: number): number;
  /** The session's bet range; throws `NOT_SIGNED_IN` before authentication. */
  betLimits(): BetLimits;
  /** Set the bet, clamped to the session's range; returns the bet kept. */
  setBet(amount: number): number;
  /** Record a new balance reported by the studio's game server (e.g. after a round). */
  updateBalance(balance: number): RealPlayPlayer;
  /** Subscribe; returns a function that unsubscribes. A throwing listener does not break the client. */
  on<E extends RealPlayEventName>(event: E, listener: RealPlayListener<E>): () => void;
  /** Unsubscribe. */
  off<E extends RealPlayEventName>(event: E, listener: RealPlayListener<E>): void;
  /** What `JSON.stringify` shows: the player, platform and bet, never the session id or player token. */
  toJSON(): { player: RealPlayPlayer | null; platform: RealPlayPlatform; bet: number };
}
