// The player's spending consent in Chromium, on a Phaser game (the UMD build, as a page loads it) with the plugin of
// the split bundle, the sandbox and the relay on one origin: the login panel says what the game may spend before the
// code is typed, the sign-in approves it, the account panel shows the allowance, a code revokes it, and it is gone.
// At phone sizes every control is reachable (44 px targets) and axe-core finds nothing serious; the account panel's
// chunk that fails to download says so, and the next opening downloads it.
import { readFileSync } from 'node:fs';
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEFAULT_STRINGS } from '../../src/ui/strings.js';
import {
  describeInBrowser,
  saveScreenshot,
  useServerAndChromium,
  useWatchedPages,
} from '../helpers/e2e-browser.js';
import { axeViolations, layoutProblems, SIZES, type SizeName, scrollCue } from '../helpers/e2e-layout.js';
import { repoPath } from '../helpers/split-bundle.js';
import { startSplitBundleOnSandbox } from '../helpers/split-bundle-sandbox.js';

jest.setTimeout(120_000);

const page = (apiBase: string, gameId: string) => `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>consent</title>
<style>html, body { margin: 0; height: 100%; background: #0e1022 } #game { position: relative; width: 100vw; height: 100vh }</style>
<div id="game"></div>
<script src="/phaser.min.js"></script>
<script type="module">
  import { PlyrPlugin } from '/index.js';
  const game = new Phaser.Game({
    type: Phaser.CANVAS,
    parent: 'game',
    dom: { createContainer: true },
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH, width: 480, height: 720 },
    scene: [{ key: 'Title', create() {
      window.scene = 'Title';
      this.events.on('wake', () => { window.scene = 'Title'; });
    } }],
    plugins: { global: [{ key: 'plyr', plugin: PlyrPlugin, start: true, mapping: 'plyr', data: {
      gameId: ${JSON.stringify(gameId)}, signer: '/plyr/relay', apiBase: ${JSON.stringify(apiBase)}, storage: 'memory',
      spend: { tokens: [{ token: 'plyr', amount: '10' }], expiresIn: 7 * 86400 },
    } }] },
  });
  const plyr = () => game.plugins.get('plyr');
  window.showLogin = () => { window.scene = 'login'; plyr().showLogin({ returnTo: 'Title' }); };
  window.showAccount = () => { window.scene = 'account'; plyr().showGuest({ returnTo: 'Title' }); };
  window.ready = true;
</script>`;

const startConsentServer = () =>
  startSplitBundleOnSandbox({
    entry: { source: `export { PlyrPlugin } from ${JSON.stringify(repoPath('src', 'phaser', 'index.ts'))};` },
    page: (sandbox) => page(sandbox.url, sandbox.gameId),
    files: { '/phaser.min.js': readFileSync(repoPath('node_modules', 'phaser', 'dist', 'phaser.min.js')) },
  });

