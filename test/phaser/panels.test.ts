/** @jest-environment ./test/helpers/phaser-environment.mjs */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PlyrError, type PlyrErrorCode } from '../../src/core/errors.js';
import { DEFAULT_STRINGS, errorMessage, type PlyrPluginData } from '../../src/phaser/index.js';
import {
  bootGame,
  errorText,
  hook,
  PHASER_VERSIONS,
  type PhaserModule,
  pressEnter,
  recordingScene,
  type Stack,
  startStack,
  type TestGame,
  type,
  waitFor,
  waitForHook,
  wrongCodes,
} from '../helpers/phaser-game.js';

describe('error messages', () => {
  const at = 1_700_000_000_000;
  const message = (code: PlyrErrorCode, retryAfterMs?: number) =>
    errorMessage(
      new PlyrError(code, 'x', retryAfterMs === undefined ? {} : { retryAfterMs }),
      DEFAULT_STRINGS,
      at,
    );

  it.each<[PlyrErrorCode, string]>([
    ['INVALID_OTP', DEFAULT_STRINGS.errorInvalidOtp],
    ['GUEST_ACCOUNT', DEFAULT_STRINGS.errorGuestAccount],
    ['USER_NOT_FOUND', DEFAULT_STRINGS.errorUserNotFound],
    ['INVALID_INPUT', DEFAULT_STRINGS.errorInvalidInput],
    ['NETWORK', DEFAULT_STRINGS.errorNetwork],
    ['TIMEOUT', DEFAULT_STRINGS.errorTimeout],
    ['SIGNER_UNREACHABLE', DEFAULT_STRINGS.errorSignerUnreachable],
    ['SIGNER_REJECTED', DEFAULT_STRINGS.errorSignerRejected],
    ['SERVER', DEFAULT_STRINGS.errorServer],
    ['CLOCK_SKEW', DEFAULT_STRINGS.errorClockSkew],
    ['AUTH_REJECTED', DEFAULT_STRINGS.errorAuthRejected],
    ['GAME_MISMATCH', DEFAULT_STRINGS.errorGameMismatch],
    ['SESSION_EXPIRED', DEFAULT_STRINGS.errorSessionEnded],
    ['SESSION_REVOKED', DEFAULT_STRINGS.errorSessionEnded],
    ['NOT_SIGNED_IN', DEFAULT_STRINGS.errorSessionEnded],
    ['ACCOUNT_CLAIMED', DEFAULT_STRINGS.errorAccountClaimed],
    ['STORAGE', DEFAULT_STRINGS.errorStorage],
    ['INVALID_APPROVAL', 'Something went wrong (INVALID_APPROVAL). Try again.'],
  ])('%s', (code, text) => {
    expect(message(code).text(at)).toBe(text);
    expect(message(code).until).toBeUndefined();
  });

  it('counts down a reused code to the next TOTP step, then asks for the new code', () => {
    const reused = errorMessage(
      new PlyrError('OTP_ALREADY_USED', 'x'),
      DEFAULT_STRINGS,
      30_000 * 1000 + 18_000,
    );
    expect(reused.text(30_000 * 1000 + 18_000)).toBe(
      'This code was already used. Wait for the next code (12s).',
    );
    expect(reused.text(30_000 * 1000 + 29_500)).toBe(
      'This code was already used. Wait for the next code (1s).',
    );
    expect(reused.text(30_000 * 1000 + 30_000)).toBe(DEFAULT_STRINGS.errorOtpUsedNow);
    expect(message('OTP_ALREADY_USED', 5000).text(at)).toMatch(/\(5s\)/);
  });

  it('counts down a lock-out (60 s unless told) and a rate limit', () => {
    expect(message('ACCOUNT_LOCKED').text(at)).toBe(
      'Too many wrong codes. Your account is locked; try again in 60s.',
    );
    expect(message('ACCOUNT_LOCKED', 42_000).text(at + 2000)).toMatch(/in 40s\.$/);
    expect(message('RATE_LIMITED', 3000).text(at)).toBe('Too many attempts. Try again in 3s.');
    expect(message('RATE_LIMITED', 3000).until).toBe(at + 3000);
  });

  it('has a message for anything else, and reads errors from another copy of plyr-kit by their code', () => {
    expect(errorMessage(new Error('?'), DEFAULT_STRINGS, at).text(at)).toBe(
      'Something went wrong (UNKNOWN). Try again.',
    );
    const foreign = Object.assign(new Error('x'), { code: 'INVALID_OTP' });
    expect(errorMessage(foreign, DEFAULT_STRINGS, at).text(at)).toBe(DEFAULT_STRINGS.errorInvalidOtp);
  });
});

const stripComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

