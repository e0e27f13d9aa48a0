// The platform's error table in Chromium, as a bundler splits the core for a game: it is not in the sign-in bundle
// but in the profile chunk, loaded with the first failed answer. A wrong 2FA code against the sandbox still reads
// INVALID_OTP; when the chunk cannot be downloaded the failed answer rejects with NETWORK, and the next one loads it.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeInBrowser, useServerAndChromium } from '../helpers/e2e-browser.js';
import { repoPath, useChunkPages } from '../helpers/split-bundle.js';
import { startSplitBundleOnSandbox } from '../helpers/split-bundle-sandbox.js';

jest.setTimeout(60_000);

/** The page: a client whose signer is the same-origin relay to the sandbox. */
const page = (apiBase: string, gameId: string) => `<!doctype html><meta charset="utf-8"><title>errors</title>
<script type="module">
  import { createPlyr } from '/index.js';
  const plyr = createPlyr({ gameId: ${JSON.stringify(gameId)}, signer: '/plyr/relay', apiBase: ${JSON.stringify(apiBase)}, storage: 'memory', retries: 0 });
  window.login = (plyrId, otp) => plyr.login({ plyrId, otp }).then(() => 'ok', (error) => error.code);
  window.ready = true;
</script>`;

/** The sandbox, the relay and the code-split sign-in bundle (`createPlyr` only) on one origin. */
const startErrorChunkServer = () =>
  startSplitBundleOnSandbox({
    entry: { source: `export { createPlyr } from ${JSON.stringify(repoPath('src', 'index.ts'))};` },
    page: (sandbox) => page(sandbox.url, sandbox.gameId),
  });

describeInBrowser('the platform error table in Chromium', () => {
  const suite = useServerAndChromium(startErrorChunkServer);
  const openPage = useChunkPages(suite);

  /** Logs a seeded player in with a 2FA code that is wrong (a player is locked out after five: two each here). */
  const login = (browserPage: Page, plyrId: string, otp: string) =>
    browserPage.evaluate(
      ({ id, code }) => (window as unknown as { login(...args: string[]): Promise<string> }).login(id, code),
      { id: plyrId, code: otp },
    );

  it('is not in the sign-in bundle', () => {
    expect(suite.server.entryCode).not.toContain('Invalid 2fa token');
  });

  it('a wrong 2FA code is INVALID_OTP: the table arrives with the failed answer, once', async () => {
    const browserPage = await openPage();
    expect(suite.server.requests).toEqual([]);
    expect(await login(browserPage, 'demo-player', '000000')).toBe('INVALID_OTP');
    expect(await login(browserPage, 'demo-player', '000001')).toBe('INVALID_OTP');
    expect(suite.server.requests.filter((path) => path.includes('/profile-'))).toHaveLength(1);
  });

  it('a table that fails to download is NETWORK, and the next failed answer downloads it', async () => {
    const browserPage = await openPage();
    let offline = true;
    await browserPage.route('**/chunks/profile-*', (route) => (offline ? route.abort() : route.continue()));
    expect(await login(browserPage, 'second-player', '000002')).toBe('NETWORK');
    offline = false;
    expect(await login(browserPage, 'second-player', '000003')).toBe('INVALID_OTP');
    expect(suite.server.requests.filter((path) => path.includes('/profile-'))).toHaveLength(1);
  });
});
