/** The typed requests and answers of the game-economy client (docs/platform/plyr-game.md). */
import type { TokenAmount } from './amounts.js';
import type { GameIntentRecord } from './journal.js';

/** A player's payment into a room: their session JWT (their consent to play), the token and the amount. */
export interface GamePayment {
  /** The player's session JWT for this game (from sign-in; the game's browser hands it to the studio's server). */
  sessionJwt: string;
  /** Token id (`plyr`, `gamr`, or any `apiId` of the token list). */
  token: string;
  amount: TokenAmount;
}

/** A payout from a room to a player (or to the game's own PLYR[ID]). */
export interface GamePayout {
  plyrId: string;
  token: string;
  /** What leaves the room; the player receives it less the platform's earn fee (2 %). */
  amount: TokenAmount;
}

/**
 * How a token move ended, as far as money is concerned (a move with no money moved rejects instead, with a
 * `PlyrGameError` whose `outcome` is `refused`):
 * - `done`: it happened; `hash` is its transaction; `platformDouble` lists every hash when the platform's worker
 *   mined it more than once (detected when the intent is audited: at once when reconciled through the log, else by
 *   recovery);
 * - `pending`: not known within `intents.settleWithinMs`; recovery settles it (`intent(intentId)`, event `intent`);
 * - `attention`: reconciliation could not decide; nothing will send it again; `notes` says what was seen.
 */
export type GameMoveOutcome =
  | {
      status: 'done';
      intentId: string;
      hash: string | undefined;
      taskId: string | undefined;
      roomId: string | undefined;
      platformDouble: string[] | undefined;
    }
  | { status: 'pending'; intentId: string; taskId: string | undefined }
  | { status: 'attention'; intentId: string; taskId: string | undefined; notes: string[] };

/** The outcome a record stands for (refused and reverted intents have none: nothing moved). */
export function moveOutcome(record: GameIntentRecord): GameMoveOutcome | undefined {
  const { intentId, taskId } = record;
  switch (record.state) {
    case 'done':
      return {
        status: 'done',
        intentId,
        hash: record.hash,
        taskId,
        roomId: record.roomId,
        platformDouble: record.platformDouble,
      };
    case 'attention':
      return { status: 'attention', intentId, taskId, notes: [...record.notes] };
    case 'pending':
    case 'queued':
      return { status: 'pending', intentId, taskId };
    default:
      return undefined;
  }
}

/** A live session, as the platform confirms it (`verifySession`). */
export interface GameSessionInfo {
  /** Lower-case PLYR[ID]. */
  plyrId: string;
  gameId: string;
  /** An Instant PlayPass (guest) account. */
  isGuest: boolean;
  /** A full account made by claiming a guest. */
  claimed: boolean;
  primaryAddress: string;
  mirrorAddress: string;
  /** The JWT's `exp` in ms, or `null` when it has none. */
  expiresAt: number | null;
}

/** A room the platform created. */
export interface GameRoom {
  roomId: string;
  roomAddress: string;
}

/** An allowance row as the platform keeps it (`UserApprove`). */
export interface GameAllowance {
  plyrId: string;
  gameId: string;
  token: string;
  /** What the game may still take, in the token's human units. */
  amount: TokenAmount;
  /** Seconds from `createdAt`. */
  expiresIn: number;
  /** ISO time or ms, as the platform sent it. */
  createdAt: string | number;
}

/** A token of the platform's token list. */
export interface GameToken {
  apiId: string;
  address?: string;
  decimals: number;
  symbol?: string;
  name?: string;
  [field: string]: unknown;
}

/** A chip's holding, as `chip/balance` reports it. */
export interface GameChipBalance {
  gameId: string;
  chip: string;
  name?: string;
  symbol?: string;
  balance: TokenAmount;
}

/** A chip of a game, as `chip/info` reports it. */
export interface GameChipInfo {
  gameId: string;
  chip: string;
  name: string;
  symbol: string;
  image?: string;
  totalSupply: TokenAmount;
  holderCount: number;
}
