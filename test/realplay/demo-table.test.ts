/**
 * The demo's real-play helpers outside the browser: the bet ladder stays within the session's limits, a round is
 * asked of the server (over real HTTP on loopback) with only the session id, bet and free-game offer, and its
 * answer or refusal is read; the lobby hand-off leaves a frame through the top window when it may.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { betLadder } from '../../demo/src/realPlayBets.js';
import { outcomeText, postSpin, spinErrorText } from '../../demo/src/realPlaySpin.js';
import { betLimits } from '../../src/realplay/index.js';
import { leaveToLobby } from '../../src/ui/lobby.js';
import { seededPlayer } from '../helpers/realplay-players.js';
import { type Recorded, type Started, sendJson, startStub } from '../helpers/realplay-servers.js';

const servers: Started[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function server(reply: (req: Recorded, res: Parameters<typeof sendJson>[0]) => void) {
  const started = await startStub(reply);
  servers.push(started);
  return started;
}

describe('betLadder', () => {
  it.each(['eur', 'btc', 'idr', 'coins', 'test', 'opaque'])(
    'offers the %s player 1-2-5 bets from min to max, the default included',
    (label) => {
      const limits = betLimits(seededPlayer(label).gameConfig ?? {});
      const ladder = betLadder(limits);
      expect(ladder[0]).toBe(limits.min);
      expect(ladder.at(-1)).toBe(limits.max);
      expect(ladder).toContain(limits.default);
      expect([...ladder].sort((a, b) => a - b)).toEqual(ladder);
      expect(new Set(ladder).size).toBe(ladder.length);
    },
  );

  it('steps 1-2-5 through the decades', () => {
    expect(betLadder({ min: 0.1, max: 100, default: 1 })).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]);
    expect(betLadder({ min: 0.15, max: 3, default: 0.25 })).toEqual([0.15, 0.2, 0.25, 0.5, 1, 2, 3]);
  });

  it('bounds an open range (no maxBet) and never goes below min', () => {
    const ladder = betLadder({ min: 1, max: Number.POSITIVE_INFINITY, default: 5 });
    expect(ladder[0]).toBe(1);
    expect(ladder.at(-1)).toBe(5000);
    expect(betLadder({ min: 0, max: 1, default: 0 })[0]).toBe(0);
  });
});

describe('postSpin', () => {
  it('sends the session id, the bet and the free-game offer, and reads the round the server played', async () => {
    const stub = await server((_req, res) =>
      sendJson(res, 200, {
        roundId: 'r-1',
        outcome: ['⭐', '🍒', '⭐'],
        win: 2.5,
        balance: 1002,
        freeGameInfo: [],
      }),
    );
    const request = { sessionId: 's-1', bet: 0.5, freeGame: { offerId: 99, instanceId: 1 } };
    const result = await postSpin(request, { url: `${stub.url}/demo/realplay/spin` });
    expect(result).toEqual({
      ok: true,
      answer: { roundId: 'r-1', outcome: ['⭐', '🍒', '⭐'], win: 2.5, balance: 1002, freeGames: [] },
    });
    expect(stub.requests[0]).toMatchObject({ method: 'POST', path: '/demo/realplay/spin' });
    expect(JSON.parse(stub.requests[0]!.body.toString())).toEqual(request);
  });

  it('reads a refusal { error, code } and says INSUFFICIENT_FUNDS plainly', async () => {
    const stub = await server((_req, res) =>
      sendJson(res, 402, { error: 'Not enough funds.', code: 'INSUFFICIENT_FUNDS' }),
    );
    const result = await postSpin({ sessionId: 's', bet: 100 }, { url: stub.url });
    expect(result).toEqual({ ok: false, code: 'INSUFFICIENT_FUNDS', error: 'Not enough funds.' });
    expect(spinErrorText('INSUFFICIENT_FUNDS', 'x')).toBe(
      'Not enough funds for this bet. Lower the bet or make a deposit. (INSUFFICIENT_FUNDS)',
    );
    expect(spinErrorText('DEBIT_FAILED', 'The round could not be played.')).toBe(
      'The round could not be played. (DEBIT_FAILED)',
    );
  });

  it('turns a non-round answer, a dead server and a slow one into typed failures', async () => {
    const odd = await server((_req, res) => sendJson(res, 200, { roundId: 'r', win: -1, balance: 1 }));
    expect(await postSpin({ sessionId: 's', bet: 1 }, { url: odd.url })).toMatchObject({
      ok: false,
      code: 'BAD_ANSWER',
    });
    const badOffers = await server((_req, res) =>
      sendJson(res, 200, { roundId: 'r', win: 0, balance: 1, freeGameInfo: [{ offerId: 1 }] }),
    );
    expect(await postSpin({ sessionId: 's', bet: 1 }, { url: badOffers.url })).toMatchObject({
      code: 'BAD_ANSWER',
    });
    const html = await server((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>bad gateway</h1>');
    });
    expect(await postSpin({ sessionId: 's', bet: 1 }, { url: html.url })).toMatchObject({ code: 'HTTP_502' });
    const dead = await server(() => undefined);
    await dead.close();
    expect(await postSpin({ sessionId: 's', bet: 1 }, { url: dead.url })).toMatchObject({ code: 'NETWORK' });
    const slow = await server(() => undefined);
    expect(await postSpin({ sessionId: 's', bet: 1 }, { url: slow.url, timeoutMs: 100 })).toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('shows outcomes as text', () => {
    expect(outcomeText(['⭐', '🍒'])).toBe('⭐ 🍒');
    expect(outcomeText('3 stars')).toBe('3 stars');
    expect(outcomeText({ stars: 3 })).toBe('{"stars":3}');
  });
});

describe('leaveToLobby', () => {
  const LOBBY = 'https://casino.example/lobby';
  const frame = () => {
    const visited: string[] = [];
    const self = { location: { assign: (url: string) => visited.push(`self ${url}`) } };
    return { visited, self };
  };

  it('navigates the top window when the game is framed', () => {
    const { visited, self } = frame();
    const top = {
      location: {
        set href(url: string) {
          visited.push(`top ${url}`);
        },
      },
    };
    expect(leaveToLobby(LOBBY, { ...self, self, top })).toBe('top');
    expect(visited).toEqual([`top ${LOBBY}`]);
  });

  it('leaves within the frame when the top window may not be navigated', () => {
    const { visited, self } = frame();
    const top = {
      location: {
        set href(_url: string) {
          throw new DOMException('sandboxed', 'SecurityError');
        },
      },
    };
    expect(leaveToLobby(LOBBY, { ...self, self, top })).toBe('self');
    expect(visited).toEqual([`self ${LOBBY}`]);
  });

  it('navigates this window when it is the top one', () => {
    const { visited, self } = frame();
    const win = { ...self, self: undefined as unknown, top: null as null | { location: { href: string } } };
    win.self = win;
    win.top = win as unknown as { location: { href: string } };
    expect(leaveToLobby(LOBBY, win)).toBe('self');
    expect(visited).toEqual([`self ${LOBBY}`]);
  });
});
