/** The typed requests and answers of the MG+ server API (guide v1.3, see `docs/platform` and the README). */

/** Who a call is for: what authenticate returned plus what was sent with it. Holds the player token: server only. */
export interface MgPlusSession {
  playerId: string;
  /** Sent as `Authorization: Bearer …`. Never log it, never send it to the browser unless a game opts in. */
  playerToken: string;
  /** The MG+ game id. */
  game: string;
  /** The player's IPv4 address (sent with transactions). */
  ip: string;
}

/** A free-game offer (`freeGameInfo[]` item). */
export interface MgPlusFreeGame {
  instanceId: number;
  offerId: number;
  offerName: string;
  canBeRejected: boolean;
  /** Closest cost per bet, per round. */
  nearestCostPerBet: number;
  numberOfRoundsRemaining: number;
  numberOfRoundsAwarded: number;
  /** ISO 8601 UTC. */
  instanceStartDateUtc: string;
  instanceEndDateUtc: string;
}

/**
 * `sessionInfo.gameConfig` of authenticate, as MG+ sent it. The known keys are typed (a known key whose value is not
 * a finite number is left out: the guide documents them as numbers); any other key MG+ adds is kept as sent.
 */
export interface MgPlusGameConfig {
  /** Smallest paid bet per round, in the player's currency. */
  minBet?: number;
  /** Largest paid bet per round, in the player's currency. */
  maxBet?: number;
  /** The bet a game starts with. */
  defaultBet?: number;
  /** A liability cap on a round's payout, not a bet limit. */
  maxExposure?: number;
  /** Keys the guide does not document, kept as sent. */
  [key: string]: unknown;
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
