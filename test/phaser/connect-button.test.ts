/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * The login scene's "Continue with PLYR[CONNECT]" button against the real sandbox and signing endpoint. jsdom has
 * no windows, so `window.open` is stood in for: it records the hosted-page URL, the sandbox approves that attempt
 * as its page would, and its answer arrives as the page's postMessage would. Real popups: test/e2e/connect.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_STRINGS, type PlyrPluginData } from '../../src/phaser/index.js';
import { approveOnSandbox, base64Json, requestDataOf } from '../helpers/connect-sandbox.js';
import {
  bootGame,
  errorText,
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

describe.each(PHASER_VERSIONS)('PLYR[CONNECT] button on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let stack: Stack;
  let tg: TestGame | null = null;
  let main: ReturnType<typeof recordingScene>;
  let opened: string[];
  /** Where the popup was sent once the flow's code had loaded. */
  let visited: string[];
  let popup: { closed: boolean; close(): void; location: { replace(url: string): void } } | null;
  const realOpen = window.open;

  beforeEach(async () => {
    Phaser = await loadPhaser();
    stack = await startStack();
    main = recordingScene('Main');
    opened = [];
    visited = [];
    const fake = {
      closed: false,
      location: {
        replace(url: string): void {
          visited.push(url);
        },
      },
      close(): void {
        fake.closed = true;
      },
    };
    popup = fake;
    window.open = ((url: string) => {
      opened.push(url);
      return popup;
    }) as typeof window.open;
  });
  afterEach(async () => {
    window.open = realOpen;
    await tg?.destroy();
    tg = null;
    await stack.close();
  });

  async function openLogin(extra: Partial<PlyrPluginData> = {}): Promise<TestGame> {
    const title = recordingScene('Title');
    tg = await bootGame(Phaser, {
      data: stack.data(extra),
      scenes: [title.config, main.config],
    });
    await waitFor(() => title.starts.length === 1);
    tg.plyr.showLogin({ returnTo: 'Main' });
    await waitForHook('plyr-id');
    return tg;
  }

  /** What the hosted page posts back for the attempt at `url` after the sandbox approved it. */
  async function answerFor(url: string, origin = stack.sandbox.url, tamper?: (jwt: string) => string) {
    const request = requestDataOf(url);
    const { data } = await approveOnSandbox(stack.sandbox.url, request);
    const sessionJwt = tamper ? tamper(String(data.sessionJwt)) : data.sessionJwt;
    window.dispatchEvent(
      new MessageEvent('message', {
        origin,
        data: {
          vendor: 'plyrconnect',
          action: 'login',
          callbackString: request.callbackString,
          callbackData: base64Json({ ...data, sessionJwt }),
        },
      }),
    );
  }

  it('opens the hosted page in a popup from the click and returns signed in (method connect)', async () => {
    const { game, plyr } = await openLogin();
    const logins: Array<{ method: string }> = [];
    game.events.on('plyr:login', (payload: { method: string }) => logins.push(payload));
    const button = hook<HTMLButtonElement>('connect') as HTMLButtonElement;
    expect(button.textContent).toBe(DEFAULT_STRINGS.connect);
    button.click();
    // Opened synchronously, inside the click; sent to the hosted page once the flow's code has loaded.
    expect(opened).toEqual(['about:blank']);
    expect(button.textContent).toBe(DEFAULT_STRINGS.connecting);
    expect(button.disabled).toBe(true);
    await waitFor(() => visited.length === 1, 5000, 'the popup to be sent to the hosted page');
    expect(requestDataOf(visited[0] as string)).toMatchObject({
      mode: 'opener',
      gameId: stack.sandbox.gameId,
    });
    expect(visited[0]).toContain(`${stack.sandbox.url}/connect/?action=login&requestData=`);
    await answerFor(visited[0] as string);
    await waitFor(() => main.starts.length === 1, 5000, 'Main to start');
    expect(main.starts[0]).toMatchObject({ session: { plyrId: 'demo-player', isGuest: false } });
    expect(plyr.session?.plyrId).toBe('demo-player');
    expect(logins.map((l) => l.method)).toEqual(['connect']);
    expect(popup?.closed).toBe(true);
  });

  it('explains a blocked popup and lets the player try again', async () => {
    popup = null;
    await openLogin();
    const button = hook<HTMLButtonElement>('connect') as HTMLButtonElement;
    button.click();
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorConnectBlocked);
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe(DEFAULT_STRINGS.connect);
    expect(main.starts).toHaveLength(0);
  });

  it('refuses a forged answer from another origin and an answer whose JWT was tampered with', async () => {
    const { plyr } = await openLogin();
    hook('connect')?.click();
    await waitFor(() => visited.length === 1, 5000, 'the first attempt');
    await answerFor(visited[0] as string, 'https://evil.example');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorConnectRejected);
    hook('connect')?.click();
    await waitFor(() => visited.length === 2, 5000, 'the second attempt');
    await answerFor(visited[1] as string, stack.sandbox.url, (jwt) => `${jwt.slice(0, -4)}AAAA`);
    await waitFor(
      () => (hook('error')?.textContent ?? '') === DEFAULT_STRINGS.errorConnectRejected,
      5000,
      'rejected',
    );
    expect(plyr.session).toBeNull();
    expect(main.starts).toHaveLength(0);
  });

  it('uses the configured mode, and `connect: false` hides the button', async () => {
    await openLogin({ connect: { mode: 'iframe' } });
    hook('connect')?.click();
    expect(opened).toEqual([]);
    await waitFor(() => document.querySelector('[data-plyr-connect="frame"]') !== null, 5000, 'the iframe');
    const frame = document.querySelector<HTMLIFrameElement>('[data-plyr-connect="frame"]');
    expect(frame?.src).toContain(`${stack.sandbox.url}/connect/?action=login`);
    expect(requestDataOf(frame?.src ?? '')).toMatchObject({ mode: 'iframe' });
    document.querySelector<HTMLButtonElement>('[data-plyr-connect="close"]')?.click();
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorConnectClosed);
    expect(document.querySelector('[data-plyr-connect="overlay"]')).toBeNull();
    await tg?.destroy();
    tg = null;
    await openLogin({ connect: false });
    expect(hook('connect')).toBeNull();
  });
});
