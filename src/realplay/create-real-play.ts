/**
 * `createRealPlay`: authenticates an MG+ real-play launch through the studio's relay and keeps the player (and,
 * apart from it, the relay's session id, plus the player token when the relay passes it) in memory for the page's
 * life. Nothing here is stored or logged.
 */
import { PlyrError } from '../core/errors.js';
import { TypedEmitter } from '../core/events.js';
import { betLimits, clampBet } from './bet-limits.js';
import { detectPlatform } from './detect-platform.js';
import { formatBalance, realAmount } from './format-balance.js';
import { checkLaunchToken, DEFAULT_LAUNCH_TOKEN_PARAM, readLaunchToken } from './launch-token.js';
import { parseAuthenticateResponse } from './parse-authenticate.js';
import { postToRelay } from './relay-transport.js';
import type {
  BetLimits,
  RealPlay,
  RealPlayEvents,
  RealPlayOptions,
  RealPlayPlatform,
  RealPlayPlayer,
} from './types.js';

/** MG+ identifiers: at most 255 characters of `a-z A-Z 0-9 _ - .`. */
const MGPLUS_ID = /^[A-Za-z0-9_.-]{1,255}$/;

function relayEndpoint(relay: RealPlayOptions['relay']): URL {
  const base = typeof relay === 'string' ? relay : relay?.url;
  if (typeof base !== 'string' || base === '')
    throw new PlyrError('INVALID_INPUT', 'createRealPlay: `relay` must be the URL of the studio MG+ relay.');
  try {
    return new URL(`${base.replace(/\/+$/, '')}/v1/authenticate`, globalThis.location?.href);
  } catch (cause) {
    throw new PlyrError(
      'INVALID_INPUT',
      'createRealPlay: `relay` is not a valid URL (relative URLs need a page).',
      {
        cause,
      },
    );
  }
}

function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !MGPLUS_ID.test(value))
    throw new PlyrError(
      'INVALID_INPUT',
      `createRealPlay: \`${name}\` must be 1-255 characters of a-z A-Z 0-9 _ - .`,
    );
  return value;
}

/**
 * Create the real-play client of one game page.
 *
 * ```ts
 * const rp = createRealPlay({ relay: '/mg', provider: 'mystudio', game: 'fruit-slots' });
 * const player = await rp.authenticate();      // reads ?launchToken=… from the page URL
 * hud.text = rp.formatBalance();               // e.g. "€1,000.00"
 * myGameServer.spin({ sessionId: rp.sessionId, bet: rp.bet }); // the player token stays on the server
 * ```
 */
export function createRealPlay(options: RealPlayOptions): RealPlay {
  const endpoint = relayEndpoint(options.relay);
  const provider = checkId('provider', options.provider);
  const game = checkId('game', options.game);
  const platform: RealPlayPlatform = options.platform ?? detectPlatform();
  if (platform !== 'mobile' && platform !== 'desktop')
    throw new PlyrError('INVALID_INPUT', 'createRealPlay: `platform` must be "mobile" or "desktop".');
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new PlyrError('INVALID_INPUT', 'createRealPlay: `timeoutMs` must be positive.');
  const relay = typeof options.relay === 'string' ? { url: options.relay } : options.relay;
  const param = options.launchTokenParam ?? DEFAULT_LAUNCH_TOKEN_PARAM;

  // One typed emitter for the SDK: a throwing listener cannot turn a successful authentication into a failure.
  const events = new TypedEmitter<RealPlayEvents>();
  let player: RealPlayPlayer | null = null;
  let playerToken: string | null = null;
  let sessionId: string | null = null;
  let bet = 0;

  function requirePlayer(): RealPlayPlayer {
    if (player === null) throw new PlyrError('NOT_SIGNED_IN', 'Real play: authenticate() first.');
    return player;
  }

  async function authenticate(launchToken?: string): Promise<RealPlayPlayer> {
    try {
      const token =
        launchToken ?? readLaunchToken(options.url ?? globalThis.location?.href ?? 'about:blank', param);
      checkLaunchToken(token);
      const answer = await postToRelay({
        url: endpoint,
        body: { launchToken: token, provider, game, platform },
        timeoutMs,
        ...(relay.headers ? { headers: relay.headers } : {}),
        ...(relay.credentials ? { credentials: relay.credentials } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const result = parseAuthenticateResponse(answer);
      // Checked before anything is kept, so a bad range leaves the previous session untouched.
      const limits = betLimits(result.player.gameConfig);
      player = result.player;
      playerToken = result.playerToken;
      sessionId = result.sessionId;
      bet = limits.default;
      events.emit('realplay:authenticated', { player });
      return player;
    } catch (cause) {
      const error =
        cause instanceof PlyrError
          ? cause
          : new PlyrError('SERVER', 'Real-play authentication failed unexpectedly.', { cause });
      events.emit('realplay:error', error);
      throw error;
    }
  }

  return {
    get player() {
      return player;
    },
    get playerToken() {
      return playerToken;
    },
    get sessionId() {
      return sessionId;
    },
    platform,
    get bet() {
      return bet;
    },
    authenticate,
    formatBalance(amount?: number): string {
      const p = requirePlayer();
      return formatBalance(amount ?? p.balance, {
        currency: p.currency,
        currencyTruncation: p.currencyTruncation,
        ...(options.locale ? { locale: options.locale } : {}),
        ...(options.currencies ? { currencies: options.currencies } : {}),
      });
    },
    realAmount(amount?: number): number {
      const p = requirePlayer();
      return realAmount(amount ?? p.balance, p.currencyTruncation);
    },
    betLimits(): BetLimits {
      return betLimits(requirePlayer().gameConfig);
    },
    setBet(amount: number): number {
      bet = clampBet(amount, betLimits(requirePlayer().gameConfig));
      return bet;
    },
    updateBalance(balance: number): RealPlayPlayer {
      const p = requirePlayer();
      if (!Number.isFinite(balance) || balance < 0)
        throw new PlyrError('INVALID_INPUT', 'updateBalance: the balance must be a finite number ≥ 0.');
      player = { ...p, balance };
      return player;
    },
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    toJSON() {
      return { player, platform, bet };
    },
  };
}
