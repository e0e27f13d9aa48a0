/** @jest-environment ./test/helpers/phaser-environment.mjs */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_STRINGS, PLYR_SCENES, type PlyrPluginData } from '../../src/phaser/index.js';
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
  waitForHook,
} from '../helpers/phaser-game.js';

/** What jest-canvas-mock recorded on a canvas. */
type MockContext = CanvasRenderingContext2D & { __getDrawCalls(): unknown[] };

const CODE = /^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/;

describe.each(PHASER_VERSIONS)('guest scene on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let stack: Stack;
  let tg: TestGame | null = null;
  let main: ReturnType<typeof recordingScene>;
  let copied: string[];

  beforeEach(async () => {
    Phaser = await loadPhaser();
    stack = await startStack();
    main = recordingScene('Main');
    copied = [];
    // jsdom has no clipboard; stand in for the browser's.
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
  });
  afterEach(async () => {
    await tg?.destroy();
    tg = null;
    await stack.close();
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  const options = (extra: Partial<PlyrPluginData> = {}): PlyrPluginData =>
    stack.data({ claimPollMs: 25, ...extra });

  async function boot(extra?: Partial<PlyrPluginData>): Promise<TestGame> {
    tg = await bootGame(Phaser, { data: options(extra), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    return tg;
  }

  it('leaves no empty lines before the player did anything; the code has its label; Continue is `continue`', async () => {
    const { plyr } = await boot();
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent, 5000, 'the identity');
    // Nothing said yet: the status and error lines take no room.
    expect([hook('status')?.hidden, hook('error')?.hidden]).toEqual([true, true]);
    expect(hook('continue')?.textContent).toBe(DEFAULT_STRINGS.continue);
    expect(hook('back')).toBeNull();
    hook('claim')?.click();
    await waitFor(() => CODE.test(hook('claiming-code')?.textContent ?? ''), 5000, 'the claiming code');
    expect(hook('status')?.hidden).toBe(false);
    // Shown again as the flex boxes they are (centred QR code and link, spaced controls), not as plain blocks.
    expect([hook('qr')?.parentElement?.style.display, hook('claiming-url')?.style.display]).toEqual([
      'flex',
      'flex',
    ]);
    const labelId = hook('claiming-code')?.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelId)?.textContent).toBe(DEFAULT_STRINGS.claimingCodeLabel);
  });

  it('creates a guest account when there is none and shows its identity; Continue wakes the game', async () => {
    const { game, plyr } = await boot();
    plyr.showGuest({ returnTo: 'Main' });
    expect(game.scene.isSleeping('Main')).toBe(true);
    const identity = await waitFor(() => hook('identity')?.textContent, 5000, 'the identity');
    expect(plyr.session).toMatchObject({ plyrId: identity, isGuest: true });
    expect((hook('avatar') as HTMLImageElement).src).toBe(plyr.session?.avatar);
    expect(hook('claim')?.hidden).toBe(false);
    expect(hook('logout')?.hidden).toBe(true);
    hook('continue')?.click();
    // The account changed (a guest was created), so Main starts afresh with the session.
    await waitFor(() => main.starts.length === 2);
    expect(main.starts[1]).toMatchObject({ session: { plyrId: identity } });
  });

  it('waits for the stored session instead of making a new guest over a guest still being restored', async () => {
    // A session store of the game's own (the public SessionStorageAdapter), shared by two page loads.
    const records = new Map<string, unknown>();
    let release: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    const storage = {
      get: async (key: string) => {
        await gate;
        return records.get(key);
      },
      set: async (key: string, value: unknown) => void records.set(key, value),
      del: async (key: string) => void records.delete(key),
    };
    const first = await boot({ storage });
    const guest = await first.plyr.registerGuest();
    await first.destroy();
    tg = null;
    main = recordingScene('Main');

    // Second load: the restore is slow, and the game asks for the guest panel straight away.
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    tg = await bootGame(Phaser, { data: options({ storage }), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    tg.plyr.showGuest({ returnTo: 'Main' });
    // The panel is a chunk: it shows once downloaded, still waiting for the stored session.
    await waitFor(() => hook('status')?.textContent === DEFAULT_STRINGS.loading, 5000, 'the loading state');
    release();
    expect(await waitFor(() => hook('identity')?.textContent, 5000, 'the identity')).toBe(guest.plyrId);
    expect(tg.plyr.session?.plyrId).toBe(guest.plyrId);
  });

  it('Continue wakes the game as it was when the account did not change', async () => {
    const { plyr } = await boot();
    await plyr.registerGuest();
    plyr.showGuest({ returnTo: 'Main', returnData: { from: 'menu' } });
    (await waitForHook('continue')).click();
    await waitFor(() => main.wakes.length === 1);
    expect(main.starts).toHaveLength(1);
    expect(main.wakes[0]).toMatchObject({ from: 'menu', session: { plyrId: plyr.session?.plyrId } });
  });

  it('reveals the claiming code with link, QR code and copy, then notices the claim', async () => {
    const { game, plyr } = await boot();
    const guest = await plyr.registerGuest();
    const claimedEvents: unknown[] = [];
    game.events.on('plyr:guest:claimed', (payload: unknown) => claimedEvents.push(payload));
    plyr.showGuest({ returnTo: 'Main' });
    (await waitForHook('claim')).click();
    const code = await waitFor(() => hook('claiming-code')?.textContent, 5000, 'the claiming code');
    expect(code).toMatch(CODE);
    const link = hook<HTMLAnchorElement>('claiming-url') as HTMLAnchorElement;
    expect(link.href).toMatch(new RegExp(`claimingCode=${code}$`));
    expect(link.rel).toContain('noopener');
    expect(hook('claim')?.hidden).toBe(true);
    expect(hook('status')?.textContent).toBe(DEFAULT_STRINGS.claimWaiting);

    // The QR code is drawn once qrcode-generator has loaded (dynamic import).
    const qr = hook<HTMLCanvasElement>('qr') as HTMLCanvasElement;
    const context = qr.getContext('2d') as MockContext;
    await waitFor(() => context.__getDrawCalls().length > 50, 5000, 'the QR code');
    expect(qr.width).toBeGreaterThan(0);
    expect(qr.width).toBe(qr.height);

    hook('copy')?.click();
    await waitFor(() => hook('copy')?.textContent === DEFAULT_STRINGS.copied);
    expect(copied).toEqual([code]);

    // The player claims the account on the platform (the sandbox's stand-in for the sign-up page).
    const claim = await fetch(`${stack.sandbox.url}/sandbox/claim/${code}`, { method: 'POST' });
    expect(claim.status).toBe(200);
    await waitFor(() => hook('status')?.textContent === DEFAULT_STRINGS.claimed, 5000, 'the claimed state');
    expect(claimedEvents).toEqual([{ plyrId: guest.plyrId }]);
    expect(plyr.session).toBeNull();
    expect(hook('login')?.hidden).toBe(false);
    expect(hook('claiming-code')?.closest('[hidden]')).not.toBeNull();

    // "Log in" goes on to the login panel, which still returns to Main.
    hook('login')?.click();
    await waitForHook('plyr-id');
    expect(game.scene.isActive(PLYR_SCENES.guest)).toBe(false);
    expect(game.scene.isActive(PLYR_SCENES.login)).toBe(true);
  });

  it('checks the session only while the code shows, and stops when the scene shuts down', async () => {
    const { plyr } = await boot();
    await plyr.registerGuest();
    let checks = 0;
    const verify = plyr.client.verifySession.bind(plyr.client);
    plyr.client.verifySession = () => {
      checks++;
      return verify();
    };
    plyr.showGuest({ returnTo: 'Main' });
    await waitForHook('claim');
    expect(checks).toBe(0);
    hook('claim')?.click();
    await waitFor(() => checks >= 2, 5000, 'two session checks');
    hook('continue')?.click();
    await waitFor(() => main.wakes.length === 1);
    const after = checks;
    // Several poll intervals (25 ms) later, no more checks.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(checks).toBeLessThanOrEqual(after + 1); // at most one that was already in flight
  });

  it('falls back to selecting the code when the clipboard is not available', async () => {
    Reflect.deleteProperty(navigator, 'clipboard');
    const { plyr } = await boot();
    await plyr.registerGuest();
    plyr.showGuest({ returnTo: 'Main' });
    (await waitForHook('claim')).click();
    await waitFor(() => hook('claiming-code')?.textContent);
    hook('copy')?.click();
    await waitFor(() => hook('copy')?.textContent === DEFAULT_STRINGS.copyFailed);
    expect(window.getSelection()?.toString()).toBe(hook('claiming-code')?.textContent);
  });

  it('shows a full account with Log out instead of Save', async () => {
    const { plyr } = await boot();
    await plyr.login({ plyrId: 'demo-player', otp: stack.sandbox.totp('demo-player') });
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent === 'demo-player');
    expect(hook('claim')?.hidden).toBe(true);
    expect(hook('logout')?.hidden).toBe(false);
    hook('logout')?.click();
    await waitFor(() => main.starts.length === 2, 5000, 'Main to restart');
    expect(main.starts[1]).toMatchObject({ session: null });
    expect(plyr.session).toBeNull();
  });

  it('a full account with a guest kept on this device says so, and Log out goes back to the guest', async () => {
    const { plyr } = await boot();
    const guest = await plyr.registerGuest();
    await plyr.login({ plyrId: 'demo-player', otp: stack.sandbox.totp('demo-player') });
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent === 'demo-player');
    expect(hook('guest-kept')?.hidden).toBe(false);
    expect(hook('guest-kept')?.textContent).toBe(
      DEFAULT_STRINGS.guestKeptBeside.replace('{plyrId}', guest.plyrId),
    );
    hook('logout')?.click();
    await waitFor(() => main.starts.length === 2, 5000, 'Main to restart');
    expect(main.starts[1]).toMatchObject({ session: { plyrId: guest.plyrId, isGuest: true } });
    expect(plyr.session).toEqual(guest);
  });

  it('says nothing about a kept guest when there is none', async () => {
    const { plyr } = await boot();
    await plyr.login({ plyrId: 'demo-player', otp: stack.sandbox.totp('demo-player') });
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent === 'demo-player');
    expect(hook('guest-kept')?.hidden).toBe(true);
  });

  it('explains a failed guest registration and offers to try again', async () => {
    stack.sandbox.injectFault({
      path: '/api/instantPlayPass/register',
      status: 500,
      body: { error: 'boom' },
      times: 1,
    });
    const { plyr } = await boot();
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('error')?.textContent === DEFAULT_STRINGS.errorServer, 5000, 'the error');
    (await waitForHook('guest')).click();
    await waitFor(() => hook('identity')?.textContent, 5000, 'the identity');
    expect(hook('error')?.textContent).toBe('');
    expect(plyr.session?.isGuest).toBe(true);
  });
});
