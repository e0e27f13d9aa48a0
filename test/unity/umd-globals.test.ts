/**
 * The UMD globals in one real page (Chromium): the core UMD's `window.PlyrKit` namespace and the Unity UMD's bridge
 * share `window.PlyrKit` whichever loads first, so a WebGL template may load both. Needs `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { describeInBrowser, useServerAndChromium, watchPage } from '../helpers/e2e-browser.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const umd = (file: string) => readFileSync(join(dist, file), 'utf8');

/** What the page sees after loading the scripts. */
interface Globals {
  core: string[];
  unity: string[];
  phaser: string[];
  bridgeInit: boolean;
  client: string;
  sameAfterSecondLoad: boolean;
  createPlyr: string;
}

describeInBrowser('UMD globals', () => {
  // No server: the scripts are put into an empty page.
  const suite = useServerAndChromium(async () => ({ close: async () => {} }));

  it.each([
    ['core, then Unity', ['plyr-kit.umd.js', 'plyr-kit.unity.umd.js']],
    ['Unity, then core', ['plyr-kit.unity.umd.js', 'plyr-kit.umd.js']],
  ])('%s: window.PlyrKit has the core and the bridge, and each works', async (_name, files) => {
    const page = await suite.browser.newPage();
    const problems = watchPage(page);
    await page.setContent('<!doctype html><title>umd</title>');
    for (const file of files) await page.addScriptTag({ content: umd(file) });
    // Phaser's UMD needs window.Phaser; its namespace is only checked for its name here.
    await page.addScriptTag({ content: 'window.Phaser = { Plugins: { BasePlugin: class {} } };' });
    await page.addScriptTag({ content: umd('plyr-kit.phaser.umd.js') });
    const seen = await page.evaluate((): Globals => {
      const w = window as unknown as Record<string, Record<string, unknown>>;
      const kit = w.PlyrKit as Record<string, (...args: unknown[]) => unknown>;
      const first = kit;
      const config = JSON.stringify({ gameId: 'my-game', signer: '/plyr/relay', storage: 'memory' });
      const bridgeInit = kit.init?.(config, 'PlyrKit', () => {}) === true;
      const client = (kit as unknown as { client: { gameId?: string } | null }).client;
      const made = (kit.createPlyr as (o: unknown) => { gameId: string; destroy(): void })({
        gameId: 'other-game',
        signer: '/plyr/relay',
        storage: 'memory',
      });
      made.destroy();
      return {
        core: ['createPlyr', 'createRealPlay', 'PlyrError', 'isPlyrError'].filter((n) => n in kit),
        unity: Object.keys(w.PlyrKitUnity ?? {}),
        phaser: Object.keys(w.PlyrKitPhaser ?? {}),
        bridgeInit,
        client: client?.gameId ?? 'none',
        sameAfterSecondLoad: w.PlyrKit === first,
        createPlyr: made.gameId,
      };
    });
    expect(seen.core).toEqual(['createPlyr', 'createRealPlay', 'PlyrError', 'isPlyrError']);
    expect(seen.unity).toEqual(expect.arrayContaining(['createUnityBridge', 'installPlyrKitGlobal']));
    expect(seen.phaser).toContain('PlyrPlugin');
    expect(seen.bridgeInit).toBe(true);
    // `client` still reads the bridge's live client (a getter), not a copy taken when the bridge was added.
    expect(seen.client).toBe('my-game');
    expect(seen.createPlyr).toBe('other-game');
    expect(seen.sameAfterSecondLoad).toBe(true);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
