// Sign in with PLYR[CONNECT] in real headless Chromium against the sandbox's hosted page: popup, iframe and
// redirect modes from a game page under a strict CSP (the core client's UMD build and the real signing endpoint),
// a blocked popup, a closed popup, a deny, a timeout, a forged answer from another origin — and the demo game's
// login scene button.
import { afterEach, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { startConnectGame } from '../helpers/connect-game-page.js';
import { approveOnSandbox, base64Json, requestDataOf } from '../helpers/connect-sandbox.js';
import {
  describeInBrowser,
  type PageProblems,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { SandboxClient } from '../helpers/sandbox-client.js';

jest.setTimeout(60_000);

interface Result {
  ok: boolean;
  plyrId?: string;
  code?: string;
  event?: boolean;
}

describeInBrowser('PLYR[CONNECT] in Chromium', () => {
  const suite = useServerAndChromium(startConnectGame);
  let context: BrowserContext;
  let problems: PageProblems[];

  afterEach(async () => {
    await context?.close();
    // No uncaught errors and nothing a CSP had to block, on the game page or on the hosted page.
    expect(problems.flatMap((p) => p.errors)).toEqual([]);
  });

  async function openGame(url = suite.server.url): Promise<Page> {
    context = await suite.browser.newContext();
    problems = [];
    context.on('page', (page) => problems.push(watchPage(page)));
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]');
    return page;
  }

  /** Clicks a connect button and returns the hosted page's popup once its script is ready. */
  async function openPopup(page: Page, button = '#popup'): Promise<Page> {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click(button)]);
    await popup.waitForSelector('body[data-connect="ready"]');
    return popup;
  }

  /** Waits (bounded) until the popup is gone; its `close` event may have fired already. */
  async function closed(popup: Page): Promise<void> {
    for (let i = 0; i < 100 && !popup.isClosed(); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(popup.isClosed()).toBe(true);
  }

  async function result(page: Page, index = 0): Promise<Result> {
    await page.waitForFunction(
      (i) => (window as unknown as { results: unknown[] }).results.length > i,
      index,
    );
    return page.evaluate((i) => (window as unknown as { results: Result[] }).results[i] as Result, index);
  }

  const sessionOf = (page: Page) =>
    page.evaluate(() => (window as unknown as { plyr: { session: { plyrId: string } | null } }).plyr.session);

  it('popup: the player approves on the hosted page and the game is signed in (login event, method connect)', async () => {
    const page = await openGame();
    const popup = await openPopup(page);
    expect(requestDataOf(popup.url())).toMatchObject({ mode: 'opener', gameId: suite.server.sandbox.gameId });
    await saveScreenshot(popup, 'connect-popup');
    await popup.click('[data-connect="approve"]');
    expect(await result(page)).toEqual({ ok: true, plyrId: 'demo-player' });
    await page.waitForSelector('body[data-login="connect:demo-player"]');
    await closed(popup);
    // Stored like a code login: a reload restores it.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    expect((await sessionOf(page))?.plyrId).toBe('demo-player');
  });

  it('popup: a deny, a closed window and a timeout each end the attempt with their code; no session', async () => {
    const page = await openGame();
    await (await openPopup(page)).click('[data-connect="deny"]');
    expect(await result(page, 0)).toEqual({ ok: false, code: 'CONNECT_DENIED' });

    const popup = await openPopup(page);
    await popup.close();
    expect(await result(page, 1)).toEqual({ ok: false, code: 'CONNECT_CLOSED' });

    const slow = await openPopup(page, '#popup-short');
    expect(await result(page, 2)).toEqual({ ok: false, code: 'CONNECT_TIMEOUT' });
    await closed(slow);
    expect(await sessionOf(page)).toBeNull();
  });

  it('popup: a popup the browser refuses rejects with CONNECT_BLOCKED and the page stays usable', async () => {
    const page = await openGame(`${suite.server.url}?popups=blocked`);
    await page.click('#popup');
    expect(await result(page)).toEqual({ ok: false, code: 'CONNECT_BLOCKED' });
    expect(context.pages()).toHaveLength(1);
    expect(await sessionOf(page)).toBeNull();
  });

  it('popup: a forged answer from another origin ends the attempt, even with the right callbackString and a real JWT', async () => {
    const page = await openGame();
    const popup = await openPopup(page);
    const request = requestDataOf(popup.url());
    // A genuine answer for this attempt, leaked to a page of another origin that frames inside the game.
    const { data } = await approveOnSandbox(suite.server.sandbox.url, request);
    const forged = {
      vendor: 'plyrconnect',
      action: 'login',
      callbackString: request.callbackString,
      callbackData: base64Json(data),
    };
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.id = 'evil';
      document.body.append(frame);
      return new Promise((resolve) => frame.addEventListener('load', resolve));
    }, suite.server.evilUrl);
    const evil = page.frames().find((f) => f.url().startsWith(suite.server.evilUrl));
    if (!evil) throw new Error('evil frame missing');
    await evil.evaluate((message) => parent.postMessage(message, '*'), forged);
    expect(await result(page)).toEqual({ ok: false, code: 'CONNECT_REJECTED' });
    expect(await sessionOf(page)).toBeNull();
    await closed(popup);
  });

  it('iframe: the hosted page in an overlay; approve signs in, the close button and Escape cancel', async () => {
    const page = await openGame();
    await page.click('#iframe');
    const frame = page.frameLocator('[data-plyr-connect="frame"]');
    await frame.locator('body[data-connect="ready"]').waitFor();
    await page.click('[data-plyr-connect="close"]');
    expect(await result(page, 0)).toEqual({ ok: false, code: 'CONNECT_CLOSED' });
    expect(await page.$('[data-plyr-connect="overlay"]')).toBeNull();

    // A modal dialog for keyboard players: focus on its close button, Escape closes, focus goes back.
    await page.click('#iframe');
    await frame.locator('body[data-connect="ready"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-plyr-connect'))).toBe(
      'close',
    );
    expect(await page.getAttribute('[data-plyr-connect="overlay"]', 'role')).toBe('dialog');
    await page.keyboard.press('Escape');
    expect(await result(page, 1)).toEqual({ ok: false, code: 'CONNECT_CLOSED' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('iframe');

    await page.click('#iframe');
    await frame.locator('body[data-connect="ready"]').waitFor();
    await saveScreenshot(page, 'connect-iframe');
    await frame.locator('[data-connect="approve"]').click();
    expect(await result(page, 2)).toEqual({ ok: true, plyrId: 'demo-player' });
    await page.waitForSelector('body[data-login="connect:demo-player"]');
    expect(await page.$('[data-plyr-connect="overlay"]')).toBeNull();
  });

  it('iframe: cancelConnect and a newer attempt end the one in the overlay with CONNECT_CLOSED', async () => {
    const page = await openGame();
    const frame = page.frameLocator('[data-plyr-connect="frame"]');
    await page.click('#iframe');
    await frame.locator('body[data-connect="ready"]').waitFor();
    await page.evaluate(() =>
      (window as unknown as { plyr: { cancelConnect(): void } }).plyr.cancelConnect(),
    );
    expect(await result(page, 0)).toEqual({ ok: false, code: 'CONNECT_CLOSED' });
    expect(await page.$('[data-plyr-connect="overlay"]')).toBeNull();

    await page.click('#iframe');
    await frame.locator('body[data-connect="ready"]').waitFor();
    // The game starts another attempt while the overlay is up (the overlay covers the button for a pointer).
    await page.evaluate(() => document.getElementById('iframe')?.click());
    expect(await result(page, 1)).toEqual({ ok: false, code: 'CONNECT_CLOSED' });
    await frame.locator('body[data-connect="ready"]').waitFor();
    expect(await page.locator('[data-plyr-connect="overlay"]').count()).toBe(1);
    await frame.locator('[data-connect="approve"]').click();
    expect(await result(page, 2)).toEqual({ ok: true, plyrId: 'demo-player' });
    expect(await sessionOf(page)).toMatchObject({ plyrId: 'demo-player' });
  });

  it('redirect: the tab goes to the hosted page and back; the client finishes the attempt by itself', async () => {
    const page = await openGame();
    await Promise.all([page.waitForURL(/\/connect\/\?action=login/), page.click('#redirect')]);
    const request = requestDataOf(page.url());
    expect(request).toMatchObject({
      mode: 'redirect',
      callbackUrl: suite.server.url,
      uid: expect.any(String),
    });
    await page.waitForSelector('body[data-connect="ready"]');
    await Promise.all([page.waitForURL(suite.server.url), page.click('[data-connect="approve"]')]);
    await page.waitForSelector('body[data-login="connect:demo-player"]');
    expect((await sessionOf(page))?.plyrId).toBe('demo-player');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The hand-off was revoked after use.
    const platform = new SandboxClient(
      suite.server.sandbox.url,
      suite.server.sandbox.apiKey,
      suite.server.sandbox.secretKey,
    );
    expect((await platform.get(`/api/auth/read/${String(request.uid)}`)).json).toEqual({
      error: 'Auth not found',
    });
  });
});

