/**
 * Real-play guards found by a manual mutation-testing pass: the MG+ relay never follows a redirect (the request
 * carries the studio's HMAC signature and the player's launch token), a bet range never starts below zero, and a
 * malformed authenticate answer never puts the player token into the error, whatever the key's case.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { isPlyrError } from '../../src/core/errors.js';
import { betLimits, parseAuthenticateResponse } from '../../src/realplay/index.js';
import { createRelayHandler } from '../../src/server/mgplus/relay.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import {
  type Recorded,
  type Started,
  sendJson,
  startFetchHandler,
  startStub,
} from '../helpers/realplay-servers.js';

const servers: Started[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('MG+ relay and redirects', () => {
  it('a redirect from MG+ is not followed: 502, and nothing reaches the other host', async () => {
    const elsewhere: Recorded[] = [];
    const other = await startStub((req, res) => {
      elsewhere.push(req);
      sendJson(res, 200, authenticateAnswer({ playerToken: 'stolen' }), {
        'x-request-id': String(req.headers['x-request-id'] ?? ''),
      });
    });
    servers.push(other);
    const mgplus = await startStub((req, res) => {
      res.writeHead(302, { location: `${other.url}${req.path}` });
      res.end();
    });
    servers.push(mgplus);
    const relay = await startFetchHandler(
      createRelayHandler({ baseUrl: mgplus.url, sharedSecret: 'guard-secret', provider: 'plyr-studio' }),
    );
    servers.push(relay);

    const res = await fetch(`${relay.url}/v1/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        launchToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
        provider: 'plyr-studio',
        game: 'plyr-kit-demo',
        platform: 'desktop',
      }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect([res.status, body.code]).toEqual([502, 'UPSTREAM_UNREACHABLE']);
    expect(mgplus.requests).toHaveLength(1);
    expect(elsewhere).toEqual([]);
  });
});

describe('bet limits', () => {
  it('a negative minBet or defaultBet is ignored: the range starts at 0', () => {
    expect(betLimits({ minBet: -5, maxBet: 10 })).toEqual({ min: 0, max: 10, default: 0 });
    expect(betLimits({ minBet: 1, maxBet: 10, defaultBet: -3 }).default).toBe(1);
  });
});

describe('authenticate answers', () => {
  it('a malformed answer keeps the player token out of the error, whatever the case of its key', () => {
    let error: unknown;
    try {
      // No brand: the answer is refused; its token is sent as `PlayerToken` (MG+ keys are case-insensitive).
      parseAuthenticateResponse({
        PlayerToken: 'secret-player-token',
        playerId: 'p-1',
        balance: 10,
        balanceInfo: { currency: 'usd', currencyTruncation: 1 },
      });
    } catch (e) {
      error = e;
    }
    expect(isPlyrError(error) && error.code).toBe('SERVER');
    expect(JSON.stringify((error as { cause?: unknown }).cause)).not.toContain('secret-player-token');
    expect((error as Error).message).not.toContain('secret-player-token');
  });
});
