/**
 * Layout and accessibility checks of the plugin's panels in Chromium, shared by the demo's scene suite and the
 * consent suite: the sizes a phone is held at, controls reachable and not clipped (44 px touch targets on phones), a
 * visible cue on a panel that must scroll, and axe-core's serious and critical violations.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;
};

/** Desktop, and a phone held upright (360×640) and sideways (740×400). */
export const SIZES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  landscape: { viewport: { width: 740, height: 400 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;
export type SizeName = keyof typeof SIZES;

/** The controls a player uses in the game area (the dev panel beside the game is a tool, not a scene). */
const CONTROLS =
  '#game button:not([hidden]), #game input:not([hidden]), #game a[href]:not([hidden]), #game select:not([hidden])';

/** What is wrong with the scene's controls at this size: unreachable, clipped, too small to touch. */
export async function layoutProblems(page: Page, phone: boolean): Promise<string[]> {
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
        // The scroll cue is not a hit target (elementFromPoint passes through it), so check its box.
        const cue = document.querySelector<HTMLElement>('[data-plyr="scroll-cue"]');
        const cueBox = cue && cue.offsetParent !== null ? cue.getBoundingClientRect() : null;
        if (
          cueBox &&
          cueBox.height > 0 &&
          cueBox.left < box.right - 1 &&
          box.left < cueBox.right - 1 &&
          cueBox.top < box.bottom - 1 &&
          box.top < cueBox.bottom - 1
        )
          found.push(`${name(el)} is covered by the scroll cue`);
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
export async function scrollCue(page: Page): Promise<{ scrolls: boolean; cue: boolean }> {
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const panel = document.querySelector<HTMLElement>('[data-plyr="overlay"] form');
    const cue = document.querySelector<HTMLElement>('[data-plyr="scroll-cue"]');
    const shown =
      !!cue &&
      cue.offsetParent !== null &&
      cue.getBoundingClientRect().height > 0 &&
      getComputedStyle(cue).visibility !== 'hidden';
    return { scrolls: !!panel && panel.scrollHeight > panel.clientHeight + 1, cue: shown };
  });
}

/** Serious and critical axe-core violations of the page. */
export async function axeViolations(page: Page): Promise<string[]> {
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
