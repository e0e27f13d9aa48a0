// The studio's round route, here mounted on the `vite` dev server. In production this is your game server's code
// (README, "Real play on MG+"): the same loop on your own `createMgPlusClient` and `createRelayHandler`. In dev it
// plays on the MG+ client of plyrKit()'s relay (`kit.api.mgplus()`), which holds the session of every launch.
import { randomInt } from 'node:crypto';
import { isMgPlusError } from 'plyr-kit/server';

const SYMBOLS = ['🍒', '🍋', '🔔', '⭐', '7'];
/** Three of a kind pays the bet times this. */
const PAYS = { '🍒': 3, '🍋': 5, '🔔': 10, '⭐': 20, 7: 50 };

const reply = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

async function readJson(req, maxBytes = 1024) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > maxBytes) return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `POST /round` `{ sessionId, bet }` → `{ reels, win, balance }`. (A launch, as a casino's lobby makes it, is
 * plyrKit()'s `/sandbox/realplay?player=eur`.)
 */
export function devRounds(kit) {
  return {
    name: 'example-rounds',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/round', async (req, res) => {
        const mg = kit.api.mgplus();
        const body = req.method === 'POST' ? await readJson(req) : undefined;
        if (!mg || !body) return reply(res, 400, { error: 'POST { sessionId, bet }.', code: 'INVALID_BODY' });
        const session = typeof body.sessionId === 'string' ? await mg.session(body.sessionId) : undefined;
        if (!session)
          return reply(res, 401, { error: 'Open the game from the casino again.', code: 'SESSION_UNKNOWN' });
        const allowed = mg.checkBet(session, { bet: body.bet });
        if (!allowed.ok) return reply(res, 400, { error: allowed.message, code: allowed.code });
        try {
          let reels = [];
          const round = await mg.playRound(session, {
            bet: body.bet,
            // After the debit, on the server only: the browser never chooses the payout.
            payout: () => {
              reels = [0, 1, 2].map(() => SYMBOLS[randomInt(SYMBOLS.length)]);
              const times = reels.every((s) => s === reels[0]) ? PAYS[reels[0]] : 0;
              return { amount: Math.round(body.bet * times * 1e8) / 1e8, gameInfo: { reels } };
            },
          });
          // Pending: money may have moved, the client's recovery settles it. Never tell the player it failed.
          if (round.status === 'pending')
            return reply(res, 202, { error: 'Confirming your round.', code: 'ROUND_PENDING' });
          if (round.status === 'failed')
            return reply(res, 502, { error: 'Support will settle this round.', code: 'ROUND_FAILED' });
          return reply(res, 200, { reels, win: round.win, balance: round.balance });
        } catch (error) {
          // A rejection: no money moved (the bet was refused or rolled back).
          if (isMgPlusError(error))
            return reply(res, 409, { error: 'The casino did not play this round.', code: error.code });
          throw error;
        }
      });
    },
  };
}
