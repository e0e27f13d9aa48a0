/**
 * examples/pixi and examples/plain-canvas as a user runs them: each copied to a temporary directory with plyr-kit
 * (the built dist/) and its packages installed, served by `vite` dev with the example's own vite.config.js (plyrKit()'s
 * sandbox, relay and MG+ relay, and the example's round route), and played in Chromium: a sandbox player signs in with
 * the code from the plugin's 2FA route, opens the account and logs out; a casino launch plays one real-money round
 * that moves the sandbox wallet once; a refused launch shows the real-play panel with "Back to the casino". On the
 * PixiJS example the panels also meet the quality bars: keyboard only, 360×640 and 740×400 with every control
 * reachable and touchable (44 px), the scroll cue over no control, and no serious axe-core violation. Needs
 * `npm run build` first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  describeInBrowser,
  launchChromium,
  saveScreenshot,
  useWatchedPages,
} from '../helpers/e2e-browser.js';
import { axeViolations, layoutProblems, SIZES, type SizeName, scrollCue } from '../helpers/e2e-layout.js';
import {
  buildFixture,
  type FixtureProject,
  type FixtureServer,
  makeExampleProject,
  serveFixture,
} from '../helpers/vite-fixture.js';

jest.setTimeout(60_000);

/** The MG+ game id the examples play (their vite.config.js and main.js). */
const GAME = 'my-game';

interface Ledger {
  entries: Array<{ playerId: string; roundId: string; kind: string }>;
  balances: Record<string, number>;
  openRounds: string[];
}

const EXAMPLES = [
  ['pixi', ['pixi.js']],
  ['plain-canvas', []],
] as const;

