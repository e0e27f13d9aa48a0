// docs/platform/plyr-game.md#balances-and-the-token-list, #tokens-and-amounts: balance reads, the token list, how
// amounts are read (parseUnits of the amount's text, viem's rules and errors), raw-address tokens, seeded and
// guest wallets, options.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox } from '../../src/sandbox/index.js';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
beforeAll(async () => {
  g = await startGameSandbox();
});
afterAll(() => g.sb.close());

describe('GET /api/user/balance/:plyrId[/:tokenName]', () => {
  it("answers the mirror wallet's balances as formatUnits text; the PLYR[ID] must match exactly", async () => {
    const all = await g.client.get('/api/user/balance/demo-player');
    expect(all.json).toEqual({ plyr: '1000', gamr: '1000' });
    expect((await g.client.get('/api/user/balance/Demo-Player')).json).toEqual({ error: 'User not found' });
    const one = await g.client.get('/api/user/balance/demo-player/GAMR');
    expect(one.json).toEqual({ GAMR: '1000' });
    const byAddress = await g.client.get(
      '/api/user/balance/demo-player/0x0000000000000000000000000000000000000000',
    );
    expect(byAddress.json).toEqual({ '0x0000000000000000000000000000000000000000': '1000' });
    const unknown = await g.client.get('/api/user/balance/demo-player/doge');
    expect([unknown.status, unknown.json]).toEqual([401, { error: 'Invalid tokenName' }]);
  });

  it('GET /api/balance/:address reads a mirror wallet or a room', async () => {
    const mirror = g.sb.users[0]!.mirrorAddress;
    expect((await g.client.get(`/api/balance/${mirror}`)).json).toEqual({ plyr: '1000', gamr: '1000' });
    const { roomId, jwts } = await g.seat(['second-player']);
    await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr'],
      amounts: [1.5],
      sync: true,
    });
    const room = g.sb.game.ledger().rooms.find((r) => r.roomId === roomId)!;
    expect((await g.client.get(`/api/balance/${room.roomAddress}`)).json).toEqual({ plyr: '1.5', gamr: '0' });
    expect((await g.client.get('/api/balance/0x12')).json).toEqual({ error: 'Invalid address' });
  });
});

describe('GET /api/tokenlist[/:tokenId]', () => {
  it('serves the list without HMAC, with price fields; an unknown id is a 404 with an empty list', async () => {
    const res = await fetch(`${g.sb.url}/api/tokenlist`);
    const list = (await res.json()) as { tokens: JsonObject[] } & JsonObject;
    expect(res.status).toBe(200);
    expect(list.tokens.map((t) => [t.apiId, t.address, t.decimals, t.price, t.priceSource])).toEqual([
      ['plyr', '0x0000000000000000000000000000000000000000', 18, null, null],
      ['gamr', '0xa875625fe8A955406523E52E485f351b92908ce1', 18, null, null],
    ]);
    const gamr = (await (await fetch(`${g.sb.url}/api/tokenlist/gamr`)).json()) as { tokens: JsonObject[] };
    expect(gamr.tokens.map((t) => t.symbol)).toEqual(['GAMR']);
    const missing = await fetch(`${g.sb.url}/api/tokenlist/GAMR`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { tokens: unknown[] }).tokens).toEqual([]);
  });
});