describeInBrowser('spending consent in Chromium', () => {
  const suite = useServerAndChromium(startConsentServer);
  const newPage = useWatchedPages(suite);
  const sandbox = () => suite.server.sandbox;

  async function open(size: SizeName = 'desktop'): Promise<Page> {
    suite.server.requests.length = 0;
    const browserPage = await newPage(SIZES[size]);
    await browserPage.goto(suite.server.url);
    await browserPage.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    return browserPage;
  }
  const call = (p: Page, name: 'showLogin' | 'showAccount') =>
    p.evaluate((n) => (window as unknown as Record<string, () => void>)[n]?.(), name);
  /** The scene the page is on once the panel has handed back (`Title`), or the panel it opened. */
  const backToTitle = (p: Page) =>
    p.waitForFunction(() => (window as unknown as { scene: string }).scene === 'Title', undefined, {
      timeout: 15_000,
    });

  async function signIn(p: Page, plyrId: string, code: string): Promise<void> {
    await call(p, 'showLogin');
    await p.fill('[data-plyr="plyr-id"]', plyrId);
    await p.fill('[data-plyr="otp"]', code);
    await p.click('[data-plyr="submit"]');
    await backToTitle(p);
  }

  it('signs in with spending consent, sees the allowance, revokes it with a code, and sees it gone', async () => {
    const p = await open();
    await call(p, 'showLogin');
    const consent = p.locator('[data-plyr="spend-consent"]');
    await consent.waitFor();
    // Said before anything is typed.
    expect(await p.inputValue('[data-plyr="otp"]')).toBe('');
    expect(await consent.textContent()).toMatch(
      /^This game may spend up to 10 PLYR from your PLYR wallet until .+\.$/,
    );
    await p.fill('[data-plyr="plyr-id"]', 'demo-player');
    await p.fill('[data-plyr="otp"]', sandbox().totp('demo-player'));
    await p.press('[data-plyr="otp"]', 'Enter');
    await backToTitle(p);
    expect(
      sandbox()
        .game.ledger()
        .allowances.map((r) => [r.token, r.amount]),
    ).toEqual([['plyr', '10']]);

    await call(p, 'showAccount');
    const allowance = p.locator('[data-plyr="allowance"]');
    await allowance.waitFor();
    expect(await allowance.locator('p').textContent()).toMatch(/^Up to 10 PLYR, until /);
    await allowance.locator('[data-plyr="revoke"]').click();
    await p.locator('[data-plyr="revoke-otp"]').waitFor();
    // The next step's code: the one of the sign-in was used up.
    await p.fill('[data-plyr="revoke-otp"]', sandbox().totp('demo-player', Date.now() + 30_000));
    await p.click('[data-plyr="revoke-confirm"]');
    await p.locator('[data-plyr="allowances-status"]', { hasText: 'no longer spend PLYR' }).waitFor();
    expect(await allowance.count()).toBe(0);
    expect(sandbox().game.ledger().allowances).toEqual([]);
  });

  it.each(['phone', 'landscape'] as SizeName[])(
    'at %s size the consent and the account panel are reachable, touchable and pass axe-core',
    async (size) => {
      const p = await open(size);
      await call(p, 'showLogin');
      await p.locator('[data-plyr="spend-consent"]').waitFor();
      const check = async (name: string) => {
        expect(await layoutProblems(p, true)).toEqual([]);
        const { scrolls, cue } = await scrollCue(p);
        if (scrolls) expect(cue).toBe(true);
        expect(await axeViolations(p)).toEqual([]);
        await saveScreenshot(p, `${name}-${size}`);
      };
      await check('consent-login');
      await p.click('[data-plyr="back"]');
      await backToTitle(p);
      // A code no other test used (the sandbox takes the previous, current and next step's; each only once).
      if (size === 'phone')
        await signIn(p, 'demo-player', sandbox().totp('demo-player', Date.now() - 30_000));
      else await signIn(p, 'second-player', sandbox().totp('second-player'));
      await call(p, 'showAccount');
      await p.locator('[data-plyr="revoke"]').waitFor();
      await check('account-allowances');
      await p.click('[data-plyr="revoke"]');
      await p.locator('[data-plyr="revoke-otp"]').waitFor();
      await p.fill('[data-plyr="revoke-otp"]', '000000');
      await p.click('[data-plyr="revoke-confirm"]');
      await p.locator('[data-plyr="error"]', { hasText: /./ }).waitFor();
      await check('account-revoke');
    },
  );

  it('an account panel that fails to download says so with the way back; the next opening downloads it', async () => {
    const p = await open();
    let offline = true;
    await p.route('**/chunks/guest-panel-*', (route) => (offline ? route.abort() : route.continue()));
    await call(p, 'showAccount');
    await p.locator('[data-plyr="error"]', { hasText: DEFAULT_STRINGS.errorNetwork }).waitFor();
    await p.click('[data-plyr="continue"]');
    await backToTitle(p);
    offline = false;
    await call(p, 'showAccount');
    // No session: the panel makes a guest account, as it always did.
    await p.locator('[data-plyr="claim"]').waitFor({ state: 'visible' });
    expect(suite.server.requests.filter((path) => path.includes('/guest-panel-'))).toHaveLength(1);
  });
});
