// A Unity WebGL game launched by an MG+ casino, in real headless Chromium: the stand-in Unity page opens at its
// launch URL (`?launchToken=…` minted by the sandbox's MG+), initialises window.PlyrKit for real play only, and
// authenticates through the studio's relay on the same origin (the real createRelayHandler, in front of the
// sandbox's MG+). What reaches "C#": the IDR balance as reported and formatted, bet limits, the session id for the
// studio's round server, never the MG+ player token; and PLAYER_UNAUTHORIZED for an expired or forged token.
import { afterEach, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { formatBalance } from '../../src/realplay/index.js';
import { MGPLUS_SANDBOX_GAME, type MintLaunchTokenOptions } from '../../src/sandbox/mgplus/emulator.js';
import type { UnityRealPlayPlayer } from '../../src/unity/index.js';
import {
  describeInBrowser,
  type PageProblems,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { seededPlayer } from '../helpers/realplay-players.js';
import { unityCall, unityEvent, unityInit, unityMessages } from '../helpers/unity-page-calls.js';
import { startUnityPageServer } from '../helpers/unity-page-server.js';
import { UNITY_MGPLUS_PROVIDER, UNITY_RELAY_PATH } from '../helpers/unity-relay.js';

const LOCALE = 'en-US';

describeInBrowser('Unity WebGL real play in Chromium', () => {
  const suite = useServerAndChromium(startUnityPageServer);
  let problems: PageProblems;
  let context: BrowserContext | undefined;
  /** Every URL the page requested. */
  let requests: string[];

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(problems.errors).toEqual([]);
  });

  /** The stand-in Unity page at its MG+ launch URL, with window.PlyrKit initialised for real play. */
  async function launch(token: MintLaunchTokenOptions): Promise<Page> {
    const launchToken = await suite.server.sandbox.mgplus.mintLaunchToken(token);
    context = await suite.browser.newContext({ locale: LOCALE });
    const page = await context.newPage();
    problems = watchPage(page);
    requests = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`${suite.server.pageUrl}?launchToken=${encodeURIComponent(launchToken)}`);
    const config = {
      realPlay: {
        relay: UNITY_RELAY_PATH,
        provider: UNITY_MGPLUS_PROVIDER,
        game: MGPLUS_SANDBOX_GAME,
      },
    };
    expect(await unityInit(page, config)).toBe(true);
    expect(await unityCall(page, 'ready', 'ready')).toEqual({ id: 'ready', ok: true, result: null });
    return page;
  }

  /** Every message "C#" received, as text. */
  const received = async (page: Page): Promise<string> =>
    (await unityMessages(page)).map((m) => m.value).join('\n');

  it('authenticates an IDR launch: the balance as reported, bet limits, a session id, no player token', async () => {
    const idr = seededPlayer('idr');
    const page = await launch({ player: 'idr' });
    const answer = await unityCall(page, '1', 'realPlayAuthenticate');
    if (!answer.ok) throw new Error(`authenticate failed: ${JSON.stringify(answer.error)}`);
    const player = answer.result as UnityRealPlayPlayer;
    expect(player).toMatchObject({
      playerId: idr.playerId,
      balance: 1500.5,
      currency: 'idr',
      currencyTruncation: 1000,
      realBalance: 1_500_500,
      betLimits: { min: 1, max: 5000, default: 10 },
      maxExposure: 50_000,
      platform: 'desktop',
    });
    // Chromium's own Intl formats it, as the game shows it.
    expect(player.formattedBalance).toBe(formatBalance(1500.5, { currency: 'idr', locale: LOCALE }));
    expect(player.formattedBalance).toBe('IDR\u00a01,500.50');
    expect(player.sessionId).toEqual(expect.stringMatching(/^[!-~]{8,}$/));
    expect(player).not.toHaveProperty('playerToken');
    expect((await unityEvent(page, 'realplay:authenticated')).data).toEqual(player);

    // A round reported by the studio's server (which got the session id), then a bet.
    expect(await unityCall(page, '2', 'realPlayUpdateBalance', { balance: 1495.5 })).toMatchObject({
      ok: true,
      result: { balance: 1495.5, formattedBalance: 'IDR\u00a01,495.50' },
    });
    expect(await unityCall(page, '3', 'realPlaySetBet', { amount: 25 })).toMatchObject({
      ok: true,
      result: { bet: 25 },
    });

    // The page called the relay on its own origin, never MG+; no message to "C#" holds a player token.
    expect(requests).toContain(`${suite.server.origin}${UNITY_RELAY_PATH}/v1/authenticate`);
    expect(requests.filter((url) => url.startsWith(suite.server.sandbox.url))).toEqual([]);
    expect(await received(page)).not.toMatch(/playerToken/i);
  });

  it('an expired or a forged launch token: PLAYER_UNAUTHORIZED with the MG+ code, as answer and event', async () => {
    for (const token of [{ expired: true }, { invalid: true }]) {
      const page = await launch({ player: 'idr', ...token });
      const answer = await unityCall(page, '1', 'realPlayAuthenticate');
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'PLAYER_UNAUTHORIZED', mgplusCode: 'PLAYER_UNAUTHORIZED', retryable: false },
      });
      expect((await unityEvent(page, 'realplay:error')).data).toEqual(answer.ok ? null : answer.error);
      expect(await unityCall(page, '2', 'realPlayPlayer')).toEqual({ id: '2', ok: true, result: null });
      await context?.close();
      context = undefined;
    }
  });
});
