/**
 * The README's "Start from Phaser's Vite template", followed on the template's own layout (phaserjs/template-vite:
 * vite/config.dev.mjs for `npm run dev`, vite/config.prod.mjs for `npm run build`, src/game/main.js and its scenes)
 * with Phaser 3 and Phaser 4: the files the README edits are its blocks, plyr-kit is the built dist/ installed as a
 * package. Vite builds it with the production config (no plugin, no sandbox), then serves it with the dev config as
 * `npm run dev` does; in Chromium a sandbox player signs in through the login scene with the code from the plugin's
 * 2FA route, the game shows the session, and on a phone's screen, upright and sideways, every control of the login
 * panel is on screen (the template's Scale.FIT kept). Needs `npm run build` first.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium, watchPage } from '../helpers/e2e-browser.js';
import {
  buildFixture,
  type FixtureProject,
  type FixtureServer,
  makeFixtureProject,
  serveFixture,
} from '../helpers/vite-fixture.js';

/** All the JavaScript a build wrote. */
function builtJs(root: string): string {
  const dir = join(root, 'dist', 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const CASES = [
  ['Phaser 4', 'phaser', 'localhost'],
  ['Phaser 3', 'phaser3', '127.0.0.1'],
] as const;

for (const [name, phaser, host] of CASES) {
  describeInBrowser(`README Vite template on ${name}`, () => {
    let project: FixtureProject;
    let server: FixtureServer | undefined;
    let browser: Browser | undefined;
    beforeAll(async () => {
      project = makeFixtureProject(phaser);
      await buildFixture(project.root);
      server = await serveFixture(project.root);
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      project?.remove();
    });

    it('builds without the dev server parts: no sandbox address, the platform as apiBase', () => {
      const js = builtJs(project.root);
      // The Phaser this case is about (Phaser writes its version into the bundle).
      const { version } = JSON.parse(
        readFileSync(join(project.root, 'node_modules', 'phaser', 'package.json'), 'utf8'),
      ) as { version: string };
      expect(version.startsWith(phaser === 'phaser' ? '4.' : '3.')).toBe(true);
      // (booleans, not the bundle: a failure message of several MB helps nobody)
      expect(['"', "'", '`'].some((q) => js.includes(`${q}${version}${q}`))).toBe(true);
      expect(js.includes('https://api.plyr.network')).toBe(true);
      expect(/http:\/\/127\.0\.0\.1:\d+/.test(js)).toBe(false);
    });

    it("keeps the template's dev server settings (port 8080) and its scale mode", () => {
      const dev = readFileSync(join(project.root, 'vite', 'config.dev.mjs'), 'utf8');
      expect(dev).toContain('plyrKit(');
      expect(dev).toContain('server: { port: 8080 }');
      const game = readFileSync(join(project.root, 'src', 'game', 'main.js'), 'utf8');
      expect(game).toContain('mode: Scale.FIT');
      expect(JSON.parse(readFileSync(join(project.root, 'package.json'), 'utf8')).scripts.dev).toBe(
        'vite --config vite/config.dev.mjs',
      );
    });

    it('prints the sandbox players and where their codes are', () => {
      const banner = server!.banner;
      expect(banner).toContain('plyr-kit platform: local sandbox http://127.0.0.1:');
      expect(banner).toContain('(game my-game)');
      expect(banner).toContain(`signing endpoint: ${new URL('/plyr/relay', server!.url).href} (relay mode)`);
      expect(banner).toContain('sandbox players: demo-player, second-player');
      expect(banner).toContain(`their 2FA codes: ${new URL('/sandbox/totp/', server!.url).href}<plyrId>`);
    });

    it(`signs a sandbox player in through the login scene on http://${host}`, async () => {
      const pageUrl = new URL(server!.url);
      pageUrl.hostname = host;
      const context = await browser!.newContext();
      const page = await context.newPage();
      const problems = watchPage(page);
      const refused: string[] = [];
      page.on('response', (res) => {
        if (res.status() >= 400) refused.push(`${res.status()} ${res.url()}`);
      });
      await page.goto(pageUrl.href);
      await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 30_000 });
      await page.fill('[data-plyr="plyr-id"]', 'demo-player');
      const code = (await (await fetch(new URL('/sandbox/totp/demo-player', pageUrl))).json()) as {
        otp: string;
      };
      await page.fill('[data-plyr="otp"]', code.otp);
      await page.click('[data-plyr="submit"]');
      await page.getByText('Signed in as demo-player').waitFor({ timeout: 15_000 });
      // A reload restores the session from IndexedDB: the game signed in for real, under the sandbox's apiBase.
      await page.reload();
      await page.getByText('Signed in as demo-player').waitFor({ timeout: 30_000 });
      await context.close();
      expect(refused).toEqual([]);
      expect(problems.errors).toEqual([]);
    }, 60_000);

    for (const [width, height] of [
      [360, 640],
      [740, 400],
    ] as const) {
      it(`shows every control of the login panel on a ${width}×${height} screen`, async () => {
        const context = await browser!.newContext({ viewport: { width, height }, hasTouch: true });
        const page = await context.newPage();
        await page.goto(server!.url);
        await page.getByRole('button', { name: 'Sign in' }).click({ timeout: 30_000 });
        await page.waitForSelector('[data-plyr="plyr-id"]');
        const offScreen = await page.evaluate(
          ([w, h]) =>
            [
              ...document.querySelectorAll<HTMLElement>(
                '[data-plyr] input, [data-plyr] button, input, button',
              ),
            ]
              .filter((el) => el.offsetParent !== null)
              .map((el) => {
                el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
                const r = el.getBoundingClientRect();
                return { hook: el.dataset.plyr ?? el.textContent, r };
              })
              .filter(
                ({ r }) => r.left < 0 || r.top < 0 || r.right > (w as number) || r.bottom > (h as number),
              )
              .map(({ hook }) => hook),
          [width, height],
        );
        await context.close();
        expect(offScreen).toEqual([]);
      }, 60_000);
    }
  });
}
