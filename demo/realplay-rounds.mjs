// The demo's real-play round loop: what a studio's game server writes on top of plyr-kit/server's MG+ client.
// The browser asks `POST /demo/realplay/spin` with `{ sessionId, bet, freeGame? }`; this server checks the request,
// finds the session the relay opened (it keeps the bet limits and offers), checks the bet with `client.checkBet`, draws the
// reels itself and plays the round through `client.playRound` (debit, payout, credit, each exactly once; the client
// then stores the offers MG+ reported). The browser never chooses the payout and never holds a player token.
import { randomInt } from 'node:crypto';

/** The reels' symbols; each reel stops on one, uniformly (`crypto.randomInt`). */
export const SYMBOLS = ['🍒', '🍋', '🔔', '⭐', '7'];
/** Three of a kind pays the bet times this; any two cherries pay 1× (about 80% returned to the player). */
export const PAYTABLE = { '🍒': 3, '🍋': 5, '🔔': 10, '⭐': 20, 7: 50 };
const TWO_CHERRIES = 1;

/** Limits of the spin endpoint. */
const MAX_BODY_BYTES = 1024;
const SPINS_PER_MINUTE = 120;
/** Most client addresses whose spins are counted (all forgotten at once beyond it). */
const MAX_ADDRESSES = 10_000;

/** Three reels, drawn on the server. */
export function drawReels(random = randomInt) {
  return [0, 1, 2].map(() => SYMBOLS[random(SYMBOLS.length)]);
}

/** The multiplier of a draw: three of a kind from the paytable, else two cherries, else nothing. */
export function multiplierOf(reels) {
  if (reels.every((s) => s === reels[0])) return PAYTABLE[reels[0]] ?? 0;
  return reels.filter((s) => s === '🍒').length === 2 ? TWO_CHERRIES : 0;
}

/** An amount rounded to MG+'s decimals (8: enough for BTC) so that 0.1 × 3 is 0.3, not 0.30000000000000004. */
const money = (amount) => Math.round(amount * 1e8) / 1e8;

/** A client's free-game offer back in MG+'s wire shape, which the browser parses (`parseFreeGameInfo`). */
function offerWire(offer) {
  const { instanceId, offerId, offerName, ...instanceInfo } = offer;
  return { instanceId, offerId, offerName, instanceInfo };
}

/** A refusal: the status and the `{ error, code }` body the demo's table shows. */
const refuse = (status, code, error, headers) => ({ status, body: { error, code }, headers });

/** How MG+'s refusals of a round reach the player (anything else retryable: 502; refused for good: 409). */
const MGPLUS_STATUS = {
  INSUFFICIENT_FUNDS: 402,
  SESSION_EXPIRED: 401,
  PLAYER_UNAUTHORIZED: 401,
  TIMEOUT: 504,
};
const MGPLUS_TEXT = {
  INSUFFICIENT_FUNDS: 'Not enough funds for this bet.',
  SESSION_EXPIRED: 'The casino session has ended.',
  PLAYER_UNAUTHORIZED: 'The casino no longer accepts this session.',
};

/** HTTP status of a `checkBet` refusal: an offer not running conflicts with the session's state. */
const BET_STATUS = { BET_OUT_OF_RANGE: 400, BET_INVALID: 400, FREE_GAME_UNAVAILABLE: 409 };

/**
 * The round loop of the demo server, around the studio's one MG+ client (the relay opens sessions with the same
 * client, so `client.session(sessionId)` finds them).
 * @param {import('../dist/server.js').MgPlusClient} client
 * @param {{ isMgPlusError: typeof import('../dist/server.js').isMgPlusError, now?: () => number,
 *   random?: (n: number) => number }} tools
 *   `isMgPlusError` from plyr-kit/server; `random` draws the reels (default `crypto.randomInt`).
 * @returns {{ spin(req: import('node:http').IncomingMessage): Promise<{ status: number, body: unknown,
 *   headers?: Record<string, string> }> }}
 */
