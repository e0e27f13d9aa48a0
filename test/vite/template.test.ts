/**
 * The README's "Start from Phaser's Vite template", followed on a fixture project for Phaser 3 and Phaser 4: its
 * vite.config.js and src/main.js are the README's blocks, plyr-kit is the built dist/ installed as a package. Vite
 * builds it (without the plugin's dev server parts), then serves it with `plyrKit()`; in Chromium a sandbox player
 * signs in through the login scene with the code from the plugin's 2FA route, and the game shows the session.
 * Needs `npm run build` first.
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
  });
}
