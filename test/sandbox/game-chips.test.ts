// docs/platform/plyr-game.md#in-game-chips: create, mint, burn, transfer (always sync; 500 on FAILED), balance and
// info reads, the refusals, and the activity log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
let chip: string;
beforeAll(async () => {
  g = await startGameSandbox();
  const res = await g.client.post('/api/game/chip/create', {
    name: 'Gold',
    symbol: 'GLD',
    image: 'ipfs://gold',
  });
  chip = String(((res.json.taskData as JsonObject).result as JsonObject).chip);
});
afterAll(() => g.sb.close());

const post = (path: string, body: JsonObject) => g.client.post(`/api/game/chip/${path}`, body);

describe('POST /api/game/chip/create', () => {
  it('answers the SUCCESS task (always sync) with the chip in taskData.result', async () => {
    const res = await post('create', { name: 'Silver', symbol: 'SLV' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'SUCCESS',
      taskData: {
        method: 'createGameChip',
        body: { gameId: 'plyr-kit-demo', name: 'Silver', symbol: 'SLV', image: '' },
        result: {
          gameId: 'plyr-kit-demo',
          chip: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/),
          name: 'Silver',
          symbol: 'SLV',
          image: '',
          hash: res.json.hash,
        },
      },
    });
  });

  it('needs a name and a symbol (the message also names image)', async () => {
    const res = await post('create', { name: 'X' });
    expect([res.status, res.json]).toEqual([400, { error: 'name, symbol, and image are required' }]);
  });
});

describe('mint, burn, transfer', () => {
  it('mints to players, moves chips between them without consent, burns what they hold', async () => {
    const mint = await post('mint', {
      chips: [chip, chip],
      plyrIds: ['demo-player', 'second-player'],
      amounts: [10, '2.5'],
    });
    expect(mint.json.status).toBe('SUCCESS');
    const move = await post('transfer', {
      chips: [chip],
      fromPlyrIds: ['demo-player'],
      toPlyrIds: ['second-player'],
      amounts: [4],
    });
    expect(move.json.status).toBe('SUCCESS');
    const burn = await post('burn', {
      chips: [chip.toLowerCase()],
      plyrIds: ['second-player'],
      amounts: ['0.5'],
    });
    expect(burn.json.status).toBe('SUCCESS');
    const balance = await g.client.get(
      `/api/game/chip/balance?plyrId=SECOND-PLAYER&chip=${chip.toLowerCase()}`,
    );
    expect(balance.json).toEqual({
      'plyr-kit-demo': { [chip]: { name: 'Gold', symbol: 'GLD', image: 'ipfs://gold', balance: '6' } },
    });
    const info = await g.client.get(`/api/game/chip/info?chip=${chip}`);
    expect(info.json).toEqual([
      {
        gameId: 'plyr-kit-demo',
        chip,
        name: 'Gold',
        symbol: 'GLD',
        image: 'ipfs://gold',
        totalSupply: '12',
        holderCount: '2',
      },
    ]);
    const [entry] = await g.activity('demo-player');
    expect(entry).toMatchObject({
      type: 'gameChip',
      action: 'transfer',
      data: { fromPlyrId: 'demo-player', toPlyrId: 'second-player', chip, amount: 4, success: 'success' },
    });
  });

  it('answers 500 {error} when the task FAILS: a burn past the balance, an unknown player', async () => {
    const burn = await post('burn', { chips: [chip], plyrIds: ['demo-player'], amounts: [1e6] });
    expect([burn.status, burn.json]).toEqual([500, { error: 'Transaction Receipt Failed' }]);
    const nobody = await post('mint', { chips: [chip], plyrIds: ['no-such-player'], amounts: [1] });
    expect([nobody.status, nobody.json]).toEqual([500, { error: 'Transaction Receipt Failed' }]);
    const [entry] = await g.activity('demo-player');
    expect(entry).toMatchObject({ action: 'burn', data: { success: 'reverted' } });
  });

  it('refuses missing fields, uneven lists and chips of another game (400), and a bad address (500)', async () => {
    expect((await post('mint', { chips: [chip], plyrIds: ['demo-player'] })).json).toEqual({
      error: 'chip, plyrIds, and amounts are required',
    });
    expect((await post('burn', { chips: [chip], plyrIds: ['demo-player'], amounts: [] })).json).toEqual({
      error: 'plyrIds and amounts must be the same length',
    });
    expect(
      (await post('transfer', { chips: [chip], fromPlyrIds: ['a'], toPlyrIds: [], amounts: [1] })).json,
    ).toEqual({ error: 'fromPlyrIds, toPlyrIds, and amounts must be the same length' });
    const foreign = await g.other.post('/api/game/chip/mint', {
      chips: [chip],
      plyrIds: ['demo-player'],
      amounts: [1],
    });
    expect([foreign.status, foreign.json]).toEqual([400, { error: 'chips do not belong to this game' }]);
    const bad = await post('mint', { chips: ['0x123'], plyrIds: ['demo-player'], amounts: [1] });
    expect(bad.status).toBe(500);
    expect(bad.json).toMatchObject({ error: 'Address "0x123" is invalid.', stack: expect.any(String) });
  });
});

describe('GET balance and info', () => {
  it('refuses what the platform refuses', async () => {
    expect((await g.client.get('/api/game/chip/balance')).json).toEqual({ error: 'plyrId is required' });
    expect((await g.client.get('/api/game/chip/balance?plyrId=nobody-here')).json).toEqual({
      error: 'user not found',
    });
    expect((await g.client.get('/api/game/chip/balance?plyrId=demo-player&gameId=other-game')).json).toEqual({
      error: 'chip not found',
    });
    expect((await g.client.get('/api/game/chip/info')).json).toEqual({
      error: 'gameId or chip are required',
    });
    const byGame = await g.client.get('/api/game/chip/info?gameId=PLYR-KIT-DEMO');
    expect((byGame.json as unknown as JsonObject[]).map((c) => c.symbol)).toEqual(['GLD', 'SLV']);
  });
});