export function createRealPlayRounds(client, { isMgPlusError, now = Date.now, random = randomInt }) {
  /** Sessions with a round in play: one round at a time per player. */
  const busy = new Set();
  const perIp = new Map();

  /** A fixed window per client IP: enough for a player, not for a script hammering the wallet. */
  function limited(ip) {
    const minute = Math.floor(now() / 60_000);
    const entry = perIp.get(ip);
    if (entry?.minute !== minute) {
      if (perIp.size >= MAX_ADDRESSES) perIp.clear();
      perIp.set(ip, { minute, count: 1 });
      return false;
    }
    entry.count += 1;
    return entry.count > SPINS_PER_MINUTE;
  }

  /** The request's checks, in order; a refusal or the checked `{ sessionId, bet, freeGame? }`. */
  async function check(req) {
    // Same-origin only, as plyr-kit/server's endpoints: a page elsewhere must not spend this player's money.
    // Browsers send Origin with every POST; servers send none and cannot be another site's page.
    const origin = req.headers.origin;
    if (origin !== undefined && hostOf(origin) !== req.headers.host?.toLowerCase())
      return refuse(403, 'ORIGIN_NOT_ALLOWED', 'Spins are served to this site only.');
    if (limited(req.socket.remoteAddress ?? ''))
      return refuse(429, 'RATE_LIMITED', 'Too many spins; wait a minute.', { 'Retry-After': '60' });
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json.');
    const body = await readJson(req, MAX_BODY_BYTES);
    if (body === undefined) return refuse(400, 'INVALID_BODY', 'The body is not JSON.');
    if (body === TOO_LARGE) return refuse(413, 'BODY_TOO_LARGE', `The body is over ${MAX_BODY_BYTES} bytes.`);
    const fields = spinFields(body);
    if (typeof fields === 'string') return refuse(400, 'INVALID_BODY', fields);
    return fields;
  }

  /** `POST /demo/realplay/spin`: plays one round and answers `{ roundId, outcome, win, balance, freeGameInfo }`. */
  async function spin(req) {
    const request = await check(req);
    if ('status' in request) return request;
    const { sessionId, bet, freeGame } = request;

    // The session the relay opened (player token, bet limits, offers); gone when expired or never opened.
    const session = await client.session(sessionId);
    if (session === undefined)
      return refuse(
        401,
        'SESSION_UNKNOWN',
        'This game session is unknown or has expired; open the game again.',
      );
    // A paid bet stays in the session's limits; a free round plays a running offer at its cost (charged to the offer).
    const allowed = client.checkBet(session, { bet, freeGame }, { now: now() });
    if (!allowed.ok) return refuse(BET_STATUS[allowed.code], allowed.code, allowed.message);
    if (busy.has(sessionId)) return refuse(409, 'ROUND_IN_PLAY', 'A round is already being played.');

    busy.add(sessionId);
    try {
      let reels;
      const round = await client.playRound(session, {
        bet,
        ...(freeGame ? { freeGame } : {}),
        // Runs after the debit went through: the outcome is drawn here, on the server, and only here.
        payout: () => {
          reels = drawReels(random);
          return { amount: money(bet * multiplierOf(reels)), gameInfo: { reels } };
        },
      });
      // Money may have moved: never told as a failure. Pending: the client's recovery settles it (same ids).
      if (round.status === 'pending')
        return refuse(202, 'ROUND_PENDING', 'Your round is being confirmed with the casino.');
      if (round.status === 'failed')
        return refuse(
          502,
          'ROUND_NEEDS_ATTENTION',
          `The casino did not settle round ${round.roundId}; support will.`,
        );
      return {
        status: 200,
        body: {
          roundId: round.roundId,
          outcome: reels,
          win: round.win,
          balance: round.balance,
          freeGameInfo: (round.freeGames ?? []).map(offerWire),
        },
      };
    } catch (error) {
      if (!isMgPlusError(error)) throw error;
      // Not played: the bet was refused or rolled back, no money moved. The player is told why.
      if (error.code === 'SESSION_EXPIRED' || error.code === 'PLAYER_UNAUTHORIZED') {
        await client.closeSession(sessionId); // MG+ ended the session: forget its player token too
      }
      const status = MGPLUS_STATUS[error.code] ?? (error.retryable ? 502 : 409);
      return refuse(status, error.code, MGPLUS_TEXT[error.code] ?? 'The casino did not play this round.');
    } finally {
      busy.delete(sessionId);
    }
  }

  return { spin };
}

/** The body's fields: `sessionId` a string, `bet` a finite number > 0, `freeGame` `{ offerId, instanceId }`. */
function spinFields(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'Expected a JSON object.';
  const { sessionId, bet, freeGame, ...rest } = body;
  if (Object.keys(rest).length > 0) return `Unexpected field ${Object.keys(rest)[0]}.`;
  if (typeof sessionId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(sessionId))
    return 'sessionId must be the session id from the launch.';
  if (typeof bet !== 'number' || !Number.isFinite(bet) || bet <= 0) return 'bet must be a positive number.';
  if (freeGame === undefined) return { sessionId, bet };
  if (freeGame === null || typeof freeGame !== 'object' || Array.isArray(freeGame))
    return 'freeGame must be { offerId, instanceId }.';
  const { offerId, instanceId, ...more } = freeGame;
  if (Object.keys(more).length > 0 || !Number.isSafeInteger(offerId) || !Number.isSafeInteger(instanceId))
    return 'freeGame must be { offerId, instanceId } (integers).';
  return { sessionId, bet, freeGame: { offerId, instanceId } };
}

/** What {@link readJson} answers for a body over its limit. */
export const TOO_LARGE = Symbol('too large');

/** The host of an `Origin` header (lower case), or undefined when it is not an http(s) origin. */
export function hostOf(origin) {
  return /^https?:\/\/([^/?#]+)$/i.exec(origin)?.[1]?.toLowerCase();
}

/**
 * A request's JSON body, at most `maxBytes` (then {@link TOO_LARGE}); `undefined` when it is not JSON.
 * @returns {Promise<unknown>}
 */
export async function readJson(req, maxBytes) {
  if (Number(req.headers['content-length']) > maxBytes) return TOO_LARGE;
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBytes) return TOO_LARGE;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
