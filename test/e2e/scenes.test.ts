// Every scene of the demo (its Title and Play scenes, the plugin's login and guest panels) at desktop size and on
// phones held upright (360×640) and sideways (740×400), in real headless Chromium: every control reachable and not
// clipped, touch targets of at least 44 px on phones, a visible cue when a panel must scroll, no serious or critical
// axe-core violation; a screenshot of each in docs/screenshots/. And two tabs: a sign-in in one moves the other on.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo, useDemoPages } from '../helpers/e2e-demo.js';
import { axeViolations, layoutProblems, SIZES, type SizeName, scrollCue } from '../helpers/e2e-layout.js';

jest.setTimeout(120_000);

describeInBrowser('demo scenes at desktop and phone sizes', () => {
  const suite = useServerAndChromium(startDemo);
  const openDemoPage = useDemoPages(suite);
  const open = (size: SizeName): Promise<Page> => openDemoPage(SIZES[size]);

  /** Checks the scene on screen and saves its screenshot as `<scene>-<size>`. */
  async function check(page: Page, scene: string, size: SizeName): Promise<void> {
    const phone = size !== 'desktop';
    expect(await layoutProblems(page, phone)).toEqual([]);
    const { scrolls, cue } = await scrollCue(page);
    if (scrolls) expect(cue).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await saveScreenshot(page, `${scene}-${size}`, { docs: true });
  }

  it.each(Object.keys(SIZES) as SizeName[])('every scene at %s size', async (size) => {
    const page = await open(size);
    await check(page, 'title', size);

    await page.click('[data-demo="login"]');
    await page.waitForSelector('[data-plyr="otp"]');
    await check(page, 'login', size);
    await page.click('[data-plyr="back"]');

    await page.click('[data-demo="guest"]');
    await page.waitForSelector('body[data-scene="Play"] [data-demo="plyr-id"]');
    await check(page, 'play', size);

    await page.click('[data-demo="save"]');
    await page.waitForSelector('[data-plyr="claim"]:visible');
    await check(page, 'guest', size);
    await page.click('[data-plyr="claim"]');
    await page.waitForSelector('[data-plyr="claiming-code"]:has-text("-")');
    await page.waitForSelector('[data-plyr="qr"]:visible');
    await check(page, 'guest-code', size);
  });
});

describeInBrowser('demo in two tabs', () => {
  const suite = useServerAndChromium(startDemo);

  it('a sign-in in one tab moves the other on: its Title scene, and its open login panel', async () => {
    const context = await suite.browser.newContext();
    try {
      const [first, second, third] = await Promise.all([
        context.newPage(),
        context.newPage(),
        context.newPage(),
      ]);
      const problems = [first, second, third].map(watchPage);
      for (const page of [first, second, third]) {
        await page.goto(suite.server.url);
        await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
      }
      // The third tab has its login panel open.
      await third.click('[data-demo="login"]');
      await third.waitForSelector('[data-plyr="otp"]');
      const sandbox = suite.server.sandbox;
      if (!sandbox) throw new Error('expected the sandbox');
      await first.click('[data-demo="login"]');
      await first.fill('[data-plyr="plyr-id"]', 'demo-player');
      await first.fill('[data-plyr="otp"]', sandbox.totp('demo-player'));
      await first.click('[data-plyr="submit"]');
      for (const page of [first, second, third]) {
        await page.waitForSelector('body[data-scene="Play"] [data-demo="plyr-id"]:has-text("demo-player")');
      }
      expect(await third.$('[data-plyr="overlay"]')).toBeNull();
      expect(problems.flatMap((p) => p.errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
