/**
 * `createRealPlay` over real HTTP: browser client → MG+ relay → sandbox MG+ for the whole launch (and the studio's
 * round handler playing with the session the browser got), and stub relays for each failure the client has to
 * type (relay refusals, unreachable relay, timeouts; MG+'s error codes are in mgplus-error-codes.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { PlyrError } from '../../src/core/errors.js';
import { createRealPlay, isMgPlusError, type RealPlayOptions } from '../../src/realplay/index.js';
import type { MgPlusEmulator } from '../../src/sandbox/mgplus/emulator.js';
import { createMgPlusClient, type MgPlusClient } from '../../src/server/mgplus/client.js';
import { createRelayHandler, type RelayHandlerOptions } from '../../src/server/mgplus/relay.js';
import { settled } from '../helpers/mgplus-wallet.js';
import { offerFields, seededPlayer } from '../helpers/realplay-players.js';
import {
  hmac,
  type Started,
  sendJson,
  startFetchHandler,
  startMgPlus,
  startStub,
} from '../helpers/realplay-servers.js';
import { rejection } from '../helpers/rejection.js';

const SECRET = 'client-test-secret';
const T0 = Date.UTC(2030, 4, 15, 12, 0, 0);
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;
let mg: Started & { emulator: MgPlusEmulator };
/** The studio's MG+ client: its relay opens the sessions, its round handler plays with them. */
let studio: MgPlusClient;
let relay: Started;
const extra: Started[] = [];

const studioClient = (includePlayerToken = false) =>
  createMgPlusClient({
    baseUrl: mg.url,
    sharedSecret: SECRET,
    provider: 'plyr-studio',
    timeoutMs: 2_000,
    sessions: { includePlayerToken },
  });

/** A relay under /mg; every test launches from 127.0.0.1 (the per-IP limit is tested in mgplus-relay.test). */
async function startRelay(options: RelayHandlerOptions): Promise<Started> {
  const started = await startFetchHandler(
    createRelayHandler({ basePath: '/mg', rateLimit: false, ...options }),
  );
  extra.push(started);
  return started;
}

beforeAll(async () => {
  mg = await startMgPlus({ sharedSecret: SECRET, now: () => T0 });
  studio = studioClient();
  relay = await startRelay({ client: studio });
});
afterAll(async () => {
  await Promise.all([mg.close(), ...extra.map((s) => s.close())]);
});

function client(overrides: Partial<RealPlayOptions> = {}) {
  return createRealPlay({
    relay: `${relay.url}/mg`,
    provider: 'plyr-studio',
    game: 'plyr-kit-demo',
    platform: 'desktop',
    locale: 'en-US',
    ...overrides,
  });
}

/** A relay stand-in answering every request the same way. */
async function stubRelay(status: number, body: unknown, headers: Record<string, string> = {}) {
  const stub = await startStub((_req, res) => sendJson(res, status, body, headers));
  extra.push(stub);
  return stub;
}

