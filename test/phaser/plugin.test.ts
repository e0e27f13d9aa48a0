/** @jest-environment ./test/helpers/phaser-environment.mjs */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type Phaser from 'phaser';
import type { PlyrClient, PlyrEvents } from '../../src/core/types.js';
import { createPlyr } from '../../src/index.js';
import { PLYR_SCENES, PlyrPlugin } from '../../src/phaser/index.js';
import {
  bootGame,
  hook,
  PHASER_VERSIONS,
  type PhaserModule,
  recordingScene,
  type Stack,
  startStack,
  type TestGame,
  waitFor,
} from '../helpers/phaser-game.js';

/** Counts the client subscriptions that are still live (wraps `on` and `once`; the real client does the work). */
function countSubscriptions(client: PlyrClient): { live: () => number } {
  type Subscribe = (event: keyof PlyrEvents, listener: (payload: unknown) => void) => () => void;
  const methods = client as unknown as Record<'on' | 'once', Subscribe>;
  let live = 0;
  for (const method of ['on', 'once'] as const) {
    const original = methods[method].bind(client);
    methods[method] = (event, listener) => {
      live++;
      let done = false;
      const off = original(event, listener);
      return () => {
        if (!done) live--;
        done = true;
        off();
      };
    };
  }
  return { live: () => live };
}

describe.each(PHASER_VERSIONS)('PlyrPlugin on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let stack: Stack;
  let tg: TestGame | null = null;

  beforeEach(async () => {
    Phaser = await loadPhaser();
    stack = await startStack();
  });
  afterEach(async () => {
    await tg?.destroy();
    tg = null;
    await stack.close();
  });

  const data = () => stack.data();

  it('boots as a global plugin: plugins.get, the scene mapping, the client, the scenes and plyr:ready', async () => {
    let mapped: unknown;
    const main = recordingScene('Main', (scene) => {
      mapped = (scene as Phaser.Scene & { plyr: unknown }).plyr;
    });
    const readyEvents: unknown[] = [];
    // The ready event may fire before the game is ready: listen from before the plugins boot.
    tg = await bootGame(Phaser, {
      data: data(),
      scenes: [main.config],
      preBoot: (game) => game.events.on('plyr:ready', (payload: unknown) => readyEvents.push(payload)),
    });
    expect(tg.plyr).toBeInstanceOf(PlyrPlugin);
    await waitFor(() => main.starts.length > 0);
    expect(mapped).toBe(tg.plyr);
    expect(tg.plyr.client.gameId).toBe(stack.sandbox.gameId);
    await expect(tg.plyr.ready).resolves.toBeNull();
    expect(tg.plyr.session).toBeNull();
    await waitFor(() => readyEvents.length > 0);
    expect(readyEvents).toEqual([{ session: null }]);
    expect(tg.game.scene.getScene(PLYR_SCENES.login)).toBeTruthy();
    expect(tg.game.scene.getScene(PLYR_SCENES.guest)).toBeTruthy();
    expect(tg.game.scene.isActive(PLYR_SCENES.login)).toBe(false);
  });

  it('re-emits every client event on game.events as plyr:<event> and proxies the client API', async () => {
    tg = await bootGame(Phaser, { data: data() });
    const seen: string[] = [];
    for (const name of ['session', 'login', 'guest:registered', 'guest:claim-code']) {
      tg.game.events.on(`plyr:${name}`, () => seen.push(name));
    }
    const guest = await tg.plyr.registerGuest();
    expect(guest.isGuest).toBe(true);
    expect(tg.plyr.session?.plyrId).toBe(guest.plyrId);
    const code = await tg.plyr.revealClaimingCode();
    await expect(tg.plyr.verifyClaimingCode(code.claimingCode)).resolves.toMatchObject({ verified: true });
    expect(seen).toEqual(
      expect.arrayContaining(['session', 'login', 'guest:registered', 'guest:claim-code']),
    );
  });

  it('needs gameId and signer (or a client)', async () => {
    const plugin = new PlyrPlugin({ game: {} } as unknown as Phaser.Plugins.PluginManager);
    expect(() => plugin.init({})).toThrow(/gameId/);
  });

  it('uses an injected client and, on game destroy, removes every listener, scene panel and DOM node', async () => {
    const client = createPlyr(data());
    const subscriptions = countSubscriptions(client);
    const main = recordingScene('Main', (scene) => {
      (scene as Phaser.Scene & { plyr: PlyrPlugin }).plyr.onScene(scene, 'login', () => {});
    });
    tg = await bootGame(Phaser, { data: { client }, scenes: [main.config] });
    expect(tg.plyr.client).toBe(client);
    await waitFor(() => main.starts.length > 0);
    expect(subscriptions.live()).toBeGreaterThan(8); // 8 forwarded events + the scene's listener (+ the panel's)
    tg.plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent, 5000, 'the guest identity');
    expect(hook('overlay')).not.toBeNull();
    await tg.destroy();
    tg = null;
    expect(subscriptions.live()).toBe(0);
    expect(hook('overlay')).toBeNull();
    // The injected client belongs to the caller and still works.
    expect(client.session?.isGuest).toBe(true);
    client.destroy();
  });

  it('destroys the client it created', async () => {
    tg = await bootGame(Phaser, { data: data() });
    const plugin = tg.plyr;
    const client = plugin.client;
    const subscriptions = countSubscriptions(client);
    await tg.destroy();
    tg = null;
    expect(subscriptions.live()).toBe(0);
    expect(() => plugin.client).toThrow(/destroyed/);
  });

  it('onScene listeners are removed when the scene shuts down, so restarts do not pile them up', async () => {
    let calls = 0;
    const main = recordingScene('Main', (scene) => {
      (scene as Phaser.Scene & { plyr: PlyrPlugin }).plyr.onScene(scene, 'login', () => calls++);
    });
    tg = await bootGame(Phaser, { data: data(), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    for (let i = 0; i < 3; i++) {
      tg.game.scene.getScene('Main')?.scene.restart();
      await waitFor(() => main.starts.length === i + 2, 5000, `restart ${i + 1}`);
    }
    await tg.plyr.registerGuest(); // a login event
    expect(calls).toBe(1);
    tg.game.scene.stop('Main');
    await waitFor(() => !tg?.game.scene.isActive('Main'));
    await tg.plyr.registerGuest();
    expect(calls).toBe(1);
  });

  it('onScene returns an early unsubscribe', async () => {
    let calls = 0;
    let off: () => void = () => {};
    const main = recordingScene('Main', (scene) => {
      off = (scene as Phaser.Scene & { plyr: PlyrPlugin }).plyr.onScene(scene, 'login', () => calls++);
    });
    tg = await bootGame(Phaser, { data: data(), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    off();
    await tg.plyr.registerGuest();
    expect(calls).toBe(0);
  });
});
