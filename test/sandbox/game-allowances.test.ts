// docs/platform/plyr-game.md#allowances: approve (2FA), the reads (expired rows left out), revoke, and how pay uses
// the rows: checked ignoring expiry and before merging, spent only after a successful transaction, check and spend
// not atomic (two concurrent pays both pass), Numbers with floating-point arithmetic.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox();
});
afterAll(() => g.sb.close());

const allowance = async (plyrId: string, token: string, gameId = 'plyr-kit-demo') =>
  (await g.client.get(`/api/game/allowance/${plyrId}/${gameId}/${token}`)).json.allowance;

describe('POST /api/game/approve', () => {
  it('approves token/amount and tokens/amounts (replacing earlier amounts), logging each', async () => {
    const res = await g.approve('demo-player', {
      gameId: 'PLYR-KIT-DEMO',
      token: 'PLYR',
      amount: '12.5',
      tokens: ['gamr'],
      amounts: [3],
      expiresIn: 600,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ message: 'Approved', success: true });
    expect(await allowance('DEMO-PLAYER', 'Plyr')).toBe(12.5);
    await g.approve('demo-player', { gameId: g.sb.gameId, token: 'plyr', amount: 2 });
    expect(await allowance('demo-player', 'plyr')).toBe(2);
    const [entry] = await g.activity('demo-player');
    expect(entry).toMatchObject({
      type: 'game',
      action: 'approve',
      data: { gameId: 'plyr-kit-demo', token: 'plyr', amount: 2 },
    });
    const list = await g.client.get('/api/game/allowanceByGameId/demo-player/plyr-kit-demo');
    expect(list.json).toEqual({
      allowances: [
        {
          plyrId: 'demo-player',
          gameId: 'plyr-kit-demo',
          token: 'plyr',
          amount: 2,
          expiresIn: 600,
          createdAt: new Date(g.clock.now()).toISOString(),
        },
        expect.objectContaining({ token: 'gamr', amount: 3, expiresIn: 600 }),
      ],
    });
  });

  it.each<[string, JsonObject, number, string]>([
    ['no token', { gameId: 'plyr-kit-demo', amount: 1 }, 401, 'Token is required'],
    ['an unknown token', { gameId: 'plyr-kit-demo', token: 'doge', amount: 1 }, 401, 'Invalid token: doge'],
    ['no gameId', { token: 'plyr', amount: 1 }, 401, 'Game ID is required'],
    ['an unknown game', { gameId: 'nope-game', token: 'plyr', amount: 1 }, 401, 'Invalid game ID'],
    [
      'a zero amount',
      { gameId: 'plyr-kit-demo', token: 'plyr', amount: 0 },
      401,
      'Approve amount was incorrect.',
    ],
    [
      'a bad amount in a list',
      { gameId: 'plyr-kit-demo', tokens: ['plyr'], amounts: ['x'] },
      401,
      'Approve amount was incorrect.',
    ],
  ])('refuses %s', async (_, body, status, error) => {
    const res = await g.approve('second-player', body);
    expect([res.status, res.json]).toEqual([status, { error }]);
  });

  it('runs the 2FA check first', async () => {
    const res = await g.client.post('/api/game/approve', {
      plyrId: 'demo-player',
      otp: '000000',
      token: 'doge',
    });
    expect(res.json).toEqual({ error: 'Invalid 2fa token' });
  });
});

describe('the allowance reads and revoke', () => {
  it('leave out expired rows (allowance 0), list across games, and revoke one token or all', async () => {
    await g.approve('second-player', {
      gameId: 'plyr-kit-demo',
      tokens: ['plyr', 'gamr'],
      amounts: [5, 6],
      expiresIn: 60,
    });
    await g.approve('second-player', { gameId: 'other-game', token: 'plyr', amount: 7 });
    const all = await g.client.get('/api/game/allowances/second-player');
    expect((all.json.allowances as JsonObject[]).map((a) => [a.gameId, a.token, a.amount])).toEqual([
      ['plyr-kit-demo', 'plyr', 5],
      ['plyr-kit-demo', 'gamr', 6],
      ['other-game', 'plyr', 7],
    ]);
    g.clock.advance(61_000);
    expect(await allowance('second-player', 'plyr')).toBe(0);
    const left = await g.client.get('/api/game/allowances/second-player');
    expect((left.json.allowances as JsonObject[]).map((a) => a.gameId)).toEqual(['other-game']);
    // Expired rows still exist (the pay check reads them); revoke deletes them.
    g.clock.advance(30_000);
    const revoked = await g.client.post('/api/game/revoke', {
      plyrId: 'second-player',
      otp: g.sb.totp('second-player'),
      gameId: 'plyr-kit-demo',
      token: 'all',
    });
    expect(revoked.json).toEqual({ message: 'Revoked' });
    expect(
      g.sb.game
        .ledger()
        .allowances.filter((a) => a.plyrId === 'second-player')
        .map((a) => a.gameId),
    ).toEqual(['other-game']);
    g.clock.advance(30_000);
    await g.client.post('/api/game/revoke', {
      plyrId: 'second-player',
      otp: g.sb.totp('second-player'),
      gameId: 'all',
      token: 'PLYR',
    });
    expect(g.sb.game.ledger().allowances.filter((a) => a.plyrId === 'second-player')).toEqual([]);
  });
});

