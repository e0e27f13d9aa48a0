/**
 * `checkBet`: the checks every round handler makes before `playRound`, against the limits and offers MG+ sent for
 * the session (kept in the stored {@link RealPlaySession}). MG+ checks again when the money moves; these checks
 * refuse early with a reason the game can show, and stop a browser from choosing a bet the session does not allow.
 *
 * ```ts
 * const session = await mg.session(sessionId);
 * const checked = checkBet(session, { bet, freeGame });
 * if (!checked.ok) return reply(checked.code === 'FREE_GAME_UNAVAILABLE' ? 409 : 400, checked);
 * await mg.playRound(session, { bet: checked.bet, freeGame, payout });
 * ```
 */
import { amountRules, checkAmount, type MgPlusAmountOptions } from './amounts.js';
import { isMgPlusError } from './errors.js';
import type { RealPlaySession } from './sessions.js';
import type { MgPlusFreeGame, MgPlusFreeGameRef } from './types.js';

/** What a round handler is asked to play: a paid bet, or a free round of an offer at its cost per bet. */
export interface MgPlusBetRequest {
  /** The bet in the player's currency; for a free round, the offer's `nearestCostPerBet`. */
  bet: number;
  /** The offer instance to play a free round of. */
  freeGame?: MgPlusFreeGameRef;
}

/**
 * Why {@link checkBet} refused: outside the session's limits, a free round not on offer, or an amount `playRound`
 * would refuse (too many decimals for the currency, an unknown currency: `BET_INVALID`).
 */
export type MgPlusBetRefusalCode = 'BET_OUT_OF_RANGE' | 'FREE_GAME_UNAVAILABLE' | 'BET_INVALID';

/** The outcome of {@link checkBet}: the bet to play (and the offer it plays), or a refusal with a stable code. */
export type MgPlusBetCheck =
  | { ok: true; bet: number; offer?: MgPlusFreeGame }
  | { ok: false; code: MgPlusBetRefusalCode; message: string };

/** Options of {@link checkBet}. */
export interface MgPlusBetCheckOptions {
  /** The time in ms the offer must be running at. Default `Date.now()`. */
  now?: number;
  /** The client's amount rules (`mg.checkBet` passes its own). Default: the built-in currency table. */
  amounts?: MgPlusAmountOptions;
}

/** True when the offer's instance runs at `at` (start inclusive, end exclusive) and has rounds left. */
function running(offer: MgPlusFreeGame, at: number): boolean {
  // Unreadable dates parse to NaN and compare false: such an offer is not running.
  return (
    offer.numberOfRoundsRemaining > 0 &&
    Date.parse(offer.instanceStartDateUtc) <= at &&
    at < Date.parse(offer.instanceEndDateUtc)
  );
}

const refuse = (code: MgPlusBetRefusalCode, message: string): MgPlusBetCheck => ({
  ok: false,
  code,
  message,
});

/**
 * Checks a bet against a stored session before `playRound`:
 * - a paid bet is a finite number > 0 within `gameConfig.minBet … maxBet` (a limit MG+ did not send does not
 *   bind; `maxExposure` caps payouts, not bets), else `BET_OUT_OF_RANGE`;
 * - with the session's currency known, the bet has no more decimals than the currency has (`BET_INVALID`);
 * - a free round names an offer of the session that is running now and has rounds left, else
 *   `FREE_GAME_UNAVAILABLE`; its bet is that offer's `nearestCostPerBet`, else `BET_OUT_OF_RANGE`.
 *
 * The offers are those MG+ last reported (the client writes them back after each round), so a stale count only
 * lets MG+ refuse the round itself.
 */
export function checkBet(
  session: Pick<RealPlaySession, 'gameConfig' | 'freeGames'> &
    Partial<Pick<RealPlaySession, 'currency' | 'currencyTruncation'>>,
  request: MgPlusBetRequest,
  options: MgPlusBetCheckOptions = {},
): MgPlusBetCheck {
  const { bet, freeGame } = request;
  if (typeof bet !== 'number' || !Number.isFinite(bet) || bet <= 0)
    return refuse('BET_OUT_OF_RANGE', 'The bet must be a positive amount.');
  if (session.currency !== undefined) {
    try {
      checkAmount(amountRules(options.amounts), session, 'bet', bet);
    } catch (error) {
      if (!isMgPlusError(error)) throw error;
      return refuse('BET_INVALID', error.message.replace(/^MG\+ round: /, ''));
    }
  }
  if (freeGame !== undefined) {
    // Sessions stored before offers were kept have none: nothing to play.
    const offer = (session.freeGames ?? []).find(
      (o) => o.offerId === freeGame.offerId && o.instanceId === freeGame.instanceId,
    );
    if (offer === undefined || !running(offer, options.now ?? Date.now()))
      return refuse('FREE_GAME_UNAVAILABLE', 'This free-game offer is not running or has no rounds left.');
    if (bet !== offer.nearestCostPerBet)
      return refuse('BET_OUT_OF_RANGE', "A free round's bet is the offer's cost per bet.");
    return { ok: true, bet, offer };
  }
  const { minBet, maxBet } = session.gameConfig ?? {};
  if ((minBet !== undefined && bet < minBet) || (maxBet !== undefined && bet > maxBet))
    return refuse('BET_OUT_OF_RANGE', 'The bet is outside the limits of this session.');
  return { ok: true, bet };
}
