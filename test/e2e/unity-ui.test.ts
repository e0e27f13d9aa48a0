// plyr-kit/ui's panels opened from "C#" through the Unity bridge, in real headless Chromium: the stand-in Unity page
// (test/unity/page) calls window.PlyrKit.call('showLogin') as the jslib does, the bridge loads plyr-kit.ui.umd.js
// from next to plyr-kit.unity.umd.js on first use (under the strict CSP), the player signs in through the panel over
// #unity-canvas with a sandbox 2FA code, and "C#" receives the session through SendMessage. Unity's keyboard capture
// is played by a stand-in that, like Unity with WebGLInput.captureAllKeyboardInput on, takes every key in the capture
// phase of `window` (so nothing can be typed into the page), and with it off listens on the canvas only: the panel gets
// the keys once C# has released the capture, which PlyrKit.ShowLogin does. The real-play panel offers "Back to the
// casino" for a lobby URL, and a missing plyr-kit.ui.umd.js is a NETWORK answer that names the file.
import { afterEach, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import {
  describeInBrowser,
  type PageProblems,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { unityAnswer, unityInit, unityMessages, unitySend } from '../helpers/unity-page-calls.js';
import { startUnityPageServer } from '../helpers/unity-page-server.js';

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** What the stand-in of Unity's keyboard handling saw. */
interface UnityKeyboard {
  /** `WebGLInput.captureAllKeyboardInput`. */
  captureAll: boolean;
  /** Keys that reached Unity. */
  keys: string[];
}

/**
 * Unity's keyboard handling, as its manual describes it: with `captureAllKeyboardInput` (the default) Unity takes
 * every key of the page before the page's elements see it; without, only keys sent to its focused canvas.
 */
function installUnityKeyboard(page: Page): Promise<void> {
  return page.evaluate(() => {
    const unity = { captureAll: true, keys: [] as string[] };
    (window as unknown as { unityKeyboard: typeof unity }).unityKeyboard = unity;
    const take = (event: Event): void => {
      unity.keys.push((event as KeyboardEvent).key);
      event.preventDefault();
    };
    for (const type of ['keydown', 'keypress', 'keyup'] as const) {
      window.addEventListener(type, (e) => unity.captureAll && take(e), true);
      document.querySelector('#unity-canvas')?.addEventListener(type, (e) => !unity.captureAll && take(e));
    }
  });
}

const unityKeyboard = (page: Page): Promise<UnityKeyboard> =>
  page.evaluate(() => (window as unknown as { unityKeyboard: UnityKeyboard }).unityKeyboard);

/** `WebGLInput.captureAllKeyboardInput = value`, as PlyrKit.ShowLogin sets it around the panel. */
const setCaptureAll = (page: Page, value: boolean): Promise<void> =>
  page.evaluate((v) => {
    (window as unknown as { unityKeyboard: UnityKeyboard }).unityKeyboard.captureAll = v;
  }, value);

describeInBrowser('Unity WebGL: the sign-in panels opened from C#', () => {
  const suite = useServerAndChromium(startUnityPageServer);
  let problems: PageProblems;
  let context: BrowserContext | undefined;

  afterEach(async () => {
    await context?.close();
    context = undefined;
    expect(problems.errors).toEqual([]);
  });

  async function openGame(ui?: Record<string, unknown>): Promise<Page> {
    context = await suite.browser.newContext();
    const page = await context.newPage();
    problems = watchPage(page);
    await page.goto(suite.server.pageUrl);
    await installUnityKeyboard(page);
    const config = {
      gameId: suite.server.sandbox.gameId,
      signer: { url: '/plyr/sign', mode: 'sign' },
      apiBase: suite.server.sandbox.url,
      ...(ui ? { ui } : {}),
    };
    expect(await unityInit(page, config)).toBe(true);
    return page;
  }

  it('ShowLogin: the panel over the canvas; keys reach it once C# releases the capture; C# gets the session', async () => {
    const page = await openGame({ theme: { accent: '#ff6600' }, strings: { loginTitle: 'Sign in to play' } });
    const scripts = (): Promise<string[]> =>
      page.evaluate(() => [...document.scripts].map((s) => new URL(s.src, location.href).pathname));
    // The panels are not loaded until C# asks for one.
    expect(await scripts()).not.toContain('/plyr-kit.ui.umd.js');

    await unitySend(page, '1', 'showLogin');
    const plyrId = page.locator('[data-plyr="plyr-id"]');
    await plyrId.waitFor();
    expect(await scripts()).toContain('/plyr-kit.ui.umd.js');
    await expect(page.locator('[data-plyr="overlay"]').textContent()).resolves.toContain('Sign in to play');
    // Over Unity's canvas: the overlay follows it in the page, at its place.
    expect(
      await page.evaluate(
        () => document.querySelector('#unity-canvas')?.nextElementSibling?.getAttribute('data-plyr') ?? null,
      ),
    ).toBe('overlay');

    // Unity still captures every key: nothing can be typed into the panel.
    await plyrId.click();
    await page.keyboard.type('demo');
    expect(await plyrId.inputValue()).toBe('');
    expect((await unityKeyboard(page)).keys.length).toBeGreaterThan(0);

    // C# released it (PlyrKit.ShowLogin does so while a panel is open): the keys go to the panel, none to Unity.
    await setCaptureAll(page, false);
    const before = (await unityKeyboard(page)).keys.length;
    await plyrId.click();
    await page.keyboard.type('demo-player');
    await page.locator('[data-plyr="otp"]').click();
    await page.keyboard.type(suite.server.sandbox.totp('demo-player'));
    await page.keyboard.press('Enter');
    const answer = await unityAnswer(page, '1');
    expect(answer).toMatchObject({
      id: '1',
      ok: true,
      result: { cancelled: false, session: { plyrId: 'demo-player', gameId: suite.server.sandbox.gameId } },
    });
    expect((await unityKeyboard(page)).keys.length).toBe(before);
    await page.waitForSelector('[data-plyr="overlay"]', { state: 'detached' });
    expect((await unityMessages(page)).some((m) => JWT.test(m.value))).toBe(false);
  });

  it('ShowLogin then Back: cancelled, no session; a second ShowLogin closes the first as cancelled', async () => {
    const page = await openGame();
    await unitySend(page, '1', 'showLogin');
    await page.locator('[data-plyr="plyr-id"]').waitFor();
    await unitySend(page, '2', 'showLogin');
    expect(await unityAnswer(page, '1')).toMatchObject({
      ok: true,
      result: { cancelled: true, session: null },
    });
    await page.locator('[data-plyr="back"]').click();
    expect(await unityAnswer(page, '2')).toEqual({
      id: '2',
      ok: true,
      result: { cancelled: true, session: null },
    });
    expect(await page.locator('[data-plyr="overlay"]').count()).toBe(0);
  });

  it('ShowRealPlayError: "Back to the casino" for a lobby URL, and the player’s choice reaches C#', async () => {
    const page = await openGame();
    // The answer is sent as the page leaves for the lobby: "C#" records it out of the page.
    const answers: string[] = [];
    await page.exposeFunction('unityAnswered', (json: string) => answers.push(json));
    await page.evaluate(() => {
      const w = window as unknown as {
        unityInstance: { SendMessage: (...a: string[]) => void };
        unityAnswered: (json: string) => void;
      };
      const record = w.unityInstance.SendMessage;
      w.unityInstance.SendMessage = (...a: string[]) => {
        record(...a);
        w.unityAnswered(a[2] as string);
      };
    });
    const lobbyUrl = `${suite.server.origin}/lobby`;
    await unitySend(page, '1', 'showRealPlayError', {
      error: { code: 'PLAYER_UNAUTHORIZED', message: 'expired', retryAfterMs: null },
      lobbyUrl,
    });
    const lobby = page.locator('[data-plyr="lobby"]');
    await expect(lobby.textContent()).resolves.toBe('Back to the casino');
    // Only the lobby mends a refused launch: no "Try again".
    expect(await page.locator('[data-plyr="retry"]').count()).toBe(0);
    await Promise.all([page.waitForURL(lobbyUrl), lobby.click()]);
    expect(answers.map((a) => JSON.parse(a))).toContainEqual({ id: '1', ok: true, result: 'lobby' });

    const again = await openGame();
    await unitySend(again, '2', 'showRealPlayError', { error: { code: 'NETWORK', message: 'offline' } });
    await again.locator('[data-plyr="retry"]').click();
    expect(await unityAnswer(again, '2')).toEqual({ id: '2', ok: true, result: 'retry' });
  });

  it('plyr-kit.ui.umd.js missing: a NETWORK answer that names the file; arguments are checked', async () => {
    const page = await openGame({ scriptUrl: '/missing/plyr-kit.ui.umd.js' });
    await unitySend(page, '1', 'showLogin');
    const answer = await unityAnswer(page, '1');
    expect(answer).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(JSON.stringify(answer)).toContain('plyr-kit.ui.umd.js');
    await unitySend(page, '2', 'showRealPlayError', { error: 'oops' });
    expect(await unityAnswer(page, '2')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
