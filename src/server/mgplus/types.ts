/** The typed requests and answers of the MG+ server API (guide v1.3, see `docs/platform` and the README). */
import type { MgPlusFreeGame, MgPlusGameConfig } from '../../realplay/mgplus-wire.js';

/** A free-game offer and `gameConfig` are MG+'s JSON, shared with the browser, sandbox and Unity bridge. */
export type { MgPlusFreeGame, MgPlusGameConfig };

/** Who a call is for: what authenticate returned plus what was sent with it. Holds the player token: server only. */
export interface MgPlusSession {
  playerId: string;
  /** Sent as `Authorization: Bearer …`. Never log it, never send it to the browser unless a game opts in. */
  playerToken: string;
  /** The MG+ game id. */
  game: string;
  /** The player's IPv4 address (sent with transactions). */
  ip: string;
  /**
   * Lower-case currency code of the player's balance (from authenticate). `playRound` checks every amount against
   * its decimals (see `MgPlusAmountOptions`); a session without it plays only when `amounts.unknownCurrency` says
   * how many decimals to allow.
   */
  currency?: string;
  /** `currencyTruncation` from authenticate: amounts are shown scaled by it (see `amountDecimals`). */
  currencyTruncation?: number;
  /** `sessionInfo.gameConfig` from authenticate: `maxExposure` caps a round's payout. */
  gameConfig?: MgPlusGameConfig;
}

/** `sessionInfo` of authenticate. */
export interface MgPlusSessionInfo {
  lobbyUrl?: string;
  depositUrl?: string;
  /** The session's bet limits and the like (see {@link MgPlusGameConfig}). */
  gameConfig?: MgPlusGameConfig;
}

/** What the studio's server sends to `POST /v1/authenticate` (the provider comes from the client options). */
export interface MgPlusAuthenticateRequest {
  /** The launch token from the launch URL: an opaque string MG+ judges. */
  launchToken: string;
  game: string;
  /** The player's IPv4 address. */
  ip: string;
  platform: 'mobile' | 'desktop';
}

/** The answer of authenticate, names normalised. */
export interface MgPlusAuthenticateResult {
  playerId: string;
  playerToken: string;
  brand: string;
  /** The balance as MG+ reports it: display it as is (see `currencyTruncation`). */
  balance: number;
  /** Lower-case currency code. */
  currency: string;
  /** 1, or N > 1 when the reported balance is already scaled down (real amount = balance × N, reporting only). */
  currencyTruncation: number;
  sessionInfo: MgPlusSessionInfo;
  freeGames: MgPlusFreeGame[];
  /** The session to pass to `balance`, `transaction`, `rollback` and `playRound`. */
  session: MgPlusSession;
  /** MG+'s body as parsed (original spellings), e.g. for a relay to pass on without `playerToken`. */
  body: Record<string, unknown>;
}

/** The answer of balance, transaction and rollback. */
export interface MgPlusBalanceResult {
  balance: number;
  freeGames: MgPlusFreeGame[];
}

/** The free-game instance a transaction plays (`freeGameInfo` of a transaction request). */
export interface MgPlusFreeGameRef {
  offerId: number;
  instanceId: number;
}

/** A `POST /v1/transaction` request (the session supplies `playerId`, `game`, `ip`; the client `provider`). */
export interface MgPlusTransactionRequest {
  /** The idempotency key: the same id again never moves money twice. */
  transactionId: string;
  roundId: string;
  /** Decimal in the player's currency, ≥ 0. */
  amount: number;
  transactionType: 'debit' | 'credit';
  /** True on the round's last transaction. Default false. */
  roundFinished?: boolean;
  freeGameInfo?: MgPlusFreeGameRef;
  /** Itemised side bets and the like; sent as given. */
  gameInfo?: unknown;
}

/** A `POST /v1/rollback` request: the debit to roll back. */
export interface MgPlusRollbackRequest {
  /** The debit's transaction id. */
  transactionId: string;
  roundId: string;
}
