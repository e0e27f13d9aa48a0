/**
 * Real play (MG+) through the Unity bridge as Unity drives it: the real PlyrKit.jslib and UMD bundle in a Node vm,
 * sandbox launch tokens, and the real `createRelayHandler` on loopback in front of the sandbox's MG+ (stub relays
 * for exact answers: a session id with or without the opt-in player token, no bet maximum). What C# receives: the
 * balance as reported, formatted, the bet range, the session id and never the player token unless both the relay
 * and the game opted in; the argument and configuration checks; MG+'s refusals with their MG+ code.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatBalance } from '../../src/realplay/index.js';
import { MGPLUS_SANDBOX_GAME } from '../../src/sandbox/mgplus/emulator.js';
import type { BridgeResponse, UnityRealPlayPlayer } from '../../src/unity/index.js';
import { type CoreEnv, startCoreEnv } from '../helpers/core-fixture.js';
import { seededPlayer } from '../helpers/realplay-players.js';
import { type Started, sendJson, startStub } from '../helpers/realplay-servers.js';
import { bridgeConfig } from '../helpers/unity-bridge-config.js';
import { startUnityRelay, UNITY_MGPLUS_PROVIDER } from '../helpers/unity-relay.js';
import { createUnityVm, type UnityVm } from '../helpers/unity-vm.js';

const LOCALE = 'en-US';

let env: CoreEnv;
let relay: Started;
/** The real relay (`createRelayHandler`) in front of the sandbox's MG+. */
let relayUrl: string;
/** A relay's answer to authenticate for a EUR player, with its credentials. */
const relayAnswer = (credentials: Record<string, string>) => ({
  playerId: '44-1',
  brand: 'b',
  balance: 5,
  balanceInfo: { currency: 'EUR', currencyTruncation: 1 },
  sessionInfo: {},
  ...credentials,
});
const PLAYER_TOKEN = 'mgplus-player-token-of-the-test';
/** Stub relays answering with a session id: one keeps the player token (the default), one passes it (opt-in). */
let stripping: Started;
let passing: Started;

beforeAll(async () => {
  env = await startCoreEnv();
  relay = await startUnityRelay(env.sandbox);
  relayUrl = relay.url;
  stripping = await startStub((_req, res) => sendJson(res, 200, relayAnswer({ sessionId: 'session-kept' })));
  passing = await startStub((_req, res) =>
    sendJson(res, 200, relayAnswer({ sessionId: 'session-passed', playerToken: PLAYER_TOKEN })),
  );
});
afterAll(async () => {
  await relay?.close();
  await stripping?.close();
  await passing?.close();
  await env?.close();
});

const realPlay = (relay: string, extra: Record<string, unknown> = {}) => ({
  relay,
  provider: UNITY_MGPLUS_PROVIDER,
  game: MGPLUS_SANDBOX_GAME,
  platform: 'desktop',
  locale: LOCALE,
  timeoutMs: 5000,
  ...extra,
});

/** A page launched at `pageUrl`, initialised for real play only (no PLYR sign-in). */
async function realPlayPage(relay: string, extra: Record<string, unknown> = {}, pageUrl?: string) {
  const page = createUnityVm(pageUrl ? { pageUrl } : {});
  expect(page.init({ realPlay: realPlay(relay, extra) })).toBe(1);
  // C#'s Init awaits "ready": a real-play-only game has no PLYR session to restore.
  expect(await page.request('ready', 'ready')).toEqual({ id: 'ready', ok: true, result: null });
  return page;
}

const ok = (response: BridgeResponse): unknown => {
  if (!response.ok) throw new Error(`expected ok, got ${JSON.stringify(response)}`);
  return response.result;
};

const failure = (response: BridgeResponse) => {
  if (response.ok) throw new Error(`expected a failure, got ${JSON.stringify(response)}`);
  return response.error;
};

const launchUrl = (token: string) => `http://game.test/index.html?launchToken=${encodeURIComponent(token)}`;

/** Every message Unity received, as text. */
const allText = (page: UnityVm): string => page.sent.map((m) => m.json).join('\n');

