/**
 * Real play (MG+) in the Unity bridge: the `realPlay` part of `init`'s configuration, the player as C# receives it,
 * and the methods Unity calls. The page runs `createRealPlay` (launch token from the page URL, authenticate through
 * the studio's relay); C# only ever sees the relay's opaque session id, and the MG+ player token only when the
 * relay passed it and the game asked for it (`exposePlayerToken`).
 */
import type {
  FreeGameOffer,
  RealPlay,
  RealPlayEventName,
  RealPlayOptions,
  RealPlayPlatform,
  RealPlayPlayer,
} from '../realplay/types.js';
import { type BridgeEvent, checkKeys, invalid, isRecord, toBridgeError } from './protocol.js';

/** `init`'s `realPlay` object: where the studio's MG+ relay is and which game this is. */
export interface UnityRealPlayConfig {
  /** The studio's MG+ relay (`plyr-kit/server` `createRelayHandler`): URL, absolute or relative to the page. */
  relay: string | { url: string; headers?: Record<string, string>; credentials?: string };
  /** The studio's MG+ provider id. */
  provider: string;
  /** The game's MG+ id. */
  game: string;
  /** `mobile` or `desktop`. Default: detected from the browser. */
  platform?: RealPlayPlatform;
  /** Query parameter of the page URL with the launch token. Default `launchToken`. */
  launchTokenParam?: string;
  /** Locale of `formattedBalance` and `realPlayFormat`. Default: the browser's. */
  locale?: string;
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /**
   * Send the MG+ player token to C# when the relay passed it (the relay must opt in too). Default `false`: C#
   * gets the relay's `sessionId` only, which is what the studio's round server needs.
   */
  exposePlayerToken?: boolean;
}

/** Keys of {@link UnityRealPlayConfig}. */
export const REAL_PLAY_CONFIG_KEYS = [
  'relay',
  'provider',
  'game',
  'platform',
  'launchTokenParam',
  'locale',
  'timeoutMs',
  'exposePlayerToken',
] as const;

/** The real-play events the bridge forwards to `OnPlyrEvent`. */
export const REAL_PLAY_EVENT_NAMES = [
  'realplay:authenticated',
  'realplay:error',
] as const satisfies readonly RealPlayEventName[];

/** The parsed `realPlay` configuration. */
export interface ParsedRealPlayConfig {
  options: RealPlayOptions;
  exposePlayerToken: boolean;
}

/** A free-game offer as C# receives it (dates as ms since the epoch). */
export type UnityFreeGameOffer = Omit<FreeGameOffer, 'startsAt' | 'endsAt'> & {
  startsAt: number;
  endsAt: number;
};

/**
 * The authenticated real-play player as C# receives it: MG+'s answer (amounts as reported, in the player's
 * currency) plus what the page works out for the game, and the relay's session id for the studio's round server.
 */
export interface UnityRealPlayPlayer
  extends Pick<
    RealPlayPlayer,
    'playerId' | 'brand' | 'isTestPlayer' | 'balance' | 'currency' | 'currencyTruncation' | 'gameConfig'
  > {
  /** `balance` formatted for display in the player's currency. */
  formattedBalance: string;
  /** `balance × currencyTruncation`: for financial reporting only, never shown. */
  realBalance: number;
  lobbyUrl: string | null;
  depositUrl: string | null;
  /** The most a round may pay out (a liability cap, not a bet limit), or `null` when MG+ sent none. */
  maxExposure: number | null;
  /** The bet range; `max` is `null` when unbounded. */
  betLimits: { min: number; max: number | null; default: number };
  /** The current bet (starts at `betLimits.default`). */
  bet: number;
  freeGames: UnityFreeGameOffer[];
  platform: RealPlayPlatform;
  /** The relay's opaque real-play session id for the studio's round server; `null` from a relay that sent none. */
  sessionId: string | null;
  /** Only with `exposePlayerToken` and a relay that passed the token. */
  playerToken?: string | null;
}

function relayOption(value: unknown): RealPlayOptions['relay'] {
  if (typeof value === 'string' && value !== '') return value;
  if (isRecord(value)) {
    checkKeys(value, ['url', 'headers', 'credentials'], 'config.realPlay.relay');
    const { url, headers, credentials } = value;
    if (typeof url !== 'string' || url === '')
      throw invalid('config.realPlay.relay.url must be a non-empty string');
    if (
      headers !== undefined &&
      !(isRecord(headers) && Object.values(headers).every((h) => typeof h === 'string'))
    )
      throw invalid('config.realPlay.relay.headers must be an object of strings');
    if (credentials !== undefined && !['omit', 'same-origin', 'include'].includes(credentials as string))
      throw invalid('config.realPlay.relay.credentials must be "omit", "same-origin" or "include"');
    return value as unknown as RealPlayOptions['relay'];
  }
  throw invalid('config.realPlay.relay must be the URL of the studio MG+ relay');
}

/**
 * Checks `init`'s `realPlay` object (keys and types); `createRealPlay` checks the values (ids, URL, platform). The
 * launch token is read from the page URL when Unity authenticates, never here.
 */