describe('a real-play launch, end to end', () => {
  it('reads the launch token from the page URL and resolves to the typed player', async () => {
    const { url } = (await (
      await fetch(`${mg.url}/sandbox/mgplus/launch`, {
        method: 'POST',
        body: JSON.stringify({ player: 'eur', url: 'https://game.example/play?mode=real' }),
      })
    ).json()) as { url: string };
    const rp = client({ url });
    const events: unknown[] = [];
    rp.on('realplay:authenticated', (e) => events.push(e));
    const player = await rp.authenticate();
    const eur = seededPlayer('eur');
    expect(player).toEqual({
      playerId: eur.playerId,
      brand: eur.brand,
      isTestPlayer: false,
      balance: eur.balance,
      currency: eur.currency,
      currencyTruncation: eur.currencyTruncation,
      lobbyUrl: eur.lobbyUrl,
      depositUrl: eur.depositUrl,
      gameConfig: eur.gameConfig,
      freeGames: [
        {
          ...offerFields(eur.freeGames[0]!),
          // Seeded as day -1, eight days long, on the sandbox clock (T0 = 2030-05-15).
          startsAt: new Date('2030-05-14T00:00:00Z'),
          endsAt: new Date('2030-05-22T00:00:00Z'),
        },
      ],
    });
    expect(rp.player).toBe(player);
    expect(rp.playerToken).toBeNull();
    expect(rp.sessionId).toMatch(SESSION_ID);
    expect(events).toEqual([{ player }]);
    expect(rp.formatBalance()).toBe('€1,000.50');
    expect(rp.betLimits()).toEqual({ min: 0.1, max: 100, default: 1 });
    expect(rp.bet).toBe(1);
  });

  it.each([
    ['btc', '0.05234567 BTC', 0.05234567, { min: 0.00001, max: 0.01, default: 0.0001 }, false],
    // Reported already scaled (1 shown = 1000 rupiah): shown as reported, real amount for reporting only.
    ['idr', 'IDR\u00a01,500.50', 1_500_500, { min: 1, max: 5000, default: 10 }, false],
    ['coins', '2,500 GC', 250_000, { min: 1, max: 1000, default: 10 }, false],
    ['test', '$5,000.00', 5000, { min: 0.2, max: 50, default: 2 }, true],
  ])('launches the %s player: %s', async (label, balance, real, limits, isTestPlayer) => {
    const rp = client();
    const player = await rp.authenticate(await mg.emulator.mintLaunchToken({ player: label }));
    expect(player.isTestPlayer).toBe(isTestPlayer);
    expect(player.balance).toBe(seededPlayer(label).balance);
    expect(rp.formatBalance()).toBe(balance);
    expect(rp.realAmount()).toBe(real);
    expect(rp.betLimits()).toEqual(limits);
  });

  it('parses free-game offers of the coins player with their dates', async () => {
    const rp = client();
    const { freeGames } = await rp.authenticate(await mg.emulator.mintLaunchToken({ player: 'coins' }));
    expect(freeGames.map((o) => [o.offerName, o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['Daily Spins', '2030-05-15T00:00:00.000Z', '2030-05-16T00:00:00.000Z'],
      ['Weekend Bonus', '2030-05-17T00:00:00.000Z', '2030-05-20T00:00:00.000Z'],
    ]);
  });

  it('clamps bets to the range and tracks balance updates', async () => {
    const rp = client();
    await rp.authenticate(await mg.emulator.mintLaunchToken());
    expect(rp.setBet(1000)).toBe(100);
    expect(rp.setBet(0.01)).toBe(0.1);
    expect(rp.setBet(2.5)).toBe(2.5);
    expect(rp.bet).toBe(2.5);
    expect(rp.updateBalance(998).balance).toBe(998);
    expect(rp.formatBalance()).toBe('€998.00');
    expect(rp.formatBalance(12)).toBe('€12.00');
    expect(() => rp.updateBalance(-1)).toThrow(/balance/);
  });

  it('reads a custom launch-token parameter', async () => {
    const token = await mg.emulator.mintLaunchToken({ player: 'btc' });
    const rp = client({ url: `https://game.example/?lt=${token}`, launchTokenParam: 'lt' });
    expect((await rp.authenticate()).currency).toBe('btc');
  });

  it('never exposes a player token it was handed (opt-in relay) in JSON or the player', async () => {
    const passing = await startRelay({
      baseUrl: mg.url,
      sharedSecret: SECRET,
      provider: 'plyr-studio',
      passPlayerToken: true,
    });
    const rp = client({ relay: `${passing.url}/mg` });
    const player = await rp.authenticate(await mg.emulator.mintLaunchToken());
    const token = rp.playerToken!;
    expect(JSON.stringify(rp)).not.toContain(token);
    expect(JSON.parse(JSON.stringify(rp))).toMatchObject({ platform: 'desktop', bet: 1 });
    expect(JSON.stringify(player)).not.toContain(token);
  });

  it("keeps the player token on the server: the round handler finds the browser's session and plays on it", async () => {
    const eur = seededPlayer('eur');
    const rp = client();
    const player = await rp.authenticate(await mg.emulator.mintLaunchToken({ player: 'eur' }));
    expect(player.playerId).toBe(eur.playerId);
    expect(rp.playerToken).toBeNull();
    expect(rp.sessionId).toMatch(SESSION_ID);
    expect(JSON.stringify(rp)).not.toContain(rp.sessionId);
    expect(JSON.stringify(player)).not.toContain(rp.sessionId);

    // The game's "spin" request carries rp.sessionId; the studio's round handler, on the relay's client:
    const session = await studio.session(rp.sessionId!);
    expect(session).toMatchObject({ playerId: eur.playerId, game: 'plyr-kit-demo', ip: '127.0.0.1' });
    const before = mg.emulator.ledger().balances[eur.playerId]!;
    const round = settled(await studio.playRound(session!, { bet: 1.5, payout: () => 0 }));
    expect(mg.emulator.ledger().balances[eur.playerId]).toBeCloseTo(before - 1.5, 8);
    expect(
      mg.emulator
        .ledger()
        .entries.filter((e) => e.roundId === round.roundId)
        .map((e) => e.kind),
    ).toEqual(['debit', 'credit']);
    expect(rp.updateBalance(round.balance).balance).toBe(before - 1.5);
  });

  it('keeps the player token too when the studio opted in to pass it', async () => {
    const passing = studioClient(true);
    const rp = client({ relay: `${(await startRelay({ client: passing })).url}/mg` });
    await rp.authenticate(await mg.emulator.mintLaunchToken({ player: 'eur' }));
    expect(rp.sessionId).toMatch(SESSION_ID);
    expect(rp.playerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(rp.playerToken).toBe((await passing.session(rp.sessionId!))?.playerToken);
    expect(JSON.stringify(rp)).not.toContain(rp.playerToken);
  });

  it("works with a studio's own relay that passes MG+'s answer as is (player token, no session id)", async () => {
    // MG+'s raw answer, fetched once with a hand-signed call; the stub relay answers it unchanged.
    const text = JSON.stringify({
      launchToken: await mg.emulator.mintLaunchToken({ player: 'btc' }),
      provider: 'plyr-studio',
      game: 'plyr-kit-demo',
      ip: '198.51.100.7',
      platform: 'desktop',
    });
    const raw = await fetch(`${mg.url}/v1/authenticate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': randomUUID(),
        'x-hmac-signature': hmac(SECRET, text),
      },
      body: text,
    });
    const answer = (await raw.json()) as { playerToken: string };
    const rp = client({ relay: (await stubRelay(200, answer)).url });
    const player = await rp.authenticate('any-token-the-stub-ignores');
    expect(player).toMatchObject({ playerId: seededPlayer('btc').playerId, currency: 'btc' });
    expect(rp.playerToken).toBe(answer.playerToken);
    expect(rp.sessionId).toBeNull();
  });

  it('requires authentication before balance and bet helpers', () => {
    const rp = client();
    expect(rp.player).toBeNull();
    expect(rp.playerToken).toBeNull();
    for (const call of [
      () => rp.formatBalance(),
      () => rp.betLimits(),
      () => rp.setBet(1),
      () => rp.updateBalance(1),
    ])
      expect(() => call()).toThrow(expect.objectContaining({ code: 'NOT_SIGNED_IN' }));
  });
});

describe('bad launch tokens', () => {
  it('rejects a page without the launch-token parameter, before any request', async () => {
    const rp = client({ url: 'https://game.example/play?launch=abc' });
    const errors: PlyrError[] = [];
    rp.on('realplay:error', (e) => errors.push(e));
    const error = await rejection(rp.authenticate());
    expect(error.code).toBe('LAUNCH_TOKEN_MISSING');
    expect(errors).toEqual([error]);
  });

  it('rejects only tokens that cannot be sent (empty, too long, spaces), before any request', async () => {
    const stub = await stubRelay(500, {});
    const rp = client({ relay: stub.url });
    for (const token of ['not a token', 'A'.repeat(4097), 'tab\there'])
      expect((await rejection(rp.authenticate(token))).code).toBe('LAUNCH_TOKEN_INVALID');
    expect(stub.requests).toHaveLength(0);
  });

  it("sends any printable token, the guide's example included, and lets MG+ judge it", async () => {
    const stub = await stubRelay(401, { error: { code: 'PLAYER_UNAUTHORIZED', message: 'unknown token' } });
    const rp = client({ relay: stub.url });
    for (const token of ['eyJhbG9hshdgjh38Gsjsk3jdl', 'abc.def', 'a+b/c=='])
      expect((await rejection(rp.authenticate(token))).code).toBe('PLAYER_UNAUTHORIZED');
    expect(stub.requests.map((r) => JSON.parse(r.body.toString()).launchToken)).toEqual([
      'eyJhbG9hshdgjh38Gsjsk3jdl',
      'abc.def',
      'a+b/c==',
    ]);
  });

  it("never refuses by the player's clock: a JWT past its exp here, valid on MG+'s clock, authenticates", async () => {
    // MG+'s clock is in 2020, so the token's exp is years behind this machine's: MG+ still accepts it.
    const past = await startMgPlus({ sharedSecret: SECRET, now: () => Date.UTC(2020, 0, 1) });
    extra.push(past);
    const pastRelay = await startRelay({ baseUrl: past.url, sharedSecret: SECRET, provider: 'plyr-studio' });
    const rp = client({ relay: `${pastRelay.url}/mg` });
    const player = await rp.authenticate(await past.emulator.mintLaunchToken({ player: 'eur' }));
    expect(player.playerId).toBe(seededPlayer('eur').playerId);
  });

  it('authenticates an opaque launch token end to end (client → relay → sandbox MG+)', async () => {
    const token = await mg.emulator.mintLaunchToken({ player: 'opaque' });
    expect(token.split('.')).toHaveLength(1);
    const rp = client();
    const player = await rp.authenticate(token);
    expect(player).toMatchObject({ playerId: seededPlayer('opaque').playerId, currency: 'vnd' });
    expect((await studio.session(rp.sessionId!))?.playerId).toBe(seededPlayer('opaque').playerId);
    expect(rp.formatBalance()).toBe('₫2,500.75');
    expect(rp.realAmount()).toBe(2_500_750);
    // Expiry stays MG+'s: an expired opaque token is refused by MG+, not by the client.
    const expired = await mg.emulator.mintLaunchToken({ player: 'opaque', expired: true });
    expect((await rejection(rp.authenticate(expired))).code).toBe('PLAYER_UNAUTHORIZED');
  });

  it('maps a token MG+ refuses (forged, foreign game, locked player) to PLAYER_UNAUTHORIZED with the MG+ body', async () => {
    const rp = client();
    const forged = await rejection(rp.authenticate(await mg.emulator.mintLaunchToken({ invalid: true })));
    expect(forged).toMatchObject({ code: 'PLAYER_UNAUTHORIZED', status: 401 });
    expect(forged.cause).toEqual({
      error: { code: 'PLAYER_UNAUTHORIZED', message: 'The launch token is not valid.' },
    });
    const other = await rejection(rp.authenticate(await mg.emulator.mintLaunchToken({ game: 'other-game' })));
    expect(other.code).toBe('PLAYER_UNAUTHORIZED');
    const locked = await rejection(rp.authenticate(await mg.emulator.mintLaunchToken({ player: 'locked' })));
    expect(locked.cause).toMatchObject({ error: { message: 'The player account is locked.' } });
  });

  it('keeps the previous player when a later authentication fails', async () => {
    const rp = client();
    const player = await rp.authenticate(await mg.emulator.mintLaunchToken());
    await rejection(rp.authenticate(await mg.emulator.mintLaunchToken({ invalid: true })));
    expect(rp.player).toBe(player);
  });
});

describe('transport failures', () => {
  it.each([
    [403, { error: 'no', code: 'ORIGIN_NOT_ALLOWED' }, 'SIGNER_REJECTED'],
    [400, { error: 'no', code: 'INVALID_BODY' }, 'SIGNER_REJECTED'],
    [502, { error: 'down', code: 'UPSTREAM_UNREACHABLE' }, 'NETWORK'],
    [504, { error: 'slow', code: 'UPSTREAM_TIMEOUT' }, 'TIMEOUT'],
    [502, { error: 'id', code: 'UPSTREAM_REQUEST_ID_MISMATCH' }, 'SERVER'],
    [503, { error: 'redis down', code: 'STATE_UNAVAILABLE' }, 'SIGNER_UNREACHABLE'],
    [503, '<html>busy</html>', 'SERVER'],
  ])('relay HTTP %i %p → %s, body kept as cause', async (status, body, code) => {
    const stub = await stubRelay(status, body);
    const error = await rejection(
      client({ relay: stub.url }).authenticate(await mg.emulator.mintLaunchToken()),
    );
    expect(error).toMatchObject({ code, status });
    expect(isMgPlusError(error)).toBe(false);
    if (typeof body !== 'string') expect(error.cause).toEqual(body);
  });

  it('sends only the fields the relay accepts, as JSON, to <relay>/v1/authenticate', async () => {
    const stub = await stubRelay(500, {});
    const token = await mg.emulator.mintLaunchToken();
    await rejection(
      client({
        relay: { url: `${stub.url}/mg/`, headers: { 'x-studio': '1' } },
        platform: 'mobile',
      }).authenticate(token),
    );
    expect(stub.requests[0]).toMatchObject({ method: 'POST', path: '/mg/v1/authenticate' });
    expect(stub.requests[0]!.headers['x-studio']).toBe('1');
    expect(JSON.parse(stub.requests[0]!.body.toString())).toEqual({
      launchToken: token,
      provider: 'plyr-studio',
      game: 'plyr-kit-demo',
      platform: 'mobile',
    });
  });

  it('maps RATE_LIMITED with its wait', async () => {
    const stub = await stubRelay(429, { error: 'slow down', code: 'RATE_LIMITED', retryAfterMs: 1500 });
    const error = await rejection(
      client({ relay: stub.url }).authenticate(await mg.emulator.mintLaunchToken()),
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1500 });
  });

  it('maps an unreachable relay to SIGNER_UNREACHABLE', async () => {
    const stub = await stubRelay(200, {});
    await stub.close();
    const error = await rejection(
      client({ relay: stub.url }).authenticate(await mg.emulator.mintLaunchToken()),
    );
    expect(error.code).toBe('SIGNER_UNREACHABLE');
  });

  it('maps a relay that does not answer in time to TIMEOUT', async () => {
    const stub = await startStub(() => {
      // never answers
    });
    extra.push(stub);
    const error = await rejection(
      client({ relay: stub.url, timeoutMs: 100 }).authenticate(await mg.emulator.mintLaunchToken()),
    );
    expect(error.code).toBe('TIMEOUT');
  });

  it('maps a 200 that is not an MG+ answer to SERVER, without the token in the cause', async () => {
    const stub = await stubRelay(200, { playerToken: 'leaky', balance: 1 });
    const error = await rejection(
      client({ relay: stub.url }).authenticate(await mg.emulator.mintLaunchToken()),
    );
    expect(error.code).toBe('SERVER');
    expect(JSON.stringify(error.cause)).not.toContain('leaky');
  });

  it('survives a throwing event listener, and reports it on the console', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const rp = client();
    rp.on('realplay:authenticated', () => {
      throw new Error('game bug');
    });
    const seen: string[] = [];
    const off = rp.on('realplay:authenticated', ({ player }) => seen.push(player.playerId));
    await expect(rp.authenticate(await mg.emulator.mintLaunchToken())).resolves.toMatchObject({
      currency: 'eur',
    });
    off();
    await rp.authenticate(await mg.emulator.mintLaunchToken());
    expect(seen).toEqual(['44-10000-00001']);
    expect(consoleError).toHaveBeenCalledTimes(2);
    expect(String(consoleError.mock.calls[0]?.[1])).toMatch(/game bug/);
    consoleError.mockRestore();
  });
});

describe('createRealPlay options', () => {
  it.each([
    [{ relay: '' }, /relay/],
    [{ relay: 'relative/path' }, /relay/],
    [{ provider: 'my studio' }, /provider/],
    [{ game: '' }, /game/],
    [{ platform: 'tablet' as 'mobile' }, /platform/],
    [{ timeoutMs: 0 }, /timeoutMs/],
  ])('refuses %p with INVALID_INPUT', (overrides, message) => {
    expect(() => client(overrides)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });

  it('detects the platform when none is given (desktop outside a browser)', () => {
    const { platform: _omit, ...rest } = {
      relay: `${relay.url}/mg`,
      provider: 'p',
      game: 'g',
      platform: undefined,
    };
    expect(createRealPlay(rest).platform).toBe('desktop');
  });
});