describe('real play through the bridge', () => {
  it('authenticates the launch token of the page URL: IDR as reported, bets, session id, no player token', async () => {
    const idr = seededPlayer('idr');
    const token = await env.sandbox.mgplus.mintLaunchToken({ player: 'idr' });
    const page = await realPlayPage(relayUrl, {}, launchUrl(token));

    const player = ok(await page.request('1', 'realPlayAuthenticate')) as UnityRealPlayPlayer;
    expect(player).toMatchObject({
      playerId: idr.playerId,
      currency: 'idr',
      currencyTruncation: 1000,
      balance: 1500.5,
      formattedBalance: formatBalance(1500.5, { currency: 'idr', locale: LOCALE }),
      realBalance: 1_500_500,
      maxExposure: 50_000,
      betLimits: { min: 1, max: 5000, default: 10 },
      bet: 10,
      lobbyUrl: idr.lobbyUrl,
      depositUrl: idr.depositUrl,
      freeGames: [],
      platform: 'desktop',
    });
    expect(player.formattedBalance).toBe('IDR\u00a01,500.50');
    expect(player).not.toHaveProperty('playerToken');
    const event = await page.event('realplay:authenticated');
    expect(event.data).toEqual(player);
    // No MG+ player token reached Unity, whatever the relay answered.
    expect(allText(page)).not.toMatch(/playerToken/i);

    // Bets are clamped to the range; a round's balance from the studio's server; any amount formatted.
    expect((ok(await page.request('2', 'realPlaySetBet', { amount: 9999 })) as UnityRealPlayPlayer).bet).toBe(
      5000,
    );
    expect((ok(await page.request('3', 'realPlaySetBet', { amount: 0.5 })) as UnityRealPlayPlayer).bet).toBe(
      1,
    );
    const after = ok(
      await page.request('4', 'realPlayUpdateBalance', { balance: 1490.5 }),
    ) as UnityRealPlayPlayer;
    expect(after).toMatchObject({ balance: 1490.5, realBalance: 1_490_500, bet: 1 });
    expect(after.formattedBalance).toBe('IDR\u00a01,490.50');
    expect(ok(await page.request('5', 'realPlayFormat', { amount: 10 }))).toBe(
      formatBalance(10, { currency: 'idr', locale: LOCALE }),
    );
    expect(ok(await page.request('6', 'realPlayPlayer'))).toEqual(after);
  });

  it('a EUR player with free games, given the launch token by C#: offers with their dates as ms', async () => {
    const eur = seededPlayer('eur');
    const token = await env.sandbox.mgplus.mintLaunchToken({ player: 'eur' });
    const page = await realPlayPage(relayUrl);
    const player = ok(
      await page.request('1', 'realPlayAuthenticate', { launchToken: token }),
    ) as UnityRealPlayPlayer;
    expect(player.formattedBalance).toBe('€1,000.50');
    expect(player.freeGames.map((o) => o.offerName)).toEqual(eur.freeGames.map((o) => o.offerName));
    for (const offer of player.freeGames) {
      expect(offer.endsAt).toBeGreaterThan(offer.startsAt);
      expect(Number.isInteger(offer.startsAt)).toBe(true);
    }
  });

  it('an answer without gameConfig or URLs: no maximum bet is null (JSON has no Infinity), no cap, no URLs', async () => {
    {
      const page = await realPlayPage(stripping.url);
      const player = ok(
        await page.request('1', 'realPlayAuthenticate', { launchToken: 'opaque' }),
      ) as UnityRealPlayPlayer;
      expect(player).toMatchObject({
        betLimits: { min: 0, max: null, default: 0 },
        maxExposure: null,
        lobbyUrl: null,
        depositUrl: null,
        gameConfig: {},
        sessionId: 'session-kept',
      });
      expect(ok(await page.request('2', 'realPlaySetBet', { amount: 1e9 }))).toMatchObject({ bet: 1e9 });
    }
  });

  it('the player token reaches C# only when the relay passes it and the game asked for it', async () => {
    const authenticate = async (relay: string, extra: Record<string, unknown> = {}) => {
      const page = await realPlayPage(relay, extra);
      const player = ok(await page.request('1', 'realPlayAuthenticate', { launchToken: 'opaque-token' }));
      return { page, player: player as UnityRealPlayPlayer };
    };
    const silent = await authenticate(passing.url);
    expect(silent.player.sessionId).toBe('session-passed');
    expect(silent.player).not.toHaveProperty('playerToken');
    expect(allText(silent.page)).not.toContain(PLAYER_TOKEN);

    const exposing = await authenticate(passing.url, { exposePlayerToken: true });
    expect(exposing.player).toMatchObject({ sessionId: 'session-passed', playerToken: PLAYER_TOKEN });

    // A relay that keeps the token: nothing to expose, even when asked.
    const kept = await authenticate(stripping.url, { exposePlayerToken: true });
    expect(kept.player).toMatchObject({ sessionId: 'session-kept', playerToken: null });
  });

  it('MG+ refuses an expired or forged token through the real relay: PLAYER_UNAUTHORIZED, its MG+ code, the event', async () => {
    for (const kind of ['expired', 'invalid'] as const) {
      const token = await env.sandbox.mgplus.mintLaunchToken({ player: 'eur', [kind]: true });
      const page = await realPlayPage(relayUrl, {}, launchUrl(token));
      const error = failure(await page.request('1', 'realPlayAuthenticate'));
      expect(error).toMatchObject({
        code: 'PLAYER_UNAUTHORIZED',
        mgplusCode: 'PLAYER_UNAUTHORIZED',
        retryable: false,
      });
      expect((await page.event('realplay:error')).data).toEqual(error);
      expect(page.events().some((e) => e.event === 'realplay:authenticated')).toBe(false);
      // No player: the game cannot bet.
      expect(ok(await page.request('2', 'realPlayPlayer'))).toBeNull();
      expect(failure(await page.request('3', 'realPlaySetBet', { amount: 1 })).code).toBe('NOT_SIGNED_IN');
    }
  });

  it('refuses a launch with no token, or one that cannot be sent, without calling the relay', async () => {
    env.sent.length = 0;
    const missing = await realPlayPage(stripping.url);
    const none = failure(await missing.request('1', 'realPlayAuthenticate'));
    expect(none).toMatchObject({ code: 'LAUNCH_TOKEN_MISSING' });
    expect(none).not.toHaveProperty('mgplusCode');
    expect(failure(await missing.request('2', 'realPlayAuthenticate', { launchToken: 'a b' })).code).toBe(
      'LAUNCH_TOKEN_INVALID',
    );
    // The page's own parameter name.
    const custom = await realPlayPage(stripping.url, { launchTokenParam: 'token' }, launchUrl('x'));
    expect(failure(await custom.request('1', 'realPlayAuthenticate')).code).toBe('LAUNCH_TOKEN_MISSING');
    expect(env.sent).toEqual([]);
  });
});

