/**
 * Seeded MG+ sandbox players: one per case a real-play game has to handle (fiat, crypto, a currency with
 * truncation, a virtual coin with truncation 100, a `test_brand` player, a locked account, and an operator whose
 * launch tokens are opaque strings like the guide's own example rather than JWTs). Amounts are as MG+
 * reports them: with a currency truncation N > 1 they are already scaled for display (1 reported = N real units),
 * so the IDR player's 1500.5 is 1 500 500 real rupiah.
 *
 * Each player's amounts carry at most `amountDecimals(currency, currencyTruncation)` decimals (the shared table of
 * `realplay/currency-decimals.ts`, plus {@link MGPLUS_SANDBOX_CURRENCY_DECIMALS}): EUR 2, BTC 8, IDR with
 * truncation 1000 5, VND with truncation 1000 3, the coins with truncation 100 4. The wallet refuses an amount with
 * more. That is the sandbox's rule: the MG+ guide says amounts are decimals in the player's currency, not how many.
 */
import type { MgPlusFreeGame } from '../../realplay/mgplus-wire.js';

/**
 * Decimals of the sandbox's currencies that the shared table does not know: the virtual coin `gc` keeps cents.
 * A studio's MG+ client that plays the sandbox's coins player names the same decimals for `gc`.
 */
export const MGPLUS_SANDBOX_CURRENCY_DECIMALS: Readonly<Record<string, number>> = Object.freeze({ gc: 2 });

/** A free-game offer as seeded: MG+'s offer with dates made relative to the sandbox clock when served. */
export interface MgPlusSeedOffer extends Omit<MgPlusFreeGame, 'instanceStartDateUtc' | 'instanceEndDateUtc'> {
  /** Start of the instance, in days from the start of today (UTC); may be negative. */
  startsInDays: number;
  /** Length of the instance in days. */
  lastsDays: number;
}

/** A seeded sandbox player. */
export interface MgPlusSandboxPlayer {
  /** Short name to mint a launch token with (`eur`, `btc`, `idr`, `coins`, `test`, `locked`, `opaque`). */
  label: string;
  /** MG+ player id. */
  playerId: string;
  brand: string;
  /** Lower-case currency code: in the shared currency table or in `MGPLUS_SANDBOX_CURRENCY_DECIMALS`. */
  currency: string;
  currencyTruncation: number;
  /** Balance as MG+ reports it (already scaled by `currencyTruncation`; real amount = balance × N). */
  balance: number;
  /** A locked account: MG+ answers `PLAYER_UNAUTHORIZED`. */
  locked?: boolean;
  /** What the player's operator launches with: a JWT (default) or an opaque token (not three parts). */
  launchTokenFormat?: 'jwt' | 'opaque';
  lobbyUrl?: string;
  depositUrl?: string;
  gameConfig?: Record<string, unknown>;
  freeGames: MgPlusSeedOffer[];
}

const LOBBY = 'https://casino.mgplus-sandbox.example/lobby';
const DEPOSIT = 'https://casino.mgplus-sandbox.example/cashier';

/** The players every MG+ sandbox starts with. */
export const MGPLUS_SANDBOX_PLAYERS: readonly MgPlusSandboxPlayer[] = [
  {
    label: 'eur',
    playerId: '44-10000-00001',
    brand: 'plyr_sandbox',
    currency: 'eur',
    currencyTruncation: 1,
    balance: 1000.5,
    lobbyUrl: LOBBY,
    depositUrl: DEPOSIT,
    gameConfig: {
      maxExposure: 10000,
      minBet: 0.1,
      maxBet: 100,
      defaultBet: 1,
      coinValues: [0.1, 0.2, 0.5, 1, 2],
    },
    freeGames: [
      {
        instanceId: 1,
        offerId: 99,
        offerName: 'Welcome Free Spins',
        canBeRejected: true,
        nearestCostPerBet: 0.5,
        numberOfRoundsRemaining: 7,
        numberOfRoundsAwarded: 10,
        startsInDays: -1,
        lastsDays: 8,
      },
    ],
  },
  {
    label: 'btc',
    playerId: '44-10000-00002',
    brand: 'plyr_sandbox',
    currency: 'btc',
    currencyTruncation: 1,
    balance: 0.05234567,
    lobbyUrl: LOBBY,
    gameConfig: { maxExposure: 0.5, minBet: 0.00001, maxBet: 0.01, defaultBet: 0.0001 },
    freeGames: [],
  },
  {
    label: 'idr',
    playerId: '44-10000-00003',
    brand: 'plyr_sandbox',
    currency: 'idr',
    currencyTruncation: 1000,
    // 1 500 500 real rupiah; bets of 1 000 to 5 000 000 real rupiah.
    balance: 1500.5,
    lobbyUrl: LOBBY,
    depositUrl: DEPOSIT,
    gameConfig: { maxExposure: 50000, minBet: 1, maxBet: 5000, defaultBet: 10 },
    freeGames: [],
  },
  {
    label: 'coins',
    playerId: '44-10000-00004',
    brand: 'plyr_social',
    currency: 'gc',
    currencyTruncation: 100,
    balance: 2500,
    lobbyUrl: LOBBY,
    gameConfig: { minBet: 1, maxBet: 1000, defaultBet: 10 },
    freeGames: [
      {
        instanceId: 11,
        offerId: 501,
        offerName: 'Daily Spins',
        canBeRejected: false,
        nearestCostPerBet: 10,
        numberOfRoundsRemaining: 5,
        numberOfRoundsAwarded: 5,
        startsInDays: 0,
        lastsDays: 1,
      },
      {
        instanceId: 12,
        offerId: 502,
        offerName: 'Weekend Bonus',
        canBeRejected: true,
        nearestCostPerBet: 25,
        numberOfRoundsRemaining: 20,
        numberOfRoundsAwarded: 20,
        startsInDays: 2,
        lastsDays: 3,
      },
    ],
  },
  {
    label: 'test',
    playerId: '44-10000-00005',
    brand: 'test_brand',
    currency: 'usd',
    currencyTruncation: 1,
    balance: 5000,
    lobbyUrl: LOBBY,
    depositUrl: DEPOSIT,
    gameConfig: { maxExposure: 2500, minBet: 0.2, maxBet: 50, defaultBet: 2 },
    freeGames: [],
  },
  {
    label: 'locked',
    playerId: '44-10000-00006',
    brand: 'plyr_sandbox',
    currency: 'eur',
    currencyTruncation: 1,
    balance: 10,
    locked: true,
    freeGames: [],
  },
  {
    // The guide's own currency example ("1 VND shown represents 1000 VND"), launched with opaque tokens.
    label: 'opaque',
    playerId: '44-10000-00007',
    brand: 'plyr_sandbox',
    currency: 'vnd',
    currencyTruncation: 1000,
    balance: 2500.75,
    launchTokenFormat: 'opaque',
    lobbyUrl: LOBBY,
    gameConfig: { maxExposure: 100000, minBet: 1, maxBet: 2000, defaultBet: 5 },
    freeGames: [],
  },
];
