// The Unity WebGL bridge in real headless Chromium: a page that plays the Unity loader's role (its own
// unityInstance.SendMessage recorder) loads dist/plyr-kit.unity.umd.js under the demo's strict CSP, initialises
// window.PlyrKit and logs in against the sandbox through the same-origin signing endpoint; the session survives a
// reload (IndexedDB) and the token never reaches "Unity". PLYR[CONNECT] through the sandbox's hosted page: in the
// iframe over the game (the bridge's default), and by redirect, which the page finishes by itself after the reload.
import { afterEach, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { BridgeEvent } from '../../src/unity/index.js';
import {
  describeInBrowser,
  type PageProblems,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import {
  unityAnswer,
  unityCall,
  unityEvent,
  unityInit,
  unityMessages,
  unitySend,
} from '../helpers/unity-page-calls.js';
import { startUnityPageServer } from '../helpers/unity-page-server.js';

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

describeInBrowser('Unity WebGL bridge in Chromium', () => {
  const suite = useServerAndChromium(startUnityPageServer);
  let problems: PageProblems;
  let context: BrowserContext | undefined;

  afterEach(async () => {
    await context?.close();
    context = undefined;
    // No uncaught errors and nothing the page's CSP had to block.
    expect(problems.errors).toEqual([]);
  });

  /** A fresh browser context on the stand-in Unity page (before `init`). */
  async function openGame(): Promise<Page> {
    context = await suite.browser.newContext();
    const page = await context.newPage();
    problems = watchPage(page);
    await page.goto(suite.server.pageUrl);
    return page;
  }

  const init = (page: Page): Promise<boolean> =>
    unityInit(page, {
      gameId: suite.server.sandbox.gameId,
      signer: { url: '/plyr/sign', mode: 'sign' },
      apiBase: suite.server.sandbox.url,
    });

  it('logs in through window.PlyrKit, restores the session after a reload, logs out', async () => {
    const page = await openGame();
    expect(await page.evaluate(() => typeof (window as unknown as { PlyrKit?: unknown }).PlyrKit)).toBe(
      'object',
    );
    expect(await init(page)).toBe(true);
    expect(await unityCall(page, '1', 'ready')).toEqual({ id: '1', ok: true, result: null });

    const otp = suite.server.sandbox.totp('demo-player');
    const login = await unityCall(page, '2', 'login', { plyrId: 'demo-player', otp });
    expect(login).toMatchObject({
      id: '2',
      ok: true,
      result: { plyrId: 'demo-player', gameId: suite.server.sandbox.gameId },
    });
    const events = (await unityMessages(page))
      .filter((m) => m.method === 'OnPlyrEvent')
      .map((m) => JSON.parse(m.value) as BridgeEvent);
    expect(events.map((e) => e.event)).toEqual(['ready', 'login', 'session']);
    expect(await unityCall(page, '3', 'userInfo')).toMatchObject({
      ok: true,
      result: { plyrId: 'demo-player' },
    });
    // Concurrent calls come back matched by id.
    await page.evaluate(() => {
      const kit = (window as unknown as { PlyrKit: { call: (...x: string[]) => void } }).PlyrKit;
      kit.call('c1', 'avatar', '');
      kit.call('c2', 'verifySession', '');
      kit.call('c3', 'nope', '');
    });
    expect(await unityCall(page, 'c3', 'session')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    expect((await unityCall(page, 'c1', 'session')).ok).toBe(true);
    expect(await unityCall(page, 'c2', 'session')).toMatchObject({
      ok: true,
      result: { plyrId: 'demo-player' },
    });

    // A reload (a new Unity session): the stored session comes back from IndexedDB.
    await page.reload();
    expect(await init(page)).toBe(true);
    expect(await unityCall(page, '4', 'ready')).toMatchObject({
      ok: true,
      result: { plyrId: 'demo-player' },
    });
    expect(await unityCall(page, '5', 'logout')).toEqual({ id: '5', ok: true, result: null });
    expect(await unityCall(page, '6', 'session')).toEqual({ id: '6', ok: true, result: null });

    const all = await unityMessages(page);
    expect(all.every((m) => m.gameObject === 'PlyrKit')).toBe(true);
    expect(all.some((m) => JWT.test(m.value))).toBe(false);
  });
  it('signs in with PLYR[CONNECT] in an iframe over the game, the default (a C# call is not a click)', async () => {
    const page = await openGame();
    expect(await init(page)).toBe(true);
    expect(await unityCall(page, '1', 'ready')).toEqual({ id: '1', ok: true, result: null });

    await unitySend(page, '2', 'connect');
    const frame = page.frameLocator('[data-plyr-connect="frame"]');
    await frame.locator('body[data-connect="ready"]').waitFor();
    await frame.locator('[data-connect="approve"]').click();
    expect(await unityAnswer(page, '2')).toMatchObject({
      id: '2',
      ok: true,
      result: { plyrId: 'demo-player', gameId: suite.server.sandbox.gameId },
    });
    await page.waitForSelector('[data-plyr-connect="overlay"]', { state: 'detached' });
    const events = (await unityMessages(page))
      .filter((m) => m.method === 'OnPlyrEvent')
      .map((m) => JSON.parse(m.value) as BridgeEvent);
    expect(events.find((e) => e.event === 'login')?.data).toMatchObject({ method: 'connect' });
    // The session's token stays in the page, as for a code login.
    expect((await unityMessages(page)).some((m) => JWT.test(m.value))).toBe(false);
  });

  it('the player closes the overlay or declines on the hosted page: CONNECT_CLOSED, CONNECT_DENIED', async () => {
    const page = await openGame();
    expect(await init(page)).toBe(true);

    await unitySend(page, '1', 'connect');
    await page.frameLocator('[data-plyr-connect="frame"]').locator('body[data-connect="ready"]').waitFor();
    await page.click('[data-plyr-connect="close"]');
    expect(await unityAnswer(page, '1')).toMatchObject({ ok: false, error: { code: 'CONNECT_CLOSED' } });

    await unitySend(page, '2', 'connect', { mode: 'iframe' });
    const frame = page.frameLocator('[data-plyr-connect="frame"]');
    await frame.locator('body[data-connect="ready"]').waitFor();
    await frame.locator('[data-connect="deny"]').click();
    expect(await unityAnswer(page, '2')).toMatchObject({ ok: false, error: { code: 'CONNECT_DENIED' } });
    await page.waitForSelector('[data-plyr-connect="overlay"]', { state: 'detached' });
    expect(await unityCall(page, '3', 'session')).toEqual({ id: '3', ok: true, result: null });
  });

  it('redirect: the tab goes to the hosted page and back; after Init the page signs in by itself (login, connect)', async () => {
    const page = await openGame();
    expect(await init(page)).toBe(true);
    await unitySend(page, '1', 'connect', { mode: 'redirect' });
    await page.waitForURL(`${suite.server.sandbox.url}/connect/?**`);
    await page.waitForSelector('body[data-connect="ready"]');
    await Promise.all([page.waitForURL(suite.server.pageUrl), page.click('[data-connect="approve"]')]);

    // A new Unity session: the game calls Init as it always does, and hears of the sign-in by the login event.
    expect(await init(page)).toBe(true);
    const login = await unityEvent(page, 'login');
    expect(login.data).toMatchObject({ method: 'connect', session: { plyrId: 'demo-player' } });
    expect(await unityCall(page, '2', 'session')).toMatchObject({
      ok: true,
      result: { plyrId: 'demo-player' },
    });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect((await unityMessages(page)).some((m) => JWT.test(m.value))).toBe(false);
  });
});
