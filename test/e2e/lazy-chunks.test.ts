// The client's lazily loaded chunks in Chromium, as a bundler splits them for a game (the core bundled with its
// dependencies and code splitting, served as ES modules): a chunk that fails to download rejects with NETWORK and
// is fetched again on the next call; concurrent callers share one download; a PLYR[CONNECT] popup opened in the
// click is closed again when the flow's chunk cannot be loaded.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInBrowser, useServerAndChromium } from '../helpers/e2e-browser.js';
import { startSplitBundleServer, useChunkPages } from '../helpers/split-bundle.js';

jest.setTimeout(60_000);

const PAGE = `<!doctype html><meta charset="utf-8"><title>chunks</title>
<button id="connect">connect</button>
<script type="module">
  import { createPlyr } from '/index.js';
  // No platform is reached: the chunks are what is under test.
  const plyr = createPlyr({
    gameId: 'mygame',
    signer: async () => { throw new Error('not needed'); },
    apiBase: 'http://127.0.0.1:9',
    storage: 'memory',
  });
  const outcome = (promise) => promise.then(() => 'ok', (error) => error.code);
  window.verify = () => outcome(plyr.verifyJwtLocally('a.b.c'));
  window.results = [];
  document.getElementById('connect').onclick = () => outcome(plyr.connect()).then((r) => window.results.push(r));
  window.ready = true;
</script>`;

/** Serves the page and the code-split bundle of `plyr-kit`; records the chunk requests. */
const startChunkServer = () => startSplitBundleServer({ entry: { file: 'src/index.ts' }, page: PAGE });

describeInBrowser('lazily loaded chunks in Chromium', () => {
  const suite = useServerAndChromium(startChunkServer);
  const openPage = useChunkPages(suite);

  const verify = (page: Page) =>
    page.evaluate(() => (window as unknown as { verify(): Promise<string> }).verify());

  it('a chunk that fails to download is NETWORK, and the next call downloads it', async () => {
    const page = await openPage();
    let offline = true;
    await page.route('**/chunks/local-verify-*', (route) => (offline ? route.abort() : route.continue()));
    expect(await verify(page)).toBe('NETWORK');
    offline = false;
    // Loaded now: the JWT check itself answers (the token is not a JWT).
    expect(await verify(page)).toBe('INVALID_JWT');
    expect(await verify(page)).toBe('INVALID_JWT');
    expect(suite.server.requests.filter((path) => path.includes('local-verify'))).toHaveLength(1);
  });

  it('concurrent callers share one download', async () => {
    const page = await openPage();
    const results = await page.evaluate(() => {
      const w = window as unknown as { verify(): Promise<string> };
      return Promise.all([w.verify(), w.verify(), w.verify()]);
    });
    expect(results).toEqual(['INVALID_JWT', 'INVALID_JWT', 'INVALID_JWT']);
    expect(suite.server.requests.filter((path) => path.includes('local-verify'))).toHaveLength(1);
  });

  it('PLYR[CONNECT]: the popup opened in the click closes again when the flow cannot be loaded', async () => {
    const page = await openPage();
    await page.route('**/chunks/flow-*', (route) => route.abort());
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#connect')]);
    await page.waitForFunction(() => (window as unknown as { results: string[] }).results.length > 0);
    expect(await page.evaluate(() => (window as unknown as { results: string[] }).results)).toEqual([
      'NETWORK',
    ]);
    // Bounded wait: the popup may have closed before a `close` listener could be added.
    for (let i = 0; i < 100 && !popup.isClosed(); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(popup.isClosed()).toBe(true);
  });
});
