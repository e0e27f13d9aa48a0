/**
 * The game-economy client against the sandbox's PLYR game economy over real HTTP: typed calls, amounts checked
 * before anything is sent, the allowance check, and exactly-once token moves under the platform's own hazards
 * (504s, slow chains, answers lost after the task was queued, tasks FAILED after their transaction was mined,
 * tasks stuck PENDING, the worker re-sending a mined transaction). The sandbox's ledger is the truth.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isPlyrGameError, type PlyrGameClientOptions } from '../../src/server/index.js';
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

/** A logged-in player who approved this game for `amount` plyr: their JWT. */
async function player(plyrId: string, amount = 1000): Promise<string> {
  const jwt = await g.login(plyrId);
  const approved = await g.approve(plyrId, { gameId: g.sb.gameId, token: 'plyr', amount });
  if (approved.status !== 200) throw new Error(approved.text);
  return jwt;
}

const successes = (roomId: string, method: string) =>
  g.sb.game
    .ledger()
    .transactions.filter((t) => t.roomId === roomId && t.method === method && t.status === 'success');

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isPlyrGameError(error)) return error;
    throw error;
  }
  throw new Error('did not reject');
}

describe('calls', () => {
  it('creates, joins and ends a room, and reads balances, allowances, tasks and the log, typed', async () => {
    const game = clientOf();
    const jwt = await player('demo-player', 50);
    const room = await game.createRoom();
    expect(room.roomId).toMatch(/^[0-9]+$/);
    const joined = await game.join({ roomId: room.roomId, sessionJwts: [jwt] });
    expect(joined).toMatchObject({ status: 'SUCCESS', hash: expect.stringMatching(/^0x/) });
    expect(await game.isJoined({ roomId: room.roomId, plyrId: 'demo-player' })).toBe(true);
    expect(await game.isJoined({ roomId: room.roomId, plyrId: 'second-player' })).toBe(false);
    expect(await game.isJoined({ roomId: room.roomId, plyrId: g.sb.gameId })).toBe(true); // the game's own id
    expect(await game.allowance('demo-player', 'plyr')).toBe('50');
    expect(await game.allowances('demo-player')).toEqual([
      expect.objectContaining({ token: 'plyr', amount: '50' }),
    ]);
    expect(await game.balance('demo-player', 'plyr')).toBe(g.balance('demo-player'));
    expect((await game.balances('demo-player')).gamr).toBe(g.balance('demo-player', 'gamr'));
    expect((await game.tokenList()).map((t) => t.apiId)).toEqual(expect.arrayContaining(['plyr', 'gamr']));
    expect(await game.taskStatus(joined.taskId)).toMatchObject({ status: 'SUCCESS', hash: joined.hash });
    expect((await game.activityLog('demo-player', { limit: 5 }))[0]).toMatchObject({ action: 'join' });
    expect(await game.end({ roomId: room.roomId })).toMatchObject({ status: 'SUCCESS' });
  });

  it('tells whose live session a JWT a browser handed over is, and null for anything else', async () => {
    const game = clientOf();
    const jwt = await g.login('second-player');
    expect(await game.verifySession(jwt)).toMatchObject({
      plyrId: 'second-player',
      gameId: g.sb.gameId,
      isGuest: false,
      expiresAt: expect.any(Number),
    });
    const newer = await g.login('second-player'); // a newer login ends the older session
    expect(await game.verifySession(jwt)).toBeNull();
    expect(await game.verifySession(newer)).toMatchObject({ plyrId: 'second-player' });
    expect(await game.verifySession('not-a-jwt')).toBeNull();
    expect(await game.verifySession(`${newer.slice(0, -4)}AAAA`)).toBeNull();
  });

  it('answers every documented refusal with its code', async () => {
    const game = clientOf();
    const wrongKey = clientOf({ secretKey: 'not-the-secret' });
    expect(await rejection(wrongKey.balances('demo-player'))).toMatchObject({
      code: 'AUTH_FAILED',
      outcome: 'refused',
      status: 401,
    });
    expect(await rejection(game.balances('nobody-here'))).toMatchObject({
      code: 'USER_NOT_FOUND',
      status: 404,
    });
    expect(await rejection(game.join({ roomId: '1', sessionJwts: ['a.b.c'] }))).toMatchObject({
      code: 'SESSION_INVALID',
    });
    expect(
      await rejection(game.revoke({ plyrId: 'demo-player', otp: '000000', token: 'plyr' })),
    ).toMatchObject({ code: 'OTP_INVALID' });
  });
});