for (const [name, packages] of EXAMPLES) {
  describeInBrowser(`examples/${name} in Chromium`, () => {
    let project: FixtureProject | undefined;
    let server: FixtureServer | undefined;
    let browser: Browser | undefined;
    /** The sandbox the dev server started (its URL, from the plugin's banner). */
    let sandbox = '';
    beforeAll(async () => {
      project = makeExampleProject(name, packages);
      [server, browser] = await Promise.all([serveFixture(project.root), launchChromium()]);
      sandbox = /plyr-kit platform: local sandbox (http:\/\/127\.0\.0\.1:\d+)/.exec(server.banner)?.[1] ?? '';
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      project?.remove();
    });
    const newPage = useWatchedPages({
      get browser() {
        return browser as Browser;
      },
    });

    const url = (path: string) => new URL(path, server?.url).href;
    const totp = async (plyrId: string) =>
      ((await (await fetch(url(`/sandbox/totp/${plyrId}`))).json()) as { otp: string }).otp;
    const ledger = async () => (await (await fetch(`${sandbox}/sandbox/mgplus/ledger`)).json()) as Ledger;
    /** A casino's launch of the game: the sandbox's MG+ mints the token, the URL is the dev server's page. */
    const launchUrl = async (launch: Record<string, unknown>) => {
      const res = await fetch(`${sandbox}/sandbox/mgplus/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ player: 'eur', game: GAME, url: url('/'), ...launch }),
      });
      return ((await res.json()) as { url: string }).url;
    };
    const status = (page: Page, text: string | RegExp) =>
      page.locator('#status', { hasText: text }).waitFor({ state: 'attached', timeout: 30_000 });
    async function open(size: SizeName = 'desktop', path = '/'): Promise<Page> {
      const page = await newPage({ ...SIZES[size], locale: 'en-US' });
      await page.goto(path.startsWith('http') ? path : url(path));
      return page;
    }

    it('builds for production without the dev server parts: no sandbox, the platform as apiBase', async () => {
      await buildFixture(project?.root as string);
      const assets = join(project?.root as string, 'dist', 'assets');
      const js = readdirSync(assets)
        .filter((file) => file.endsWith('.js'))
        .map((file) => readFileSync(join(assets, file), 'utf8'))
        .join('\n');
      // (booleans, not the bundle: a failure message of a megabyte helps nobody)
      expect(js.includes('https://api.plyr.network')).toBe(true);
      expect(/http:\/\/127\.0\.0\.1:\d+|\/dev\/launch|sandbox\/totp/.test(js)).toBe(false);
    });

    it('signs a sandbox player in with a 2FA code, shows the account panel and logs out', async () => {
      const page = await open();
      await status(page, 'Not signed in');
      await page.click('#sign-in');
      await page.fill('[data-plyr="plyr-id"]', 'demo-player');
      await page.fill('[data-plyr="otp"]', await totp('demo-player'));
      await page.click('[data-plyr="submit"]');
      await status(page, 'Signed in as demo-player');
      await page.click('#account');
      await page.click('[data-plyr="logout"]');
      await status(page, 'Not signed in');
      expect(await page.isVisible('#sign-in')).toBe(true);
      expect(await page.locator('[data-plyr="overlay"]').count()).toBe(0);
    });

    it('plays one real-money round from a casino launch: the wallet moves once', async () => {
      const before = await ledger();
      // The sandbox's MG+ mints the launch: as a test asks it (pixi), or through plyrKit()'s /sandbox/realplay.
      const page = await open(
        'desktop',
        name === 'pixi' ? await launchUrl({}) : '/sandbox/realplay?player=eur',
      );
      await status(page, 'Balance €1,000.50');
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/round'),
        page.click('#play'),
      ]);
      expect(response.status()).toBe(200);
      const round = (await response.json()) as { win: number; balance: number };
      const after = await ledger();
      const moves = after.entries.slice(before.entries.length);
      // One round: its debit and its closing credit, nothing open, the balance moved by win − bet (bet 1).
      expect(moves.map((m) => m.kind)).toEqual(['debit', 'credit']);
      expect(new Set(moves.map((m) => m.roundId)).size).toBe(1);
      expect(after.openRounds).toEqual([]);
      const playerId = moves[0]?.playerId as string;
      expect(after.balances[playerId]).toBeCloseTo((before.balances[playerId] as number) - 1 + round.win, 8);
      expect(round.balance).toBe(after.balances[playerId]);
      await status(page, `Balance €${round.balance.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
      await saveScreenshot(page, `example-${name}-round`);
    });

    it('shows the real-play panel with "Back to the casino" when the casino refuses the launch', async () => {
      const page = await open(name === 'pixi' ? 'landscape' : 'desktop', await launchUrl({ expired: true }));
      const lobby = page.locator('[data-plyr="lobby"]');
      await lobby.waitFor({ timeout: 30_000 });
      expect(await lobby.textContent()).toBe('Back to the casino');
      expect(await page.textContent('[data-plyr="realplay-error"]')).toMatch(
        /expired|not valid|did not accept/,
      );
      if (name === 'pixi') {
        expect(await layoutProblems(page, true)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
      }
    });

    if (name !== 'pixi') return;

    it('signs in with the keyboard only: Tab and Enter through the login panel', async () => {
      const page = await open();
      await status(page, 'Not signed in');
      await page.keyboard.press('Tab'); // the first control of the page: Sign in
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in');
      await page.keyboard.press('Enter');
      await page.locator('[data-plyr="plyr-id"]').waitFor();
      // The panel takes the focus (its first field), wherever the tab order goes from there.
      expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.plyr)).toBe('plyr-id');
      await page.keyboard.type('second-player');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.plyr)).toBe('otp');
      await page.keyboard.type(await totp('second-player'));
      await page.keyboard.press('Enter');
      await status(page, 'Signed in as second-player');
      // Back on the game, the keyboard is on its next control.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('account');
    });

    it.each(['phone', 'landscape'] as SizeName[])(
      'at %s size the login and guest panels are reachable, touchable and pass axe-core',
      async (size) => {
        const page = await open(size);
        await status(page, 'Not signed in');
        await page.click('#sign-in');
        await page.locator('[data-plyr="plyr-id"]').waitFor();
        expect(await layoutProblems(page, true)).toEqual([]);
        const login = await scrollCue(page);
        expect(login.cue).toBe(login.scrolls);
        await saveScreenshot(page, `example-pixi-login-${size}`);
        expect(await axeViolations(page)).toEqual([]);

        // A guest at once, then its account panel: the claiming code, its QR code and link.
        await page.click('[data-plyr="guest"]');
        await status(page, /^Signed in as /);
        await page.click('#account');
        await page.locator('[data-plyr="claim"]').waitFor({ timeout: 15_000 });
        expect(await layoutProblems(page, true)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        // The claiming code revealed: the tallest panel (code, link, QR code), where a cue must not cover them.
        await page.click('[data-plyr="claim"]');
        await page.locator('[data-plyr="qr"]').waitFor({ timeout: 15_000 });
        expect(await layoutProblems(page, true)).toEqual([]);
        const guest = await scrollCue(page);
        expect(guest.cue).toBe(guest.scrolls);
        await saveScreenshot(page, `example-pixi-claim-${size}`);
        expect(await axeViolations(page)).toEqual([]);
      },
    );
  });
}