describeInBrowser('PLYR[CONNECT] in the demo game', () => {
  const suite = useServerAndChromium(startDemo);

  /** Approves on the hosted page in `mode`: the popup, the iframe over the game, or this tab itself. */
  async function approve(page: Page, mode: 'popup' | 'iframe' | 'redirect'): Promise<void> {
    if (mode === 'popup') {
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('[data-plyr="connect"]')]);
      await popup.waitForSelector('body[data-connect="ready"]');
      await popup.click('[data-connect="approve"]');
    } else if (mode === 'iframe') {
      await page.click('[data-plyr="connect"]');
      const frame = page.frameLocator('[data-plyr-connect="frame"]');
      await frame.locator('body[data-connect="ready"]').waitFor();
      await frame.locator('[data-connect="approve"]').click();
    } else {
      await Promise.all([page.waitForURL(/\/connect\//), page.click('[data-plyr="connect"]')]);
      await page.waitForSelector('body[data-connect="ready"]');
      await page.click('[data-connect="approve"]');
    }
  }

  it.each(['popup', 'iframe', 'redirect'] as const)(
    'signs in from the login scene\'s "Continue with PLYR[CONNECT]" button without typing a code (%s)',
    async (mode) => {
      const context = await suite.browser.newContext({ viewport: { width: 1100, height: 760 } });
      const problems: PageProblems[] = [];
      context.on('page', (p) => problems.push(watchPage(p)));
      try {
        const page = await context.newPage();
        await page.goto(suite.server.url);
        // The dev panel's links pick the mode (popup is the default).
        await page.waitForSelector(`[data-demo="connect-${mode}"]`);
        if (mode !== 'popup')
          await Promise.all([
            page.waitForURL(`**/?connect=${mode}`),
            page.click(`[data-demo="connect-${mode}"]`),
          ]);
        await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
        await page.click('[data-demo="login"]');
        await page.waitForSelector('[data-plyr="connect"]');
        await approve(page, mode);
        await page.waitForSelector('body[data-scene="Play"] [data-demo="plyr-id"]');
        expect(await page.textContent('[data-demo="plyr-id"]')).toBe('demo-player');
        if (mode !== 'popup') expect(await page.evaluate(() => location.search)).toBe(`?connect=${mode}`);
        if (mode === 'popup') await saveScreenshot(page, 'connect-demo');
        expect(problems.flatMap((p) => p.errors)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