describe('token moves', () => {
  it('pays into a room once, with the allowance checked before and taken after', async () => {
    const game = clientOf();
    const jwt = await player('demo-player', 30);
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [jwt] });
    const before = wei(g.balance('demo-player'));
    const paid = await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '12.5' }] });
    expect(paid).toMatchObject({ status: 'done', hash: expect.stringMatching(/^0x/), roomId });
    expect(wei(g.balance('demo-player'))).toBe(before - wei('12.5'));
    expect(successes(roomId, 'batchPay')).toHaveLength(1);
    const tasks = g.sb.game.tasks().length;
    // 17.5 left of 30: a pay of 20 is refused before it is sent.
    const over = await rejection(
      game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '20' }] }),
    );
    expect(over).toMatchObject({ code: 'ALLOWANCE_TOO_LOW', outcome: 'refused' });
    expect(g.sb.game.tasks()).toHaveLength(tasks);
  });

  it('refuses amounts that are not positive decimal strings, and raw token addresses, sending nothing', async () => {
    const game = clientOf();
    const jwt = await player('second-player');
    const tasks = g.sb.game.tasks().length;
    for (const amount of ['0', '-1', '1e3', '0.1234567890123456789', ' 1', 'NaN', 10 as unknown as string])
      expect(
        await rejection(game.pay({ roomId: '1', payments: [{ sessionJwt: jwt, token: 'plyr', amount }] })),
      ).toMatchObject({
        code: 'AMOUNT_INVALID',
        outcome: 'refused',
      });
    expect(
      await rejection(
        game.pay({ roomId: '1', payments: [{ sessionJwt: jwt, token: `0x${'0'.repeat(40)}`, amount: '1' }] }),
      ),
    ).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(
      await rejection(
        game.earn({ roomId: 'one', payouts: [{ plyrId: 'second-player', token: 'plyr', amount: '1' }] }),
      ),
    ).toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(g.sb.game.tasks()).toHaveLength(tasks);
  });

  it('waits out the platform’s 504 and a slow chain, then reports the move done once', async () => {
    const game = clientOf();
    const jwt = await player('demo-player');
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [jwt] });
    g.sb.game.faults.once({ kind: '504', task: 'batchPayGameRoom' });
    expect(
      await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '1' }] }),
    ).toMatchObject({ status: 'done' });
    g.sb.game.faults.once({ kind: 'slow', task: 'batchPayGameRoom', factor: 60 });
    expect(
      await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '1' }] }),
    ).toMatchObject({ status: 'done' });
    expect(successes(roomId, 'batchPay')).toHaveLength(2);
  });

  it('finds a move whose answer was lost, or whose task FAILED after its transaction was mined, in the log', async () => {
    let dropNext = false;
    const game = clientOf({
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if (dropNext && init.method === 'POST') {
          dropNext = false;
          await answer.arrayBuffer();
          throw new TypeError('fetch failed: the connection was reset');
        }
        return answer;
      },
    });
    const jwt = await player('demo-player');
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [jwt] });
    dropNext = true;
    const lost = await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '2' }] });
    expect(lost).toMatchObject({ status: 'done', hash: expect.stringMatching(/^0x/) });
    g.sb.game.faults.once({ kind: 'failed-after-mined', task: 'batchPayGameRoom' });
    const failed = await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '3' }] });
    expect(failed).toMatchObject({ status: 'done' });
    expect(successes(roomId, 'batchPay').map((t) => t.moves[0]?.amount)).toEqual(['2', '3']);
    const record = await game.intentRecord(failed.intentId);
    expect(record?.attempts).toHaveLength(1); // never sent twice
  });

  it('never sends a pay stuck PENDING again: it goes to a person, with what was seen', async () => {
    const game = clientOf({ intents: { ...FAST_INTENTS, settleWithinMs: 200, stuckAfterMs: 1_000 } });
    const jwt = await player('demo-player');
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [jwt] });
    g.sb.game.faults.once({ kind: 'stuck', task: 'batchPayGameRoom' });
    const pay = await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '4' }] });
    expect(pay).toMatchObject({ status: 'pending', taskId: expect.stringMatching(/^\d+-\d+$/) });
    const seen: string[] = [];
    game.on('intent', (record) => seen.push(record.state));
    g.clock.advance(2_000); // past stuckAfterMs on the platform's clock
    expect(await game.recover()).toMatchObject({ examined: 1, attention: 1, stillOpen: [] });
    expect(seen).toEqual(['attention']);
    expect(await game.intent(pay.intentId)).toMatchObject({
      status: 'attention',
      notes: [expect.stringContaining('PENDING')],
    });
    const record = await game.intentRecord(pay.intentId);
    expect(record).toMatchObject({
      attempts: [expect.objectContaining({ taskId: pay.taskId })],
      baseline: [expect.objectContaining({ plyrId: 'demo-player' })],
    });
    expect(successes(roomId, 'batchPay')).toHaveLength(0);
    expect(
      g.sb.game
        .tasks()
        .filter((t) => t.name === 'batchPayGameRoom' && (t.params as { roomId?: string }).roomId === roomId),
    ).toHaveLength(1);
  });

  it('detects the platform’s own double (its worker re-sent a mined pay) and records both transactions', async () => {
    const game = clientOf();
    const jwt = await player('second-player');
    const { roomId } = await game.createRoom();
    await game.join({ roomId, sessionJwts: [jwt] });
    g.sb.game.faults.once({ kind: 'resend', task: 'batchPayGameRoom' });
    const pay = await game.pay({ roomId, payments: [{ sessionJwt: jwt, token: 'plyr', amount: '5' }] });
    expect(pay).toMatchObject({ status: 'done' });
    expect(successes(roomId, 'batchPay')).toHaveLength(2); // the platform charged twice
    const found: string[][] = [];
    game.on('intent', (record) => found.push(record.platformDouble ?? []));
    expect(await game.recover()).toMatchObject({ platformDoubles: 1 });
    expect(found.map((hashes) => [...hashes].sort())).toEqual([
      successes(roomId, 'batchPay')
        .map((t) => t.hash)
        .sort(),
    ]);
    expect((await game.intent(pay.intentId))?.status).toBe('done');
  });
});

