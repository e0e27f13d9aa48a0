// Every scene of the demo (its Title and Play scenes, the plugin's login and guest panels) at desktop size and on
// phones held upright (360×640) and sideways (740×400), in real headless Chromium: every control reachable and not
// clipped, touch targets of at least 44 px on phones, a visible cue when a panel must scroll, no serious or critical
// axe-core violation; a screenshot of each in docs/screenshots/. And two tabs: a sign-in in one moves the other on.
import { createRequire } from 'node:module';
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  saveScreenshot,
  useServerAndChromium,
  watchPage,
} from '../helpers/e2e-browser.js';
import { startDemo, useDemoPages } from '../helpers/e2e-demo.js';

jest.setTimeout(120_000);

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;
};

const SIZES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  landscape: { viewport: { width: 740, height: 400 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;
type SizeName = keyof typeof SIZES;

/** The controls a player uses in the game area (the dev panel beside the game is a tool, not a scene). */
const CONTROLS =
  '#game button:not([hidden]), #game input:not([hidden]), #game a[href]:not([hidden]), #game select:not([hidden])';

/** What is wrong with the scene's controls at this size: unreachable, clipped, too small to touch. */
async function layoutProblems(page: Page, phone: boolean): Promise<string[]> {
  return page.evaluate(
    ({ selector, phone }) => {
      const found: string[] = [];
      const name = (el: Element) =>
        `${el.tagName.toLowerCase()}[${(el as HTMLElement).dataset.plyr ?? (el as HTMLElement).dataset.demo ?? el.textContent?.trim()}]`;
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        if (el.offsetParent === null) continue; // not shown
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const box = el.getBoundingClientRect();
        const { innerWidth: w, innerHeight: h } = window;
        if (box.left < -0.5 || box.top < -0.5 || box.right > w + 0.5 || box.bottom > h + 0.5)
          found.push(`${name(el)} is outside the ${w}×${h} screen`);
        // Clipped by a scrolling or overflow-hidden ancestor: the middle and the corners must hit the control.
        const inset = 2;
        const points = [
          [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
          [box.left + inset, box.top + inset],
          [box.right - inset, box.bottom - inset],
        ];
        for (const [x, y] of points) {
          const hit = document.elementFromPoint(x as number, y as number);
          if (!hit || !(hit === el || el.contains(hit) || hit.contains(el)))
            found.push(
              `${name(el)} is covered or clipped at ${Math.round(x as number)},${Math.round(y as number)}`,
            );
        }
        if (phone && (box.height < 44 || box.width < 44))
          found.push(`${name(el)} is ${Math.round(box.width)}×${Math.round(box.height)} px, under 44 px`);
      }
      // A panel that scrolls shows a cue until its end is in view.
      const panel = document.querySelector<HTMLElement>('[data-plyr="overlay"] form');
      if (panel) {
        panel.scrollTop = 0;
        panel.dispatchEvent(new Event('scroll'));
      }
      return found;
    },
    { selector: CONTROLS, phone },
  );
}

/** Whether the open panel scrolls, and whether its scroll cue shows (checked at the top of the panel). */
async function scrollCue(page: Page): Promise<{ scrolls: boolean; cue: boolean }> {
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const panel = document.querySelector<HTMLElement>('[data-plyr="overlay"] form');
    const cue = document.querySelector<HTMLElement>('[data-plyr="scroll-cue"]');
    const shown = !!cue && cue.offsetParent !== null && cue.getBoundingClientRect().height > 0;
    return { scrolls: !!panel && panel.scrollHeight > panel.clientHeight + 1, cue: shown };
  });
}

/** Serious and critical axe-core violations of the page. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document.getElementById('game'), { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

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
