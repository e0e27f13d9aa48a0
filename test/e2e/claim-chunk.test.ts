// The Phaser guest scene's claiming-code block in Chromium, as a bundler splits the plugin for a game: the block is
// a chunk of its own, loaded with the first "save" click. When it cannot be downloaded the scene says what the
// player can do about it (the network message, not "something went wrong"), and the next click downloads it.
import { readFileSync } from 'node:fs';
import { expect, it, jest } from '@jest/globals';
import { DEFAULT_STRINGS } from '../../src/ui/strings.js';
import { describeInBrowser, useServerAndChromium } from '../helpers/e2e-browser.js';
import { repoPath, useChunkPages } from '../helpers/split-bundle.js';
import { startSplitBundleOnSandbox } from '../helpers/split-bundle-sandbox.js';

jest.setTimeout(90_000);

/** A Phaser game (the UMD build, as a page loads it) with the plugin of the split bundle, on the same-origin relay. */
const page = (apiBase: string, gameId: string) => `<!doctype html><meta charset="utf-8"><title>claim</title>
<div id="game"></div>
<script src="/phaser.min.js"></script>
<script type="module">
  import { PlyrPlugin } from '/index.js';
  const game = new Phaser.Game({
    type: Phaser.CANVAS,
    parent: 'game',
    width: 480,
    height: 640,
    dom: { createContainer: true },
    scene: [{ key: 'Title', create() { window.ready = true; } }],
    plugins: { global: [{ key: 'plyr', plugin: PlyrPlugin, start: true, mapping: 'plyr', data: {
      gameId: ${JSON.stringify(gameId)}, signer: '/plyr/relay', apiBase: ${JSON.stringify(apiBase)}, storage: 'memory',
    } }] },
  });
  window.showGuest = () => game.plugins.get('plyr').showGuest({ returnTo: 'Title' });
</script>`;

const startClaimChunkServer = () =>
  startSplitBundleOnSandbox({
    entry: { source: `export { PlyrPlugin } from ${JSON.stringify(repoPath('src', 'phaser', 'index.ts'))};` },
    page: (sandbox) => page(sandbox.url, sandbox.gameId),
    files: { '/phaser.min.js': readFileSync(repoPath('node_modules', 'phaser', 'dist', 'phaser.min.js')) },
  });

describeInBrowser('the guest scene claiming-code chunk in Chromium', () => {
  const suite = useServerAndChromium(startClaimChunkServer);
  const openPage = useChunkPages(suite);

  it('a block that fails to download shows the network message; the next click downloads it', async () => {
    const browserPage = await openPage();
    let offline = true;
    await browserPage.route('**/chunks/claim-code-*', (route) =>
      offline ? route.abort() : route.continue(),
    );
    await browserPage.evaluate(() => (window as unknown as { showGuest(): void }).showGuest());
    const claim = browserPage.locator('[data-plyr="claim"]');
    await claim.waitFor({ state: 'visible', timeout: 30_000 });
    await claim.click();
    const error = browserPage.locator('[data-plyr="error"]');
    await error.getByText(DEFAULT_STRINGS.errorNetwork).waitFor({ timeout: 15_000 });
    offline = false;
    await claim.click();
    await browserPage.waitForSelector('[data-plyr="claiming-code"]:has-text("-")', { timeout: 15_000 });
    expect(suite.server.requests.filter((path) => path.includes('/claim-code-'))).toHaveLength(1);
  });
});
