/**
 * MG+'s own JSON shapes that more than one side reads or writes: the server's MG+ client parses them, the browser
 * derives its player from them, the sandbox serves them and the Unity bridge forwards them. Pure types: no runtime
 * code, no Node or DOM imports, so every side can import them.
 */

/** A free-game offer instance as MG+ sends it (a `freeGameInfo[]` item of authenticate). */
export interface MgPlusFreeGame {
  instanceId: number;
  offerId: number;
  offerName: string;
  /** Whether the player may decline the offer. */
  canBeRejected: boolean;
  /** Closest cost per bet, per round, in the player's currency. */
  nearestCostPerBet: number;
  numberOfRoundsRemaining: number;
  numberOfRoundsAwarded: number;
  /** ISO 8601 UTC. */
  instanceStartDateUtc: string;
  /** ISO 8601 UTC. */
  instanceEndDateUtc: string;
}

/**
 * `sessionInfo.gameConfig` of authenticate: game-type specific limits. The known keys are typed (a known key whose
 * value is not a finite number is refused or left out: the guide documents them as numbers); any other key MG+ adds
 * is kept as sent.
 */
export interface MgPlusGameConfig {
  /**
   * The most the game may pay out (the operator's liability cap), in the player's currency. Not a bet limit: bets
   * are bounded by `minBet` / `maxBet` only; the studio's server keeps a round's payout within it.
   */
  maxExposure?: number;
  /** Smallest bet per round, in the player's currency. */
  minBet?: number;
  /** Largest bet per round, in the player's currency. */
  maxBet?: number;
  /** The bet a new session starts with, in the player's currency. */
  defaultBet?: number;
  /** Any other key MG+ sent, unchanged. */
  [key: string]: unknown;
}
