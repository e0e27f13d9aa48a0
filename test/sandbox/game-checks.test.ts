// docs/platform/plyr-game.md#checks-and-their-order: the middlewares of the room routes, their statuses and bodies,
// and the order they run in (hmacAuth → checkSessionJwts → checkTokens → checkAllowances → checkAllJoined →
// controller), plus the controllers' own refusals.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type GameSandbox, startGameSandbox } from '../helpers/game-sandbox.js';
import type { JsonObject } from '../helpers/sandbox-client.js';

let g: GameSandbox;
let roomId: string;
let jwt: string;
beforeAll(async () => {
  g = await startGameSandbox();
  ({
    roomId,
    jwts: [jwt = ''],
  } = await g.seat(['demo-player']));
});
afterAll(() => g.sb.close());

const pay = (body: JsonObject) => g.client.post('/api/game/pay', { roomId, ...body });

describe('hmacAuth comes first', () => {
  it.each([
    '/api/game/create',
    '/api/game/pay',
    '/api/game/earn',
    '/api/game/approve',
    '/api/game/chip/mint',
  ])('%s without headers: 401 Missing authentication headers', async (path) => {
    const res = await g.client.post(path, { sessionJwts: [] }, { unsigned: true });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Missing authentication headers' });
  });

  it('signs GETs over "{}" here too', async () => {
    const res = await g.client.get('/api/game/allowances/demo-player', { signText: 'null' });
    expect(res.json).toEqual({ error: 'Invalid signature' });
  });
});

describe('checkSessionJwts', () => {
  it('refuses a missing or empty list with 400', async () => {
    for (const sessionJwts of [undefined, []]) {
      const res = await pay({ sessionJwts, tokens: ['plyr'], amounts: [1] });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'sessionJwts is empty' });
    }
  });

  it('names each bad JWT in invalidPlyrIds (401)', async () => {
    const otherGame = await g.login('second-player', g.other);
    const res = await pay({ sessionJwts: ['not-a-jwt', otherGame], tokens: ['plyr'], amounts: [1] });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'Invalid sessionJwts',
      invalidPlyrIds: { unknown: 'Invalid sessionJwt', 'second-player': 'Invalid gameId' },
    });
  });

  it('refuses a replaced session (nonce) and one discarded by 2FA (deadline)', async () => {
    const old = await g.login('second-player');
    const current = await g.login('second-player');
    const replaced = await g.client.post('/api/game/join', { roomId, sessionJwts: [old] });
    expect(replaced.json).toEqual({
      error: 'Invalid sessionJwts',
      invalidPlyrIds: { 'second-player': 'JWT nonce is expired' },
    });
    g.clock.advance(30_000);
    await g.client.post('/api/user/session/discardBy2fa', {
      plyrId: 'second-player',
      otp: g.sb.totp('second-player'),
      gameId: g.sb.gameId,
    });
    const discarded = await g.client.post('/api/game/join', { roomId, sessionJwts: [current] });
    expect(discarded.json).toEqual({
      error: 'Invalid sessionJwts',
      invalidPlyrIds: { 'second-player': 'JWT deadline is expired' },
    });
  });

  it("refuses a claimed guest's JWT (User not found)", async () => {
    const guest = await g.client.post('/api/instantPlayPass/register', { tokens: [] });
    const reveal = await g.client.post('/api/instantPlayPass/reveal/claimingCode', {
      sessionJwt: guest.json.sessionJwt,
    });
    await fetch(`${g.sb.url}/sandbox/claim/${String(reveal.json.claimingCode)}`, { method: 'POST' });
    const res = await g.client.post('/api/game/join', { roomId, sessionJwts: [guest.json.sessionJwt] });
    expect(res.json).toEqual({
      error: 'Invalid sessionJwts',
      invalidPlyrIds: { [String(guest.json.plyrId)]: 'User not found' },
    });
  });

  it("accepts another game's JWT when the body names that game (the check follows body.gameId)", async () => {
    const foreign = await g.login('second-player', g.other);
    const res = await g.client.post('/api/game/join', {
      roomId,
      sessionJwts: [foreign],
      gameId: 'other-game',
      sync: true,
    });
    expect(res.json.status).toBe('SUCCESS');
    // It still joined the caller's room, under the caller's game.
    expect((res.json.taskData as JsonObject).body).toMatchObject({ gameId: 'plyr-kit-demo', roomId });
  });
});

describe('checkTokens', () => {
  it('needs tokens (401 Token is required) and known names or addresses (401 Invalid token)', async () => {
    expect((await pay({ sessionJwts: [jwt], amounts: [1] })).json).toEqual({ error: 'Token is required' });
    const unknown = await pay({ sessionJwts: [jwt], tokens: ['plyr', 'doge'], amounts: [1, 1] });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({ error: 'Invalid token: doge' });
    const earn = await g.client.post('/api/game/earn', { roomId, plyrIds: ['demo-player'], tokens: ['x'] });
    expect(earn.json).toEqual({ error: 'Invalid token: x' });
  });
});

