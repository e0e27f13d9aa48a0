// The demo server's round endpoint (POST /demo/realplay/spin) over real HTTP, no browser: a launch authenticated
// through the demo's MG+ relay plays rounds the server draws, with the wallet's ledger agreeing; everything else is
// refused with `{ error, code }`: other sites, other content types, big or malformed bodies, fields the browser
// must not choose (the payout), unknown sessions, bets outside the session's limits, offers without rounds, a second
// round while one is in play, and too many spins from one address.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DemoServer } from '../../demo/server.mjs';
import { MGPLUS_GAME, SPIN_PATH } from '../../demo/server.mjs';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { seededPlayer } from '../helpers/realplay-players.js';

describe('demo server real-play rounds', () => {
  let demo: DemoServer;
  let sandbox: Sandbox;
  beforeAll(async () => {
    demo = await startDemo();
    if (!demo.sandbox) throw new Error('expected the sandbox');
    sandbox = demo.sandbox;
  });
  afterAll(async () => {
    await demo?.close();
  });

  const spin = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${demo.url}${SPIN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** A launch of `player` authenticated through the demo's relay, as the page does: the relay's session id. */
  async function sessionOf(player: string): Promise<string> {
    const launchToken = await sandbox.mgplus.mintLaunchToken({ player, game: MGPLUS_GAME });
    const res = await fetch(`${demo.url}/mg/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url },
      body: JSON.stringify({ launchToken, game: MGPLUS_GAME, platform: 'desktop' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).some((key) => key.toLowerCase() === 'playertoken')).toBe(false);
    return body.sessionId as string;
  }

  it('plays rounds the server draws; the answers add up to the wallet', async () => {
    const coins = seededPlayer('coins');
    const sessionId = await sessionOf('coins');
    let balance = coins.balance;
    for (let i = 0; i < 5; i++) {
      const res = await spin({ sessionId, bet: 10 });
      expect(res.status).toBe(200);
      const round = (await res.json()) as {
        roundId: string;
        outcome: string[];
        win: number;
        balance: number;
      };
      expect(round.outcome).toHaveLength(3);
      balance = balance - 10 + round.win;
      expect(round.balance).toBeCloseTo(balance, 8);
      const moves = sandbox.mgplus.ledger().entries.filter((e) => e.roundId === round.roundId);
      expect(moves.map((e) => [e.kind, e.change])).toEqual([
        ['debit', -10],
        ['credit', round.win],
      ]);
    }
    expect(sandbox.mgplus.ledger().balances[coins.playerId]).toBeCloseTo(balance, 8);
  });

  it('plays a free round at the offer cost and answers the offers with the rounds remaining counted down', async () => {
    const offer = seededPlayer('coins').freeGames[0];
    if (!offer) throw new Error('the coins player has an offer');
    const sessionId = await sessionOf('coins');
    const freeGame = { offerId: offer.offerId, instanceId: offer.instanceId };
    const res = await spin({ sessionId, bet: offer.nearestCostPerBet, freeGame });
    expect(res.status).toBe(200);
    const { freeGameInfo } = (await res.json()) as {
      freeGameInfo: Array<{ instanceId: number; instanceInfo: { numberOfRoundsRemaining: number } }>;
    };
    const after = freeGameInfo.find((o) => o.instanceId === offer.instanceId);
    expect(after?.instanceInfo.numberOfRoundsRemaining).toBe(offer.numberOfRoundsRemaining - 1);
    // Another price than the offer's is not the browser's to choose.
    const cheap = await spin({ sessionId, bet: 1, freeGame });
    expect([cheap.status, ((await cheap.json()) as { code: string }).code]).toEqual([
      400,
      'BET_OUT_OF_RANGE',
    ]);
    // An offer that starts later cannot be played yet.
    const later = seededPlayer('coins').freeGames[1];
    if (!later || later.startsInDays <= 0) throw new Error('the coins player has an offer starting later');
    const early = await spin({
      sessionId,
      bet: later.nearestCostPerBet,
      freeGame: { offerId: later.offerId, instanceId: later.instanceId },
    });
    expect([early.status, ((await early.json()) as { code: string }).code]).toEqual([
      409,
      'FREE_GAME_UNAVAILABLE',
    ]);
  });

  it('refuses what is not a round of a known session within its limits', async () => {
    const sessionId = await sessionOf('eur');
    const cases: Array<[unknown, number, string]> = [
      ['not json', 400, 'INVALID_BODY'],
      [[], 400, 'INVALID_BODY'],
      [{ sessionId }, 400, 'INVALID_BODY'],
      [{ sessionId, bet: '1' }, 400, 'INVALID_BODY'],
      [{ sessionId, bet: 1, win: 1000 }, 400, 'INVALID_BODY'],
      [{ sessionId, bet: 1, payout: 1000 }, 400, 'INVALID_BODY'],
      [{ sessionId, bet: 1, freeGame: { offerId: '99', instanceId: 1 } }, 400, 'INVALID_BODY'],
      [{ sessionId: 'no such session', bet: 1 }, 400, 'INVALID_BODY'],
      [{ sessionId: 'A'.repeat(32), bet: 1 }, 401, 'SESSION_UNKNOWN'],
      [{ sessionId, bet: 0.05 }, 400, 'BET_OUT_OF_RANGE'],
      [{ sessionId, bet: 100.01 }, 400, 'BET_OUT_OF_RANGE'],
      [{ sessionId, bet: 0.5, freeGame: { offerId: 99, instanceId: 2 } }, 409, 'FREE_GAME_UNAVAILABLE'],
    ];
    for (const [body, status, code] of cases) {
      const res = await spin(body);
      const answer = (await res.json()) as { error: unknown; code: unknown };
      expect([body, res.status, answer.code, typeof answer.error]).toEqual([body, status, code, 'string']);
    }
    const refusals: Array<[RequestInit, number, string]> = [
      [{ method: 'GET' }, 405, 'METHOD_NOT_ALLOWED'],
      [
        { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' } },
        403,
        'ORIGIN_NOT_ALLOWED',
      ],
      [
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sessionId, bet: 1, pad: 'x'.repeat(2000) }),
        },
        413,
        'BODY_TOO_LARGE',
      ],
    ];
    for (const [init, status, code] of refusals) {
      const res = await fetch(`${demo.url}${SPIN_PATH}`, init);
      expect([init.method, res.status, ((await res.json()) as { code: string }).code]).toEqual([
        init.method,
        status,
        code,
      ]);
    }
    // Nothing above reached the wallet.
    expect(
      sandbox.mgplus.ledger().entries.filter((e) => e.playerId === seededPlayer('eur').playerId),
    ).toEqual([]);
  });

  it('plays one round at a time per session', async () => {
    const sessionId = await sessionOf('test');
    sandbox.mgplus.faults.once({ kind: 'slow', call: 'transaction', transactionType: 'debit', delayMs: 300 });
    const answers = await Promise.all([spin({ sessionId, bet: 1 }), spin({ sessionId, bet: 1 })]);
    const codes = await Promise.all(
      answers.map(async (res) => [res.status, ((await res.json()) as { code?: string }).code]),
    );
    expect(codes.sort()).toEqual([
      [200, undefined],
      [409, 'ROUND_IN_PLAY'],
    ]);
  });

  it('limits spins per address', async () => {
    let limited: Response | undefined;
    const statuses: number[] = [];
    for (let i = 0; i < 130 && !limited; i++) {
      const res = await spin('{}', { 'content-type': 'text/plain' });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    if (!limited) throw new Error('130 spins in a row were never limited');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([415]));
  });
});