describe('pay and the rows', () => {
  it('passes the check with an expired row', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.approve('demo-player', { gameId: g.sb.gameId, token: 'gamr', amount: 5, expiresIn: 1 });
    g.clock.advance(10_000);
    expect(await allowance('demo-player', 'gamr')).toBe(0);
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: [5],
      sync: true,
    });
    expect(res.json.status).toBe('SUCCESS');
  });

  it('checks lines before merging them, and deletes a row the merged amount exceeds', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.approve('demo-player', { gameId: g.sb.gameId, token: 'plyr', amount: 10 });
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: [jwts[0], jwts[0]],
      tokens: ['plyr', 'plyr'],
      amounts: [8, 8],
      sync: true,
    });
    expect(res.json.status).toBe('SUCCESS');
    expect((res.json.taskData as JsonObject).body).toMatchObject({ tokens: ['plyr'], amounts: ['16'] });
    expect(g.sb.game.ledger().transactions.at(-1)!.moves).toEqual([
      { from: 'demo-player', to: `room:plyr-kit-demo/${roomId}`, token: 'plyr', amount: '16' },
    ]);
    expect(await allowance('demo-player', 'plyr')).toBe(0);
    expect(
      g.sb.game.ledger().allowances.find((a) => a.plyrId === 'demo-player' && a.token === 'plyr'),
    ).toBeUndefined();
  });

  it('lets two concurrent pays pass one allowance (check and spend are not atomic)', async () => {
    // A chain slow enough that the second check always comes before the first spend: with the 5 ms chain, a busy
    // machine could start the second request after the first had spent, and the race this shows did not happen.
    const slow = await startGameSandbox({ chainDelayMs: 300, syncPolls: 100 });
    try {
      const { roomId, jwts } = await slow.seat(['demo-player']);
      await slow.approve('demo-player', { gameId: slow.sb.gameId, token: 'gamr', amount: 10 });
      const body = { roomId, sessionJwts: jwts, tokens: ['gamr'], amounts: [10] };
      const [a, b] = await Promise.all([
        slow.client.post('/api/game/pay', body),
        slow.client.post('/api/game/pay', body),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await slow.settled(slow.taskId(a))).status).toBe('SUCCESS');
      expect((await slow.settled(slow.taskId(b))).status).toBe('SUCCESS');
      expect(slow.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!.balances.gamr).toBe('20');
      // The first spend took the row to 0, the second found 0 < 10 and deleted it.
      const left = await slow.client.get(`/api/game/allowance/demo-player/${slow.sb.gameId}/gamr`);
      expect(left.json.allowance).toBe(0);
      const third = await slow.client.post('/api/game/pay', body);
      expect(third.json).toEqual({ error: ['User not approved: demo-player'] });
    } finally {
      await slow.sb.close();
    }
  });

  it('spends nothing when the transaction reverts', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.approve('demo-player', { gameId: g.sb.gameId, token: 'gamr', amount: 1e7 });
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: [1e7],
      sync: true,
    });
    expect(res.json).toMatchObject({ status: 'FAILED', errorMessage: 'Transaction Receipt Failed' });
    expect(await allowance('demo-player', 'gamr')).toBe(1e7);
  });

  it('keeps amounts as Numbers: 0.3 spent as 0.1 three times leaves a float crumb, so the third pay is refused', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.approve('demo-player', { gameId: g.sb.gameId, token: 'plyr', amount: 0.3 });
    const body = { roomId, sessionJwts: jwts, tokens: ['plyr'], amounts: [0.1], sync: true };
    expect((await g.client.post('/api/game/pay', body)).json.status).toBe('SUCCESS');
    expect((await g.client.post('/api/game/pay', body)).json.status).toBe('SUCCESS');
    expect(await allowance('demo-player', 'plyr')).toBe(0.3 - 0.1 - 0.1);
    const third = await g.client.post('/api/game/pay', body);
    expect(third.json).toEqual({ error: ['Insufficient allowance: demo-player'] });
  });

  it('needs no allowance for a zero amount', async () => {
    const { roomId } = await g.seat(['demo-player']);
    const jwt = await g.login('second-player');
    await g.client.post('/api/game/join', { roomId, sessionJwts: [jwt], sync: true });
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: [jwt],
      tokens: ['gamr'],
      amounts: [0],
      sync: true,
    });
    expect(res.json.status).toBe('SUCCESS');
  });
});