export function parseRealPlayConfig(input: unknown): ParsedRealPlayConfig {
  if (!isRecord(input)) throw invalid('config.realPlay must be an object { relay, provider, game, ... }');
  checkKeys(input, REAL_PLAY_CONFIG_KEYS, 'config.realPlay');
  const options: RealPlayOptions = {
    relay: relayOption(input.relay),
    provider: input.provider as string,
    game: input.game as string,
  };
  for (const key of ['launchTokenParam', 'locale'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '')
      throw invalid(`config.realPlay.${key} must be a non-empty string`);
    options[key] = value;
  }
  if (input.platform !== undefined) options.platform = input.platform as RealPlayPlatform;
  if (input.timeoutMs !== undefined) {
    if (!Number.isSafeInteger(input.timeoutMs) || (input.timeoutMs as number) <= 0)
      throw invalid('config.realPlay.timeoutMs must be a positive integer');
    options.timeoutMs = input.timeoutMs as number;
  }
  if (input.exposePlayerToken !== undefined && typeof input.exposePlayerToken !== 'boolean')
    throw invalid('config.realPlay.exposePlayerToken must be true or false');
  return { options, exposePlayerToken: input.exposePlayerToken === true };
}

/** The authenticated player as C# receives it; `null` before authentication. */
export function toUnityRealPlayPlayer(rp: RealPlay, exposePlayerToken: boolean): UnityRealPlayPlayer | null {
  const player = rp.player;
  if (player === null) return null;
  const limits = rp.betLimits();
  const view: UnityRealPlayPlayer = {
    playerId: player.playerId,
    brand: player.brand,
    isTestPlayer: player.isTestPlayer,
    balance: player.balance,
    currency: player.currency,
    currencyTruncation: player.currencyTruncation,
    formattedBalance: rp.formatBalance(),
    realBalance: rp.realAmount(),
    lobbyUrl: player.lobbyUrl ?? null,
    depositUrl: player.depositUrl ?? null,
    maxExposure: player.gameConfig.maxExposure ?? null,
    // JSON has no Infinity: an unbounded maximum is `null`.
    betLimits: {
      min: limits.min,
      max: Number.isFinite(limits.max) ? limits.max : null,
      default: limits.default,
    },
    bet: rp.bet,
    gameConfig: player.gameConfig,
    freeGames: player.freeGames.map(({ startsAt, endsAt, ...offer }) => ({
      ...offer,
      startsAt: startsAt.getTime(),
      endsAt: endsAt.getTime(),
    })),
    platform: rp.platform,
    sessionId: rp.sessionId,
  };
  if (exposePlayerToken) view.playerToken = rp.playerToken;
  return view;
}

/**
 * Forwards `rp`'s events to Unity: `realplay:authenticated` with the player as C# receives it, `realplay:error`
 * with the error. Returns a function that stops forwarding (the real-play client has no `destroy`).
 */
export function forwardRealPlayEvents(
  rp: RealPlay,
  exposePlayerToken: boolean,
  send: (message: BridgeEvent) => void,
): () => void {
  const offAuthenticated = rp.on('realplay:authenticated', () =>
    send({ event: 'realplay:authenticated', data: toUnityRealPlayPlayer(rp, exposePlayerToken) }),
  );
  const offError = rp.on('realplay:error', (error) =>
    send({ event: 'realplay:error', data: toBridgeError(error) }),
  );
  return () => {
    offAuthenticated();
    offError();
  };
}

type Args = Record<string, unknown>;

/** One real-play method Unity can call. */
export interface RealPlayMethod {
  /** Keys its arguments object may have. */
  readonly args: readonly string[];
  run(rp: RealPlay, args: Args, exposePlayerToken: boolean): Promise<unknown>;
}

function amount(args: Args, key: string): number {
  const value = args[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(`Argument "${key}" must be a finite number`);
  return value;
}

/** The real-play methods; each that changes the player answers with the whole player (C# keeps the last one). */
export const REAL_PLAY_METHODS: Readonly<Record<string, RealPlayMethod>> = Object.freeze({
  realPlayAuthenticate: {
    args: ['launchToken'],
    run: async (rp, args, expose) => {
      const token = args.launchToken;
      if (token !== undefined && token !== null && typeof token !== 'string')
        throw invalid('Argument "launchToken" must be a string');
      await rp.authenticate(token ?? undefined);
      return toUnityRealPlayPlayer(rp, expose);
    },
  },
  realPlayPlayer: { args: [], run: async (rp, _args, expose) => toUnityRealPlayPlayer(rp, expose) },
  realPlaySetBet: {
    args: ['amount'],
    run: async (rp, args, expose) => {
      rp.setBet(amount(args, 'amount'));
      return toUnityRealPlayPlayer(rp, expose);
    },
  },
  realPlayUpdateBalance: {
    args: ['balance'],
    run: async (rp, args, expose) => {
      rp.updateBalance(amount(args, 'balance'));
      return toUnityRealPlayPlayer(rp, expose);
    },
  },
  realPlayFormat: { args: ['amount'], run: async (rp, args) => rp.formatBalance(amount(args, 'amount')) },
});