describe('chips', () => {
  it('creates a chip, mints, transfers and burns it once each, and finds a mint whose answer was a 500 in the balances', async () => {
    const game = clientOf();
    const { chip } = await game.createChip({ name: 'Gem', symbol: 'GEM' });
    expect(chip).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const holding = async (plyrId: string) =>
      (await game.chipBalance({ plyrId, chip })).find((c) => c.chip.toLowerCase() === chip.toLowerCase())
        ?.balance ?? '0';
    expect(await game.mintChips({ chip, lines: [{ plyrId: 'demo-player', amount: '10' }] })).toMatchObject({
      status: 'done',
    });
    expect(
      await game.transferChips({
        chip,
        transfers: [{ from: 'demo-player', to: 'second-player', amount: '4' }],
      }),
    ).toMatchObject({ status: 'done' });
    expect(await game.burnChips({ chip, lines: [{ plyrId: 'second-player', amount: '1' }] })).toMatchObject({
      status: 'done',
    });
    expect([await holding('demo-player'), await holding('second-player')]).toEqual(['6', '3']);
    // Chip writes answer 500 when their task FAILED or timed out, with no task id: only the balance can tell.
    g.sb.game.faults.once({ kind: 'failed-after-mined', task: 'mintGameChip' });
    const minted = await game.mintChips({ chip, lines: [{ plyrId: 'demo-player', amount: '5' }] });
    expect(minted).toMatchObject({ status: 'done' });
    expect(await holding('demo-player')).toBe('11');
    expect((await game.intentRecord(minted.intentId))?.attempts).toHaveLength(1);
  });
});
