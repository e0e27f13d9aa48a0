/**
 * The entry-fee match against the sandbox's game economy: a room opened with every entry in one transaction, settled
 * with the payouts in one, the pot kept (payouts never exceed it, the 2 % earn fee counted, the remainder to the
 * game's own id so the room ends empty), a room the platform made twice given back, a settlement stuck at the
 * platform sent again (a second copy reverts), and a room that cannot end reported. The sandbox's ledger is the truth.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  type GameMatch,
  isPlyrGameError,
  type PlyrGameClient,
  type PlyrGameClientOptions,
} from '../../src/server/index.js';
import {
  FAST_INTENTS,
  type GameSandbox,
  gameClient,
  startGameSandbox,
  wei,
} from '../helpers/game-sandbox.js';

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox();
});
afterAll(() => g.sb.close());

const clientOf = (options: Partial<PlyrGameClientOptions> = {}) => gameClient(g, options);

/** Both seeded players, logged in and approved for 1000 plyr: their entries of `amount`. */
async function entries(amount: string) {
  const list = [];
  for (const plyrId of ['demo-player', 'second-player']) {
    const sessionJwt = await g.login(plyrId);
    await g.approve(plyrId, { gameId: g.sb.gameId, token: 'plyr', amount: 1000 });
    list.push({ sessionJwt, token: 'plyr', amount });
  }
  return list;
}

/** Balances of the players, the game's account and the fee account, in wei. */
const wallets = () => ({
  demo: wei(g.balance('demo-player')),
  second: wei(g.balance('second-player')),
  game: wei(g.balance(g.sb.gameId)),
  fees: wei(g.sb.game.ledger().fees.plyr ?? '0'),
});
const roomOf = (roomId: string) => g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;

async function open(game: PlyrGameClient, amount: string): Promise<GameMatch> {
  const opening = await game.openMatch({ entries: await entries(amount) });
  if (opening.status !== 'open') throw new Error(`not open: ${JSON.stringify(opening)}`);
  return opening.match;
}

it('opens a match with both entries, pays the winner, gives the rest to the game and ends the room', async () => {
  const game = clientOf();
  const before = wallets();
  const match = await open(game, '10');
  expect(match).toMatchObject({
    entries: [{ plyrId: 'demo-player' }, { plyrId: 'second-player' }],
    pot: { plyr: '20' },
  });
  expect(roomOf(match.roomId)).toMatchObject({ balances: { plyr: '20' }, ended: false });
  const closing = await game.settleMatch(match, [{ plyrId: 'demo-player', token: 'plyr', amount: '19' }]);
  expect(closing).toEqual({
    status: 'settled',
    roomId: match.roomId,
    intentId: expect.any(String),
    lines: [
      { plyrId: 'demo-player', token: 'plyr', kind: 'payout', amount: '19', fee: '0.38', net: '18.62' },
      { plyrId: g.sb.gameId, token: 'plyr', kind: 'remainder', amount: '1', fee: '0.02', net: '0.98' },
    ],
    fees: { plyr: '0.4' },
  });
  expect(roomOf(match.roomId)).toMatchObject({ balances: { plyr: '0' }, ended: true });
  const after = wallets();
  expect(after.demo - before.demo).toBe(wei('8.62')); // paid 10, got 18.62
  expect(after.second - before.second).toBe(-wei('10'));
  expect(after.game - before.game).toBe(wei('0.98'));
  expect(after.fees - before.fees).toBe(wei('0.4'));
});

it('refuses payouts above the pot before anything is sent', async () => {
  const game = clientOf();
  const match = await open(game, '3');
  const tasks = g.sb.game.tasks().length;
  const over = game.settleMatch(match, [
    { plyrId: 'demo-player', token: 'plyr', amount: '4' },
    { plyrId: 'second-player', token: 'plyr', amount: '2.000000000000000001' },
  ]);
  await expect(over).rejects.toMatchObject({ code: 'POT_EXCEEDED', outcome: 'refused' });
  expect(g.sb.game.tasks()).toHaveLength(tasks);
  await game.settleMatch(match, [{ plyrId: 'second-player', token: 'plyr', amount: '6' }]);
  expect(roomOf(match.roomId).ended).toBe(true);
});

it('gives back the entries of a room the platform made twice (its worker re-sent the createJoinPay)', async () => {
  const game = clientOf();
  g.sb.game.faults.once({ kind: 'resend', task: 'createJoinPayGameRoom' });
  const before = wallets();
  const match = await open(game, '5');
  const made = g.sb.game
    .ledger()
    .transactions.filter((t) => t.method === 'createJoinPay' && t.status === 'success')
    .slice(-2);
  expect(new Set(made.map((t) => t.roomId)).size).toBe(2); // two rooms, each holding both entries
  await game.settleMatch(match, [{ plyrId: 'demo-player', token: 'plyr', amount: '10' }]);
  for (const t of made) expect(roomOf(t.roomId!)).toMatchObject({ balances: { plyr: '0' }, ended: true });
  const after = wallets();
  // Each was charged 5 twice and got 4.9 back from the orphan room (5 less the fee); demo also won 9.8 (10 less it).
  expect(after.second - before.second).toBe(-wei('5.1'));
  expect(after.demo - before.demo).toBe(wei('4.7'));
  const record = await game.intentRecord(match.intentId);
  expect(record?.platformDouble).toHaveLength(2);
});

it('sends a settlement stuck at the platform again: it happens once, and the stuck copy would revert', async () => {
  const game = clientOf({ intents: { ...FAST_INTENTS, settleWithinMs: 150 } });
  const match = await open(game, '2');
  g.sb.game.faults.once({ kind: 'stuck', task: 'earnLeaveEndGameRoom' });
  const closing = await game.settleMatch(match, [{ plyrId: 'second-player', token: 'plyr', amount: '4' }]);
  expect(closing).toMatchObject({ status: 'pending', roomId: match.roomId });
  g.clock.advance(2_000);
  expect(await game.recover()).toMatchObject({ done: 1, attention: 0 });
  expect(roomOf(match.roomId)).toMatchObject({ balances: { plyr: '0' }, ended: true });
  const settles = g.sb.game
    .ledger()
    .transactions.filter((t) => t.roomId === match.roomId && t.method === 'earnLeaveEnd');
  expect(settles.map((t) => t.status)).toEqual(['success']);
  expect((await game.intentRecord(closing.intentId))?.attempts).toHaveLength(2);
});

it('reports a room that cannot end (it holds more than the match paid in), moving nothing', async () => {
  const game = clientOf();
  const match = await open(game, '1');
  const extra = await g.login('demo-player');
  const paid = await game.pay({
    roomId: match.roomId,
    payments: [{ sessionJwt: extra, token: 'plyr', amount: '1' }],
  });
  expect(paid.status).toBe('done');
  const before = wallets();
  const error = await game
    .settleMatch(match, [{ plyrId: 'demo-player', token: 'plyr', amount: '2' }])
    .catch((e) => e);
  expect(isPlyrGameError(error, 'ROOM_NOT_ENDED')).toBe(true);
  expect(wallets()).toEqual(before);
  expect(roomOf(match.roomId)).toMatchObject({ balances: { plyr: '3' }, ended: false });
});