describe('amounts', () => {
  it('rounds digits past 18 decimals half up, as viem does', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['gamr'],
      amounts: ['0.0000000000000000015'],
      sync: true,
    });
    expect(g.sb.game.ledger().transactions.at(-1)!.moves[0]!.amount).toBe('0.000000000000000002');
  });

  it('fails the task on a number JavaScript writes with an exponent (1e-7), with viem shortMessage', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['plyr'],
      amounts: [0.0000001],
      sync: true,
    });
    expect(res.json).toMatchObject({
      status: 'FAILED',
      hash: null,
      errorMessage: 'Number `1e-7` is not a valid decimal number.',
    });
  });

  it('fails a negative earn at encoding, and reads a falsy earn amount as 0', async () => {
    const { roomId } = await g.seat(['demo-player']);
    const negative = await g.client.post('/api/game/earn', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [-1],
      sync: true,
    });
    expect(negative.json.errorMessage).toBe(
      'Number "-1000000000000000000n" is not in safe 256-bit unsigned integer range (0n to 115792089237316195423570985008687907853269984665640564039457584007913129639935n)',
    );
    const zero = await g.client.post('/api/game/earnLeave', {
      roomId,
      plyrIds: ['demo-player'],
      tokens: ['plyr'],
      amounts: [null],
      sync: true,
    });
    expect(zero.json.status).toBe('SUCCESS');
  });

  it('lets a raw token address through the checks, then the task FAILS (the agent has no zeroAddress)', async () => {
    const { roomId, jwts } = await g.seat(['demo-player']);
    await g.approve('demo-player', {
      gameId: g.sb.gameId,
      token: '0xa875625fe8a955406523e52e485f351b92908ce1',
      amount: 10,
    });
    const before = g.sb.game.ledger();
    const res = await g.client.post('/api/game/pay', {
      roomId,
      sessionJwts: jwts,
      tokens: ['0xa875625fe8A955406523E52E485f351b92908ce1'],
      amounts: [1],
      sync: true,
    });
    expect(res.json).toMatchObject({
      taskData: [
        'batchPayGameRoom',
        expect.stringContaining('"tokens":["0xa875625fe8a955406523e52e485f351b92908ce1"]'),
      ],
      status: 'FAILED',
      hash: null,
      errorMessage: null,
    });
    expect(g.sb.game.ledger().transactions).toHaveLength(before.transactions.length);
  });
});

describe('wallets', () => {
  it('gives a guest an empty wallet by default (guestBalances to change it); a claim keeps the books', async () => {
    const guest = await g.client.post('/api/instantPlayPass/register', { tokens: ['plyr'] });
    const plyrId = String(guest.json.plyrId);
    expect((await g.client.get(`/api/user/balance/${plyrId}`)).json).toEqual({ plyr: '0', gamr: '0' });
    const rich = await startGameSandbox({ guestBalances: { plyr: 5 } });
    try {
      const other = await rich.client.post('/api/instantPlayPass/register', { tokens: ['plyr'] });
      const id = String(other.json.plyrId);
      const roomId = await rich.createRoom();
      const join = await rich.client.post('/api/game/join', {
        roomId,
        sessionJwts: [other.json.sessionJwt],
        sync: true,
      });
      expect(join.json.status).toBe('SUCCESS');
      await rich.client.post('/api/game/pay', {
        roomId,
        sessionJwts: [other.json.sessionJwt],
        tokens: ['plyr'],
        amounts: [2],
        sync: true,
      });
      expect(rich.sb.game.ledger().initialBalances[id]).toEqual({ plyr: '5', gamr: '0' });
      const reveal = await rich.client.post('/api/instantPlayPass/reveal/claimingCode', {
        sessionJwt: other.json.sessionJwt,
      });
      const claim = await fetch(`${rich.sb.url}/sandbox/claim/${String(reveal.json.claimingCode)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ plyrId: 'claimed-guest' }),
      });
      expect(claim.status).toBe(200);
      expect((await rich.client.get('/api/user/balance/claimed-guest')).json).toEqual({
        plyr: '3',
        gamr: '0',
      });
      const ledger = rich.sb.game.ledger();
      expect(ledger.balances['claimed-guest']).toEqual({ plyr: '3', gamr: '0' });
      expect(ledger.balances[id]).toBeUndefined();
    } finally {
      await rich.sb.close();
    }
  });

  it('checks the options', async () => {
    await expect(startSandbox({ game: { feePercent: 101 } })).rejects.toThrow('game.feePercent');
    await expect(startSandbox({ game: { seedBalances: { doge: 1 } } })).rejects.toThrow(
      'unknown token "doge"',
    );
    await expect(startSandbox({ game: { syncPolls: 0 } })).rejects.toThrow('game.syncPolls');
  });

  it('seeds other amounts and another fee when asked', async () => {
    const custom = await startGameSandbox({ seedBalances: { plyr: '0.5' }, feePercent: 10 });
    try {
      expect(custom.sb.game.ledger().initialBalances['demo-player']).toEqual({ plyr: '0.5', gamr: '0' });
      const { roomId, jwts } = await custom.seat(['demo-player']);
      await custom.client.post('/api/game/pay', {
        roomId,
        sessionJwts: jwts,
        tokens: ['plyr'],
        amounts: ['0.5'],
        sync: true,
      });
      await custom.client.post('/api/game/earn', {
        roomId,
        plyrIds: ['demo-player'],
        tokens: ['plyr'],
        amounts: ['0.5'],
        sync: true,
      });
      expect(custom.sb.game.ledger().fees.plyr).toBe('0.05');
    } finally {
      await custom.sb.close();
    }
  });
});
