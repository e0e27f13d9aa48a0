// The demo's entry-fee match: what a studio's game server writes on top of plyr-kit/server's game client.
//
// 1. A signed-in page sends its session JWT (`POST /demo/match/player`): the server asks the platform whose it is
//    (session verify), and answers that player's balance and what the game may still take (their consent).
// 2. `POST /demo/match/join` seats the player, once the game may take the entry and the wallet holds it. The first
//    waits for a second; its page polls `GET /demo/match/<id>` (a page that stops polling has left: its seat goes).
// 3. With two seated, `openMatch` takes both entries into one room, in one transaction, exactly once.
// 4. The winner is drawn here, on the server (`crypto.randomInt`), never by a browser.
// 5. `settleMatch` pays the prize to the winner and the rest of the pot to the game, the platform keeping its 2 % fee
//    of each line, and ends the room, in one transaction. Both pages read the outcome and the balances after.
//
// Money that may have moved is never told as failed: an opening or settlement not known in time is "being confirmed"
// (`confirming`) while the client's recovery settles it, and `attention` ("the studio is checking") while it cannot
// decide; the match goes on from either once the move is known. A refusal (`refused`) is only sent when nothing moved.
import { randomInt, randomUUID } from 'node:crypto';
import { hostOf, readJson, TOO_LARGE } from './realplay-rounds.mjs';

/** The token of the entries, each player's entry, and what leaves the room for the winner (the rest: the game's). */
export const MATCH_TOKEN = 'plyr';
export const MATCH_ENTRY = '10';
export const MATCH_PRIZE = '19';

const DECIMALS = 18;
/** A session JWT is at most 4096 characters (as the signing endpoint allows): the body stays well under this. */
const MAX_BODY_BYTES = 8192;
/** Per client address and minute: page loads and joins, and polls (a page polls about once a second). */
const LIMITS = { posts: 60, polls: 400 };
const MAX_ADDRESSES = 10_000;
/** Finished matches kept for their pages to read. */
const MAX_FINISHED = 500;
/** A waiting player whose page has not polled for this long has left. */
const STALE_MS = 20_000;
/** How often a match being confirmed looks at its intent again (the client's recovery loop settles it). */
const CONFIRM_POLL_MS = 1_000;
const MATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the player is told for each refusal; nothing moved in any of them. */
const REFUSALS = {
  SESSION_INVALID: [401, 'Your sign-in has ended (it expired, or a newer one replaced it). Log in again.'],
  GUEST_ACCOUNT: [403, 'A guest account cannot pay an entry. Log in with your PLYR[ID].'],
  ALLOWANCE_MISSING: [
    403,
    'This game may not take the entry from your PLYR wallet. Log in again and allow it.',
  ],
  ALLOWANCE_TOO_LOW: [
    403,
    'What you allowed this game to spend is less than the entry. Log in again and allow it.',
  ],
  BALANCE_TOO_LOW: [402, 'Your PLYR wallet holds less than the entry.'],
  PLAYER_BUSY: [409, 'A payment of yours is still being confirmed. Join again once it is.'],
  PLATFORM_UNAVAILABLE: [502, 'The PLYR platform did not answer; nothing was taken. Try again.'],
};

const refuse = (status, code, error, headers) => ({ status, body: { error, code }, headers });
const refusal = (code) => refuse(REFUSALS[code][0], code, REFUSALS[code][1]);

/**
 * The match loop of the demo server, around the studio's one game client.
 * @param {import('../dist/server.js').PlyrGameClient} game
 * @param {{
 *   kit: Pick<typeof import('../dist/server.js'), 'isPlyrGameError' | 'toTokenUnits' | 'fromTokenUnits'>,
 *   now?: () => number, random?: (n: number) => number, staleMs?: number, confirmPollMs?: number,
 *   limits?: { posts?: number, polls?: number } }} tools
 *   `random` draws the winner (default `crypto.randomInt`).
 */
