/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * plyr-kit/ui's own host (`showLogin`, `showGuest`, `showRealPlayError`) in jsdom against the sandbox over real HTTP:
 * where the panel goes, what `closed` tells, `close()` and the focus. The panels
 * themselves are tested through the Phaser scenes (test/phaser) and in Chromium (test/e2e/examples.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPlyr, type PlyrClient, PlyrError } from '../../src/index.js';
import { showGuest, showLogin, showRealPlayError } from '../../src/ui/index.js';
import {
  errorText,
  hook,
  pressEnter,
  type Stack,
  startStack,
  type,
  waitFor,
  waitForHook,
} from '../helpers/phaser-game.js';

let stack: Stack;
let plyr: PlyrClient;
let canvas: HTMLCanvasElement;

beforeEach(async () => {
  stack = await startStack();
  plyr = createPlyr(stack.data());
  await plyr.ready;
  document.body.innerHTML =
    '<div id="game"><button id="play">Play</button><canvas width="800" height="600"></canvas></div>';
  canvas = document.querySelector('canvas') as HTMLCanvasElement;
});

afterEach(async () => {
  plyr.destroy();
  await stack.close();
  document.body.innerHTML = '';
});

describe('plyr-kit/ui', () => {
  it('places the login panel over the canvas; a sign-in resolves `closed` with the session and gives the focus back', async () => {
    const play = document.getElementById('play') as HTMLButtonElement;
    play.focus();
    const panel = showLogin(plyr, {
      over: canvas,
      theme: { accent: '#123456' },
      strings: { submit: 'Entrar' },
    });
    const input = await waitForHook<HTMLInputElement>('plyr-id');
    const overlay = hook('overlay') as HTMLElement;
    expect(overlay.previousElementSibling).toBe(canvas); // a sibling of the canvas, not inside the engine
    expect(overlay.style.position).toBe('absolute');
    expect(hook('panel')?.style.getPropertyValue('--plyr-accent')).toBe('#123456');
    expect(hook('submit')?.textContent).toBe('Entrar');
    expect(document.activeElement).toBe(input);
    type(input, 'demo-player');
    type(hook('otp') as HTMLInputElement, stack.sandbox.totp('demo-player'));
    pressEnter(hook('otp') as HTMLInputElement);
    const result = await panel.closed;
    expect(result.cancelled).toBe(false);
    expect(result.session?.plyrId).toBe('demo-player');
    expect(plyr.session?.plyrId).toBe('demo-player');
    expect(hook('overlay')).toBeNull();
    expect(document.activeElement).toBe(play);
  });

  it('Back and close() resolve `closed` as cancelled; close() before the panel is up keeps it from opening', async () => {
    const back = showLogin(plyr, { over: canvas });
    (await waitForHook('back')).click();
    expect(await back.closed).toEqual({ session: null, cancelled: true });
    expect(hook('overlay')).toBeNull();

    const early = showLogin(plyr);
    early.close();
    expect(await early.closed).toEqual({ session: null, cancelled: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook('overlay')).toBeNull();

    const open = showLogin(plyr); // no `over`: the whole page
    await waitForHook('plyr-id');
    expect(hook('overlay')?.style.position).toBe('fixed');
    open.close();
    expect((await open.closed).cancelled).toBe(true);
    expect(hook('overlay')).toBeNull();
  });

  it('explains a failure in the panel and stays open', async () => {
    const panel = showLogin(plyr, { over: canvas });
    type(await waitForHook<HTMLInputElement>('plyr-id'), 'nobody-here');
    type(hook('otp') as HTMLInputElement, '123456');
    pressEnter(hook('otp') as HTMLInputElement);
    expect(await errorText()).toBe('There is no player with this PLYR[ID].');
    expect(hook('overlay')).not.toBeNull();
    panel.close();
    await panel.closed;
  });

  it('showGuest makes a guest account and Continue resolves with it', async () => {
    const panel = showGuest(plyr, { over: canvas });
    const identity = await waitFor(() => hook('identity')?.textContent, 10_000, 'the guest identity');
    expect(plyr.session?.isGuest).toBe(true);
    expect(identity).toBe(plyr.session?.plyrId);
    (hook('continue') as HTMLButtonElement).click();
    const result = await panel.closed;
    expect(result).toEqual({ session: plyr.session, cancelled: false });
  });

  it('showRealPlayError: only the lobby mends a refused launch; a network failure offers Try again', async () => {
    const refused = showRealPlayError(new PlyrError('LAUNCH_TOKEN_EXPIRED', 'expired'), {
      over: canvas,
      lobbyUrl: 'https://casino.example/lobby',
    });
    expect((await waitForHook('realplay-error')).textContent).toBe(
      'This game link has expired. Go back to the casino and open the game again.',
    );
    expect(hook('retry')).toBeNull();
    expect(hook('lobby')?.textContent).toBe('Back to the casino');
    (hook('close') as HTMLButtonElement).click();
    expect(await refused.closed).toBe('close');

    const network = showRealPlayError(new PlyrError('NETWORK', 'offline'), {
      lobbyUrl: 'javascript:alert(1)',
    });
    (await waitForHook('retry')).click();
    expect(await network.closed).toBe('retry');
    expect(hook('lobby')).toBeNull(); // not an http(s) lobby: no button
  });
});