describe('CSP and markup safety of the plugin source', () => {
  const dir = new URL('../../src/phaser/', import.meta.url);
  const sources = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    // Code only: the comments explain what is avoided, by name.
    .map((file) => [file, stripComments(readFileSync(new URL(file, dir), 'utf8'))] as const);

  it.each(sources)('%s uses no innerHTML, eval, Function, <style> or style attributes', (_file, text) => {
    expect(text).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|<style|setAttribute\(['"]style|cssText/,
    );
  });

  it('imports nothing from phaser at run time (types only)', () => {
    for (const [, text] of sources) expect(text).not.toMatch(/^import (?!type)[^;]*from 'phaser'/m);
  });
});

describe.each(PHASER_VERSIONS)('panels on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let stack: Stack;
  let tg: TestGame | null = null;
  let main: ReturnType<typeof recordingScene>;

  beforeEach(async () => {
    Phaser = await loadPhaser();
    stack = await startStack();
    main = recordingScene('Main');
  });
  afterEach(async () => {
    await tg?.destroy();
    tg = null;
    await stack.close();
  });

  const options = (extra: Partial<PlyrPluginData> = {}): PlyrPluginData => stack.data(extra);

  it('takes the theme and translated strings', async () => {
    tg = await bootGame(Phaser, {
      data: options({
        theme: {
          accent: '#123456',
          accentText: '#abcdef',
          radius: 3,
          fontFamily: 'Georgia, serif',
          panel: '#010203',
        },
        strings: { submit: 'Entrar', plyrIdLabel: 'Tu PLYR[ID]', errorUserNotFound: 'No existe.' },
      }),
      scenes: [main.config],
    });
    tg.plyr.showLogin({ returnTo: 'Main' });
    const submit = await waitForHook('submit');
    expect(submit.textContent).toBe('Entrar');
    // The theme is set as custom properties on the panel, which its controls read (Chromium resolves them: the
    // e2e tests check the colours as drawn).
    const frame = submit.closest('[data-plyr="panel"]') as HTMLElement;
    const property = (name: string): string => frame.style.getPropertyValue(name);
    expect(property('--plyr-accent')).toBe('#123456');
    expect(property('--plyr-accent-text')).toBe('#abcdef');
    expect(property('--plyr-radius')).toBe('3px');
    expect(property('--plyr-font')).toBe('Georgia, serif');
    expect(property('--plyr-panel')).toBe('#010203');
    expect(submit.style.background).toContain('var(--plyr-accent');
    expect(submit.style.color).toContain('var(--plyr-accent-text');
    expect(submit.style.borderRadius).toContain('var(--plyr-radius');
    expect(frame.style.background).toContain('var(--plyr-panel');
    expect(hook<HTMLInputElement>('plyr-id')?.labels?.[0]?.textContent).toBe('Tu PLYR[ID]');
    expect(hook('guest')?.textContent).toBe(DEFAULT_STRINGS.playAsGuest);
    type(hook('plyr-id') as HTMLInputElement, 'nobody-here');
    type(hook('otp') as HTMLInputElement, '123456');
    pressEnter(hook('otp') as HTMLInputElement);
    expect(await errorText()).toBe('No existe.');
  });

  it('works without a DOM container: the panel goes into the game parent', async () => {
    tg = await bootGame(Phaser, { data: options(), scenes: [main.config], domContainer: false });
    expect(tg.game.domContainer).toBeFalsy();
    tg.plyr.showLogin({ returnTo: 'Main' });
    await waitForHook('plyr-id');
    expect(hook('overlay')?.parentElement).toBe(tg.parent);
  });

  it('keeps keys typed into the panel away from the game', async () => {
    tg = await bootGame(Phaser, { data: options(), scenes: [main.config] });
    const reached: string[] = [];
    const listener = (event: KeyboardEvent) => reached.push(event.key);
    window.addEventListener('keydown', listener);
    try {
      tg.plyr.showLogin({ returnTo: 'Main' });
      const input = await waitForHook('plyr-id');
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'w', bubbles: true }));
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
      expect(reached).toEqual(['x']);
    } finally {
      window.removeEventListener('keydown', listener);
    }
  });

  it('unblocks the form when a lock-out countdown ends (clock injected)', async () => {
    let now = Date.now();
    tg = await bootGame(Phaser, { data: options({ now: () => now }), scenes: [main.config] });
    for (const otp of wrongCodes(stack, 'second-player', 5)) {
      await tg.plyr.login({ plyrId: 'second-player', otp }).catch(() => {});
    }
    tg.plyr.showLogin({ returnTo: 'Main' });
    type((await waitForHook('plyr-id')) as HTMLInputElement, 'second-player');
    type(hook('otp') as HTMLInputElement, '999999');
    pressEnter(hook('otp') as HTMLInputElement);
    await waitFor(() => /locked/.test(hook('error')?.textContent ?? ''), 5000, 'the lock-out');
    expect((hook('submit') as HTMLButtonElement).disabled).toBe(true);
    now += 61_000; // the next one-second tick sees the lock over
    await waitFor(() => !(hook('submit') as HTMLButtonElement).disabled, 3000, 'the form to unblock');
    expect(hook('error')?.textContent).toBe('');
  });
});
