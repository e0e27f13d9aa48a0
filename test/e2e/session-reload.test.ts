// Issue #23, part 5: a signed-in session survives a reload made the moment the sign-in is announced. The demo in
// real headless Chromium (real IndexedDB): the page reloads itself as soon as the `login` event reaches the dev
// panel's log or the Play scene shows "Log out", whichever comes first, and the reloaded page must restore the
// session. Repeated so that a write still in flight at that moment would show.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInBrowser, useServerAndChromium } from '../helpers/e2e-browser.js';
import { startDemo, useDemoPages } from '../helpers/e2e-demo.js';

jest.setTimeout(90_000);

const TRIES = 5;

/** One clock for the sandbox and the signing endpoint, moved a TOTP step per try so no code is ever reused. */
let clockMs = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
const now = () => clockMs;

describeInBrowser('a sign-in survives a reload the moment it is announced', () => {
  const suite = useServerAndChromium(() =>
    startDemo({ sandboxOptions: { now }, signerOptions: { now, rateLimit: false } }),
  );
  const openDemo = useDemoPages(suite);

  /** Arms the page to reload itself the instant the sign-in shows: a `login` line in the log, or "Log out". */
  const reloadOnSignIn = (page: Page) =>
    page.evaluate(() => {
      const announced = () =>
        document.querySelector('[data-plyr="logout"]') !== null ||
        [...document.querySelectorAll('[data-demo="events"] li')].some((li) =>
          li.textContent?.startsWith('login: demo-player'),
        );
      const observer = new MutationObserver(() => {
        if (!announced()) return;
        observer.disconnect();
        location.reload();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });

  it(`finds the session after the reload, ${TRIES} times in a row`, async () => {
    const page = await openDemo({ viewport: { width: 1100, height: 760 } });
    const sandbox = suite.server.sandbox;
    if (!sandbox) throw new Error('the demo runs on its sandbox in tests');
    const restored: string[] = [];
    for (let i = 0; i < TRIES; i++) {
      clockMs += 30_000;
      await page.click('[data-demo="login"]');
      await page.fill('[data-plyr="plyr-id"]', 'demo-player');
      await page.fill('[data-plyr="otp"]', sandbox.totp('demo-player'));
      await reloadOnSignIn(page);
      const reloaded = page.waitForEvent('load');
      await page.click('[data-plyr="submit"]');
      await reloaded;
      // The reloaded page restores the stored session (Play) or has none (Title).
      const shown = await page.waitForSelector(
        'body[data-scene="Play"] [data-demo="plyr-id"], body[data-scene="Title"] [data-demo="login"]',
      );
      restored.push((await shown.getAttribute('data-demo')) === 'plyr-id' ? 'kept' : 'lost');
      if (restored.at(-1) === 'kept') {
        await page.click('[data-plyr="logout"]');
        await page.waitForSelector('body[data-scene="Title"] [data-demo="login"]');
      }
    }
    expect(restored).toEqual(Array(TRIES).fill('kept'));
  });
});