describe('argument and configuration checks', () => {
  it('refuses wrong arguments with INVALID_INPUT', async () => {
    const page = await realPlayPage(stripping.url);
    const cases: Array<[string, unknown]> = [
      ['realPlaySetBet', { amount: '5' }],
      ['realPlaySetBet', {}],
      ['realPlaySetBet', { amount: 5, currency: 'eur' }],
      ['realPlayUpdateBalance', { balance: null }],
      ['realPlayUpdateBalance', '{"balance": 1e400}'],
      ['realPlayFormat', { amount: true }],
      ['realPlayAuthenticate', { launchToken: 42 }],
      ['realPlayPlayer', { player: 'idr' }],
    ];
    for (const [i, [method, args]] of cases.entries())
      expect([method, failure(await page.request(`bad${i}`, method, args)).code]).toEqual([
        method,
        'INVALID_INPUT',
      ]);
    // Before authentication, amounts have no currency and bets no range.
    expect(failure(await page.request('x1', 'realPlaySetBet', { amount: 1 })).code).toBe('NOT_SIGNED_IN');
    expect(failure(await page.request('x2', 'realPlayUpdateBalance', { balance: 1 })).code).toBe(
      'NOT_SIGNED_IN',
    );
    expect(failure(await page.request('x3', 'realPlayFormat', { amount: 1 })).code).toBe('NOT_SIGNED_IN');
  });

  it('without realPlay, real-play calls answer NOT_INITIALIZED; without gameId/signer, PLYR calls do', async () => {
    const plyrOnly = createUnityVm();
    expect(plyrOnly.init(bridgeConfig(env))).toBe(1);
    const off = failure(await plyrOnly.request('1', 'realPlayAuthenticate'));
    expect(off.code).toBe('NOT_INITIALIZED');
    expect(off.message).toContain('realPlay');

    const realOnly = await realPlayPage(stripping.url);
    const login = failure(await realOnly.request('2', 'login', { plyrId: 'demo-player', otp: '123456' }));
    expect(login.code).toBe('NOT_INITIALIZED');
    expect(login.message).toContain('gameId');

    // Both at once: one page, both clients.
    const both = createUnityVm();
    expect(both.init(bridgeConfig(env, { realPlay: realPlay(stripping.url) }))).toBe(1);
    expect(await both.request('3', 'ready')).toEqual({ id: '3', ok: true, result: null });
    expect(ok(await both.request('4', 'realPlayPlayer'))).toBeNull();
  });

  it('refuses a bad realPlay configuration at init, with the reason for every later call', async () => {
    const bad: unknown[] = [
      'mg',
      { ...realPlay(stripping.url), relay: '' },
      { ...realPlay(stripping.url), provider: 'my studio' },
      { ...realPlay(stripping.url), game: undefined },
      { ...realPlay(stripping.url), platform: 'tablet' },
      { ...realPlay(stripping.url), timeoutMs: -1 },
      { ...realPlay(stripping.url), exposePlayerToken: 'yes' },
      { ...realPlay(stripping.url), launchToken: 'abc' },
      { ...realPlay(stripping.url), relay: { url: '/mg', secret: 'x' } },
      { ...realPlay(stripping.url), relay: { url: '/mg', headers: { 'x-studio': 1 } } },
      { ...realPlay(stripping.url), relay: { url: '/mg', credentials: 'always' } },
    ];
    for (const [i, config] of bad.entries()) {
      const page = createUnityVm();
      expect([i, page.init({ realPlay: config })]).toEqual([i, 0]);
      const error = failure(await page.request('1', 'realPlayAuthenticate'));
      expect([i, error.code]).toEqual([i, 'NOT_INITIALIZED']);
      expect(error.message).toMatch(/^PlyrKit\.init failed: .*(realPlay|createRealPlay)/);
      expect(error.message).not.toContain('unknown key "realPlay"');
    }
  });
});