export function createMatchRounds(game, tools) {
  const { kit, now = Date.now, random = randomInt } = tools;
  const staleMs = tools.staleMs ?? STALE_MS;
  const confirmPollMs = tools.confirmPollMs ?? CONFIRM_POLL_MS;
  const limits = { ...LIMITS, ...tools.limits };
  const units = (amount) => kit.toTokenUnits(String(amount), DECIMALS);
  const text = (value) => kit.fromTokenUnits(value, DECIMALS);

  /** Every match by id; the unfinished one of each player; the one waiting for a second player. */
  const matches = new Map();
  const seats = new Map();
  let waiting = null;
  let closed = false;
  const perIp = new Map();

  /** A fixed window per client address and kind: enough for players, not for a script. */
  function limited(ip, kind) {
    const minute = Math.floor(now() / 60_000);
    const key = `${kind} ${ip}`;
    const entry = perIp.get(key);
    if (entry?.minute !== minute) {
      if (perIp.size >= MAX_ADDRESSES) perIp.clear();
      perIp.set(key, { minute, count: 1 });
      return false;
    }
    entry.count += 1;
    return entry.count > limits[kind];
  }

  /** A POST's checks, in order: a refusal, or the session JWT of `{ sessionJwt }`. */
  async function readPost(req) {
    // Same-origin only: a page elsewhere must not make this player pay. Servers send no Origin.
    const origin = req.headers.origin;
    if (origin !== undefined && hostOf(origin) !== req.headers.host?.toLowerCase())
      return refuse(403, 'ORIGIN_NOT_ALLOWED', 'Matches are served to this site only.');
    if (limited(req.socket.remoteAddress ?? '', 'posts'))
      return refuse(429, 'RATE_LIMITED', 'Too many requests; wait a minute.', { 'Retry-After': '60' });
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/json.');
    const body = await readJson(req, MAX_BODY_BYTES);
    if (body === undefined) return refuse(400, 'INVALID_BODY', 'The body is not JSON.');
    if (body === TOO_LARGE) return refuse(413, 'BODY_TOO_LARGE', `The body is over ${MAX_BODY_BYTES} bytes.`);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return refuse(400, 'INVALID_BODY', 'Expected { sessionJwt }.');
    const { sessionJwt, ...rest } = body;
    if (Object.keys(rest).length > 0)
      return refuse(400, 'INVALID_BODY', `Unexpected field ${Object.keys(rest)[0]}.`);
    if (
      typeof sessionJwt !== 'string' ||
      !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(sessionJwt)
    )
      return refuse(400, 'INVALID_BODY', 'Send the session JWT of your sign-in as sessionJwt.');
    return { sessionJwt };
  }

  /** The player of a checked request, with what the game may take and what the wallet holds; or a refusal. */
  async function playerOf(sessionJwt) {
    let who;
    try {
      who = await game.verifySession(sessionJwt); // whose live session this is, asked of the platform
    } catch {
      return refusal('PLATFORM_UNAVAILABLE');
    }
    if (who === null) return refusal('SESSION_INVALID');
    if (who.isGuest) return refusal('GUEST_ACCOUNT');
    try {
      const [balance, allowance] = await Promise.all([
        game.balance(who.plyrId, MATCH_TOKEN),
        game.allowance(who.plyrId, MATCH_TOKEN),
      ]);
      return { plyrId: who.plyrId, sessionJwt, balance, allowance };
    } catch {
      return refusal('PLATFORM_UNAVAILABLE');
    }
  }

  /** `POST …/player`: who the page's player is to the match, and the unfinished match they are in, if any. */
  async function player(req) {
    const request = await readPost(req);
    if ('status' in request) return request;
    const p = await playerOf(request.sessionJwt);
    if ('status' in p) return p;
    const { plyrId, balance, allowance } = p;
    const body = { plyrId, token: MATCH_TOKEN, entry: MATCH_ENTRY, prize: MATCH_PRIZE, balance, allowance };
    return { status: 200, body: { ...body, matchId: seats.get(plyrId) ?? null } };
  }

  /** `POST …/join`: seats the player (or answers the match they are already in). */
  async function join(req) {
    const request = await readPost(req);
    if ('status' in request) return request;
    const p = await playerOf(request.sessionJwt);
    if ('status' in p) return p;
    const current = matches.get(seats.get(p.plyrId));
    if (current) return { status: 200, body: view(current) };
    const allowed = units(p.allowance) ?? 0n;
    if (allowed < units(MATCH_ENTRY))
      return refusal(allowed === 0n ? 'ALLOWANCE_MISSING' : 'ALLOWANCE_TOO_LOW');
    if ((units(p.balance) ?? 0n) < units(MATCH_ENTRY)) return refusal('BALANCE_TOO_LOW');

    const seat = { plyrId: p.plyrId, sessionJwt: p.sessionJwt, before: p.balance, after: null };
    if (waiting && now() - waiting.seenAt > staleMs)
      finish(
        waiting,
        'left',
        'LEFT',
        'Your page stopped waiting, so your seat was given up; nothing was taken.',
      );
    if (!waiting) {
      waiting = record(seat);
      return { status: 200, body: view(waiting) };
    }
    const match = waiting;
    waiting = null;
    match.players.push(seat);
    seats.set(seat.plyrId, match.id);
    update(match, 'opening');
    void play(match).catch((error) => {
      console.error('demo match:', error);
      needsAttention(match, 'The match stopped unexpectedly.');
    });
    return { status: 200, body: view(match) };
  }

  /** `POST …/leave`: gives up a seat while the match is still waiting for a second player. */
  async function leave(req) {
    const request = await readPost(req);
    if ('status' in request) return request;
    const p = await playerOf(request.sessionJwt);
    if ('status' in p) return p;
    const match = matches.get(seats.get(p.plyrId));
    if (match?.state !== 'waiting') return { status: 200, body: { left: false } };
    finish(match, 'left', 'LEFT', 'You left before a second player came; nothing was taken.');
    return { status: 200, body: { left: true } };
  }

  /** `GET …/<id>`: the match as its pages show it. Polling it keeps a waiting player's seat. */
  function read(req, id) {
    if (limited(req.socket.remoteAddress ?? '', 'polls'))
      return refuse(429, 'RATE_LIMITED', 'Too many requests; wait a minute.', { 'Retry-After': '60' });
    const match = MATCH_ID.test(id) ? matches.get(id) : undefined;
    if (!match) return refuse(404, 'MATCH_UNKNOWN', 'There is no such match.');
    match.seenAt = now();
    return { status: 200, body: view(match) };
  }

  // ---- one match: open, draw, settle --------------------------------------------------------------------------

  async function play(match) {
    const opened = await open(match);
    if (!opened) return;
    // The outcome is drawn here and only here; the pages learn it with the settlement.
    const winner = match.players[random(match.players.length)].plyrId;
    match.winner = winner;
    update(match, 'settling');
    await settle(match, opened, [{ plyrId: winner, token: MATCH_TOKEN, amount: MATCH_PRIZE }]);
  }

  /** Takes both entries into a new room: the open match, or nothing (the match's state then says why). */
  async function open(match) {
    let opening;
    try {
      opening = await game.openMatch({
        entries: match.players.map((p) => ({
          sessionJwt: p.sessionJwt,
          token: MATCH_TOKEN,
          amount: MATCH_ENTRY,
        })),
      });
    } catch (error) {
      if (kit.isPlyrGameError(error) && error.outcome === 'refused') {
        const code = error.code in REFUSALS ? error.code : 'NOT_OPENED';
        const why = REFUSALS[code]?.[1] ?? 'The platform refused the entries.';
        // Whose entry it was, when the platform or the client named the player.
        const said = `${error.message} ${error.platformMessage ?? ''} ${Object.keys(error.invalidPlyrIds ?? {})}`;
        const whose = match.players.filter((p) => said.includes(p.plyrId)).map((p) => p.plyrId);
        const who = whose.length > 0 ? ` (${whose.join(', ')})` : '';
        finish(
          match,
          'refused',
          code,
          `The match could not start${who}: ${why} Nothing was taken from either wallet.`,
        );
      } else needsAttention(match, 'The entries may have been taken; the studio is checking.');
      return undefined;
    }
    if (opening.status !== 'open') {
      const ended = await watch(match, opening.intentId, {
        code: 'ENTRIES_PENDING',
        message: 'Your entry is being confirmed with the platform.',
        attention: 'The studio is checking whether the entries were taken.',
      });
      if (ended === 'nothing')
        finish(match, 'refused', 'NOT_OPENED', 'The platform did not take the entries; nothing was taken.');
      if (ended !== 'done') return undefined;
      const opened = await game.matchOf(opening.intentId);
      if (!opened) {
        needsAttention(match, 'The entries were taken but their room is not known; the studio is checking.');
        return undefined;
      }
      opening = { status: 'open', match: opened };
    }
    match.roomId = opening.match.roomId;
    for (const p of match.players) p.sessionJwt = undefined; // not needed again: keep no more credentials than needed
    return opening.match;
  }

  /** Pays out and ends the room; then reads each player's balance after. */
  async function settle(match, opened, payouts) {
    let closing;
    try {
      closing = await game.settleMatch(opened, payouts);
    } catch {
      // Nothing moved, but the entries are in the room: the studio pays them out. Never the players' loss.
      needsAttention(match, `The payout did not go through; the entries are safe in room ${opened.roomId}.`);
      return;
    }
    // An `attention` closing carries no lines: a settlement decided later is shown without them.
    if (closing.status !== 'attention') match.lines = closing.lines;
    if (closing.status !== 'settled') {
      const ended = await watch(match, closing.intentId, {
        code: 'PAYOUT_PENDING',
        message: 'The payout is being confirmed with the platform.',
        attention: `The studio is checking the payout of room ${opened.roomId}.`,
      });
      if (ended === 'nothing')
        needsAttention(
          match,
          `The payout did not go through; the entries are safe in room ${opened.roomId}.`,
        );
      if (ended !== 'done') return;
    }
    match.fees = match.lines ? feesOf(match.lines) : null;
    await Promise.all(
      match.players.map(async (p) => {
        p.after = await game.balance(p.plyrId, MATCH_TOKEN).catch(() => null);
      }),
    );
    finish(match, 'settled', null, null);
  }

  /**
   * Follows an intent that was not known in time until it is `done` or known to have moved `nothing` (`closed`: the
   * server stops). Meanwhile the match says where it stands: `confirming` while the platform may still run it, and
   * `attention` while the client's reconciliation cannot decide (its recovery looks again; a person may decide it
   * with `game.resolveIntent`). Neither is the end of the match, and neither is ever told as a failure.
   */
  async function watch(match, intentId, texts) {
    match.intentId = intentId;
    for (;;) {
      const outcome = await game.intent(intentId).catch(() => ({ status: 'pending' }));
      if (outcome === undefined) return 'nothing';
      if (outcome.status === 'done') return 'done';
      if (outcome.status === 'attention') update(match, 'attention', 'NEEDS_ATTENTION', texts.attention);
      else update(match, 'confirming', texts.code, texts.message);
      if (closed) return 'closed';
      await new Promise((resolve) => setTimeout(resolve, confirmPollMs).unref?.());
    }
  }

  /** The platform's fee per token, summed exactly over the settlement's lines. */
  function feesOf(lines) {
    const sums = new Map();
    for (const l of lines) sums.set(l.token, (sums.get(l.token) ?? 0n) + units(l.fee));
    return Object.fromEntries([...sums].map(([token, sum]) => [token, text(sum)]));
  }

  // ---- the records ------------------------------------------------------------------------------------------

  /** A new match with its first seat, waiting for a second player. */
  function record(seat) {
    const at = now();
    const match = {
      id: randomUUID(),
      state: 'waiting',
      over: false,
      players: [seat],
      winner: null,
      roomId: null,
      lines: null,
      fees: null,
      code: null,
      message: null,
      seenAt: at,
      updatedAt: at,
    };
    matches.set(match.id, match);
    seats.set(seat.plyrId, match.id);
    return match;
  }

  function update(match, state, code = null, message = null) {
    match.state = state;
    match.code = code;
    match.message = message;
    match.updatedAt = now();
  }

  function needsAttention(match, message) {
    if (!match.over) finish(match, 'attention', 'NEEDS_ATTENTION', message);
  }

  /** Ends a match: its players may join again; the oldest finished matches are forgotten. */
  function finish(match, state, code, message) {
    update(match, state, code, message);
    match.over = true;
    if (waiting === match) waiting = null;
    for (const p of match.players) {
      p.sessionJwt = undefined;
      if (seats.get(p.plyrId) === match.id) seats.delete(p.plyrId);
    }
    if (matches.size > MAX_FINISHED)
      for (const [id, m] of matches) {
        if (matches.size <= MAX_FINISHED) break;
        if (m.over) matches.delete(id);
      }
  }

  /** What a page sees: never a session JWT. */
  function view(match) {
    return {
      matchId: match.id,
      state: match.state,
      /** Nothing will change any more (a match `attention` may still be decided, and then go on). */
      finished: match.over === true,
      token: MATCH_TOKEN,
      entry: MATCH_ENTRY,
      prize: MATCH_PRIZE,
      players: match.players.map(({ plyrId, before, after }) => ({ plyrId, before, after })),
      winner: match.winner,
      roomId: match.roomId,
      lines: match.lines,
      fees: match.fees,
      code: match.code,
      message: match.message,
    };
  }

  /** Routes `…/player`, `…/join`, `…/leave` (POST) and `…/<id>` (GET); `rest` is the path after the base. */
  async function handle(req, rest) {
    const posts = { '/player': player, '/join': join, '/leave': leave };
    if (rest in posts) {
      if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_ALLOWED', 'Use POST.', { Allow: 'POST' });
      return posts[rest](req);
    }
    if (req.method !== 'GET') return refuse(405, 'METHOD_NOT_ALLOWED', 'Use GET.', { Allow: 'GET' });
    return read(req, rest.slice(1));
  }

  return {
    handle,
    /** Stops waiting on intents being confirmed (the game client's recovery keeps its own loop; close it too). */
    close() {
      closed = true;
    },
  };
}