describe('checkAllowances', () => {
  it('needs tokens and amounts of the same length', async () => {
    const missing = await g.client.post('/api/game/joinPay', {
      roomId,
      sessionJwts: [jwt],
      tokens: ['plyr'],
    });
    expect(missing.json).toEqual({ error: 'Tokens and amounts and sessionJwts are required' });
    const uneven = await pay({ sessionJwts: [jwt], tokens: ['plyr'], amounts: [1, 2] });
    expect(uneven.status).toBe(401);
    expect(uneven.json).toEqual({ error: 'Tokens and amounts must be the same length' });
  });

  it('collects every line problem in one list', async () => {
    const second = await g.login('second-player');
    await g.approve('second-player', { gameId: g.sb.gameId, token: 'gamr', amount: 1 });
    const res = await pay({
      sessionJwts: [jwt, second, second, jwt],
      tokens: ['plyr', 'plyr', 'gamr', 'gamr'],
      amounts: [-1, 1, 2, 0],
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: [
        'Invalid amount: -1',
        'User not approved: second-player',
        'Insufficient allowance: second-player',
      ],
    });
  });
});

describe('checkAllJoined and the order of the checks', () => {
  it('refuses players not joined, listing each (after the allowance check)', async () => {
    const second = await g.login('second-player');
    await g.approve('second-player', { gameId: g.sb.gameId, token: 'plyr', amount: 5 });
    const empty = await g.createRoom();
    const res = await g.client.post('/api/game/pay', {
      roomId: empty,
      sessionJwts: [second, jwt, second],
      tokens: ['plyr', 'plyr', 'plyr'],
      amounts: [1, 1, 1],
    });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: [
        'Player is not joined: second-player',
        'Player is not joined: demo-player',
        'Player is not joined: second-player',
      ],
    });
  });

  it('runs JWTs before tokens, tokens before allowances, allowances before joined', async () => {
    const stranger = await g.login('second-player');
    const badJwtAndToken = await pay({ sessionJwts: ['x'], tokens: ['doge'], amounts: [1] });
    expect(badJwtAndToken.json.error).toBe('Invalid sessionJwts');
    const badTokenAndAllowance = await pay({ sessionJwts: [stranger], tokens: ['doge'], amounts: [1e9] });
    expect(badTokenAndAllowance.json).toEqual({ error: 'Invalid token: doge' });
    const noAllowanceNotJoined = await pay({ sessionJwts: [stranger], tokens: ['gamr'], amounts: [1e9] });
    expect(noAllowanceNotJoined.json).toEqual({ error: ['Insufficient allowance: second-player'] });
  });
});

describe('controller refusals', () => {
  it('joinPay, createJoinPay, earnLeave, earnLeaveEnd: 400 Input params was incorrect. on uneven lists', async () => {
    const joinPay = await g.client.post('/api/game/joinPay', {
      roomId,
      sessionJwts: [jwt, jwt],
      tokens: ['plyr'],
      amounts: [1],
    });
    expect(joinPay.status).toBe(400);
    expect(joinPay.json).toEqual({ error: 'Input params was incorrect.' });
    for (const path of ['/api/game/earnLeave', '/api/game/earnLeaveEnd']) {
      const res = await g.client.post(path, { roomId, plyrIds: ['a', 'b'], tokens: ['plyr'], amounts: [1] });
      expect([res.status, res.json]).toEqual([400, { error: 'Input params was incorrect.' }]);
    }
  });

  it('pay drops lines past the JWTs when merging; earn crashes (500 with a stack) on a missing plyrIds', async () => {
    const res = await pay({ sessionJwts: [jwt], tokens: ['plyr', 'gamr'], amounts: [1, 0], sync: true });
    // checkAllowances passes (the extra line is 0), the merge walks the JWTs only.
    expect((res.json.taskData as JsonObject).body).toMatchObject({ tokens: ['plyr'], amounts: [1] });
    const earn = await g.client.post('/api/game/earn', { roomId, tokens: ['plyr'], amounts: [1] });
    expect(earn.status).toBe(500);
    expect(earn.json).toMatchObject({ error: "Cannot read properties of undefined (reading 'length')" });
    expect(typeof earn.json.stack).toBe('string');
  });

  it('a number as roomId is a 500 (roomId.toLowerCase) for every call but join', async () => {
    const end = await g.client.post('/api/game/end', { roomId: 1 });
    expect([end.status, end.json]).toEqual([500, { error: 'roomId.toLowerCase is not a function' }]);
  });
});
