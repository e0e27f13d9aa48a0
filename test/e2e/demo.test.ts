// The demo game in real headless Chromium, served exactly as `npm run demo` serves it (sandbox, signing endpoint,
// static game with its CSP): log in, restore on reload, log out, wrong code, guest -> claim, a phone-sized run.
import { expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  describeInBrowser,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo, useDemoPages } from '../helpers/e2e-demo.js';

const CLAIMING_CODE = /^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/;

// A browser flow takes a few seconds (the guest scene checks for the claim every 5 s); the global default is 20 s.
jest.setTimeout(60_000);

describeInBrowser('demo game in Chromium', () => {
  const suite = useServerAndChromium(startDemo);
  // No uncaught errors and nothing the page's CSP had to block, in any flow (checked after each test).
  const openDemoPage = useDemoPages(suite);

  /** A fresh browser profile (empty IndexedDB) with the demo open on its title screen. */
  const openDemo = (options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> =>
    openDemoPage({ viewport: { width: 1100, height: 760 }, ...options });

  /** The demo player's code as the dev panel shows it (it polls the sandbox every second). */
  async function panelCode(page: Page): Promise<string> {
    await page.waitForFunction(() =>
      /^\d{6}$/.test(document.querySelector('[data-demo="demo-code"]')?.textContent ?? ''),
    );
    return (await page.textContent('[data-demo="demo-code"]')) ?? '';
  }

  async function playerShown(page: Page): Promise<string> {
    await page.waitForSelector('body[data-scene="Play"] [data-demo="plyr-id"]');
    return (await page.textContent('[data-demo="plyr-id"]')) ?? '';
  }

  it('logs in with the demo player code from the dev panel, stays signed in on reload, logs out', async () => {
    const page = await openDemo();
    expect(await page.textContent('[data-demo="demo-plyr-id"]')).toBe('demo-player');
    await page.click('[data-demo="login"]');
    await page.fill('[data-plyr="plyr-id"]', 'demo-player');
    await page.fill('[data-plyr="otp"]', await panelCode(page));
    await saveScreenshot(page, 'login', { docs: true });
    await page.click('[data-plyr="submit"]');
    expect(await playerShown(page)).toBe('demo-player');
    await page.waitForSelector('[data-demo="events"] li:has-text("login: demo-player")');
    await saveScreenshot(page, 'play');

    await page.reload();
    expect(await playerShown(page)).toBe('demo-player');

    await page.click('[data-plyr="logout"]');
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
    await page.reload();
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
    expect(await page.$('[data-demo="plyr-id"]')).toBeNull();
  });

  it('shows the error for a wrong code and stays on the login scene', async () => {
    const page = await openDemo();
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    // A code that is none of the current, previous or next one (the platform accepts a window of ±1 step).
    const now = Date.now();
    const valid = new Set([-30_000, 0, 30_000].map((d) => sandbox.totp('demo-player', now + d)));
    let wrong = 0;
    while (valid.has(String(wrong).padStart(6, '0'))) wrong++;
    await page.click('[data-demo="login"]');
    await page.fill('[data-plyr="plyr-id"]', 'demo-player');
    await page.fill('[data-plyr="otp"]', String(wrong).padStart(6, '0'));
    await page.click('[data-plyr="submit"]');
    const error = page.locator('[data-plyr="error"]');
    await error.waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => (document.querySelector('[data-plyr="error"]')?.textContent ?? '').trim().length > 0,
    );
    expect(((await error.textContent()) ?? '').trim()).not.toBe('');
    await saveScreenshot(page, 'login-error');
    expect(await page.$('body[data-scene="Play"]')).toBeNull();
  });

  it('plays as guest, reveals the claiming code, is claimed on the platform and notices it', async () => {
    const page = await openDemo();
    await page.click('[data-demo="guest"]');
    const guestId = await playerShown(page);
    expect(guestId).not.toBe('');
    expect(await page.textContent('.demo-tag')).toBe('guest');

    await page.click('[data-demo="save"]');
    await page.click('[data-plyr="claim"]');
    await page.waitForFunction(
      (pattern) =>
        new RegExp(pattern).test(
          document.querySelector('[data-plyr="claiming-code"]')?.textContent?.trim() ?? '',
        ),
      CLAIMING_CODE.source,
    );
    const code = ((await page.textContent('[data-plyr="claiming-code"]')) ?? '').trim();
    await saveScreenshot(page, 'guest', { docs: true });

    // The dev panel got the same code from the plugin's event and claims it as the player would on the platform.
    await page.waitForFunction(
      (c) => document.querySelector('[data-demo="claim-code"]')?.textContent === c,
      code,
    );
    await page.click('[data-demo="claim"]');
    await page.waitForSelector('[data-demo="claim-result"]:has-text("Claimed as")');

    const result = (await page.textContent('[data-demo="claim-result"]')) ?? '';
    const claimedId = /Claimed as ([a-z0-9-]+)/.exec(result)?.[1] ?? '';
    expect(claimedId).not.toBe('');

    // The game notices (the guest scene checks the session while the code shows): the guest session ends as
    // claimed and the panel offers to log in to the saved account.
    await page.waitForSelector('[data-demo="events"] li:has-text("guest:claimed")');
    await page.waitForSelector(`[data-demo="events"] li:has-text("logout: ${guestId} (claimed)")`);
    await page.locator('[data-plyr="login"]').click();

    // The saved account is a full account now: log in to it.
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    await page.fill('[data-plyr="plyr-id"]', claimedId);
    await page.fill('[data-plyr="otp"]', sandbox.totp(claimedId));
    await page.click('[data-plyr="submit"]');
    await page.waitForFunction(
      (id) => document.querySelector('[data-demo="plyr-id"]')?.textContent === id,
      claimedId,
    );
    expect(await page.$('body[data-scene="Play"] .demo-tag')).toBeNull();
  });

  it('forgets a guest on "Forget guest" and stays on the title screen after a reload', async () => {
    const page = await openDemo();
    await page.click('[data-demo="guest"]');
    const guestId = await playerShown(page);
    expect(await page.textContent('[data-plyr="logout"]')).toBe('Forget guest');
    await page.click('[data-plyr="logout"]');
    await page.waitForSelector('body[data-scene="Title"] [data-demo="guest"]');
    await page.waitForSelector(`[data-demo="events"] li:has-text("logout: ${guestId} (user)")`);
    await page.reload();
    await page.waitForSelector('body[data-scene="Title"] [data-demo="guest"]');
  });

  it('works on a 360 px wide phone screen', async () => {
    const page = await openDemo({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    await page.tap('[data-demo="login"]');
    const otp = page.locator('[data-plyr="otp"]');
    await otp.waitFor({ state: 'visible' });
    for (const hook of ['plyr-id', 'otp', 'submit']) {
      const box = await page.locator(`[data-plyr="${hook}"]`).boundingBox();
      expect(box).not.toBeNull();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
      expect(box?.height).toBeGreaterThanOrEqual(20);
    }
    // Another seeded player: a code can be used only once, and the desktop run already used demo-player's.
    await page.fill('[data-plyr="plyr-id"]', 'second-player');
    await otp.fill(sandbox.totp('second-player'));
    await saveScreenshot(page, 'login-360');
    await page.tap('[data-plyr="submit"]');
    expect(await playerShown(page)).toBe('second-player');
    const logout = await page.locator('[data-plyr="logout"]').boundingBox();
    expect((logout?.x ?? 0) + (logout?.width ?? 0)).toBeLessThanOrEqual(360);
    await saveScreenshot(page, 'play-360');
    await page.tap('[data-plyr="logout"]');
    await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
  });
});

describeInBrowser('demo game in Chromium, relay mode', () => {
  const suite = useServerAndChromium(() => startDemo({ mode: 'relay' }));

  it('plays as guest with the browser talking only to the demo server', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems = watchPage(page);
    const origins = new Set<string>();
    page.on('request', (req) => origins.add(new URL(req.url()).origin));
    await page.goto(suite.server.url);
    await page.click('[data-demo="guest"]');
    await page.waitForSelector('body[data-scene="Play"] .demo-tag');
    await context.close();
    // Besides the game's server, only the platform's IPFS gateway (the sandbox's stand-in) for the avatar image.
    expect([...origins].filter((o) => o !== suite.server.sandbox?.url)).toEqual([suite.server.url]);
    expect(problems.errors).toEqual([]);
  });
});
