/** @jest-environment ./test/helpers/phaser-environment.mjs */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createPlyr } from '../../src/index.js';
import { DEFAULT_STRINGS, PLYR_SCENES, type PlyrPluginData } from '../../src/phaser/index.js';
import {
  bootGame,
  deadUrl,
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

const input = (name: string) => hook<HTMLInputElement>(name) as HTMLInputElement;

describe.each(PHASER_VERSIONS)('login scene on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let stack: Stack;
  let tg: TestGame | null = null;
  let main: ReturnType<typeof recordingScene>;
  let title: ReturnType<typeof recordingScene>;

  beforeEach(async () => {
    Phaser = await loadPhaser();
    stack = await startStack();
    main = recordingScene('Main');
    title = recordingScene('Title');
  });
  afterEach(async () => {
    await tg?.destroy();
    tg = null;
    await stack.close();
  });

  const options = (extra: Partial<PlyrPluginData> = {}): PlyrPluginData => stack.data(extra);

  /** Boots the game on the Title scene and opens the login panel from it. */
  async function openLogin(extra?: Partial<PlyrPluginData>): Promise<TestGame> {
    tg = await bootGame(Phaser, { data: options(extra), scenes: [title.config, main.config] });
    await waitFor(() => title.starts.length === 1);
    tg.plyr.showLogin({ returnTo: 'Main', returnData: { level: 3 } });
    await waitForHook('plyr-id');
    return tg;
  }

  /** Fills the form and presses Enter in the code field. */
  function submit(plyrId: string, otp: string): void {
    type(input('plyr-id'), plyrId);
    type(input('otp'), otp);
    pressEnter(input('otp'));
  }

  it('shows real, labelled DOM inputs with the right attributes, in tab order, over the canvas', async () => {
    const { game } = await openLogin();
    expect(game.scene.isActive(PLYR_SCENES.login)).toBe(true);
    expect(game.scene.isSleeping('Title')).toBe(true);
    const plyrId = input('plyr-id');
    const otp = input('otp');
    expect(plyrId.tagName).toBe('INPUT');
    expect(plyrId.labels?.[0]?.textContent).toContain(DEFAULT_STRINGS.plyrIdLabel);
    expect(plyrId.getAttribute('autocomplete')).toBe('username');
    expect(plyrId.getAttribute('autocapitalize')).toBe('none');
    expect(otp.labels?.[0]?.textContent).toContain(DEFAULT_STRINGS.otpLabel);
    expect(otp.getAttribute('autocomplete')).toBe('one-time-code');
    expect(otp.getAttribute('inputmode')).toBe('numeric');
    expect(otp.getAttribute('maxlength')).toBe('6');
    expect(otp.style.fontSize).toBe('16px'); // no iOS zoom on focus
    expect(hook('submit')?.getAttribute('type')).toBe('submit');
    expect(hook('error')?.getAttribute('role')).toBe('alert');
    expect(document.activeElement).toBe(plyrId);
    // Tab order is document order (no positive tabindex): PLYR[ID], code, Log in, PLYR[CONNECT], Play as guest, Back.
    const focusable = [
      ...document.querySelectorAll<HTMLElement>('[data-plyr="overlay"] input, [data-plyr="overlay"] button'),
    ];
    expect(focusable.map((node) => node.dataset.plyr)).toEqual([
      'plyr-id',
      'otp',
      'submit',
      'connect',
      'guest',
      'back',
    ]);
    expect(focusable.every((node) => node.tabIndex <= 0)).toBe(true);
    // The overlay sits in the game's parent, over the canvas.
    expect(hook('overlay')?.parentElement).toBe(game.canvas.parentElement);
    expect(hook('overlay')?.style.width).toBe('800px');
    expect(hook('overlay')?.style.height).toBe('600px');
  });

  it('follows the Scale Manager: a 360 px wide phone gets a panel that fits', async () => {
    const { game } = await openLogin();
    game.scale.resize(360, 640);
    expect(hook('overlay')?.style.width).toBe('360px');
    expect(hook('overlay')?.style.height).toBe('640px');
    // The frame (panel and scroll cue) fits the overlay; the form inside it scrolls.
    const frame = hook('plyr-id')?.closest('[data-plyr="panel"]') as HTMLElement;
    expect(frame.style.width).toBe('min(420px, 100%)');
    expect(frame.style.maxHeight).toBe('100%');
    expect((frame.querySelector('form') as HTMLFormElement).style.overflowY).toBe('auto');
  });

  it('logs in with PLYR[ID] and code (Enter submits, loading state), then starts returnTo with the session', async () => {
    const { game, plyr } = await openLogin();
    const logins: unknown[] = [];
    game.events.on('plyr:login', (payload: unknown) => logins.push(payload));
    type(input('plyr-id'), 'Demo-Player');
    // Enter in the PLYR[ID] field with no code yet moves on to the code.
    pressEnter(input('plyr-id'));
    expect(document.activeElement).toBe(input('otp'));
    type(input('otp'), stack.sandbox.totp('demo-player').replace(/^(\d{3})/, '$1 '));
    expect(input('otp').value).toMatch(/^\d{6}$/); // "123 456" pasted becomes "123456"
    pressEnter(input('otp'));
    expect(hook('submit')?.textContent).toBe(DEFAULT_STRINGS.submitting);
    expect((hook('submit') as HTMLButtonElement).disabled).toBe(true);
    expect(hook('plyr-id')?.closest('form')?.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => main.starts.length === 1, 5000, 'Main to start');
    expect(main.starts[0]).toMatchObject({ level: 3, session: { plyrId: 'demo-player', isGuest: false } });
    expect(plyr.session?.plyrId).toBe('demo-player');
    expect(logins).toHaveLength(1);
    expect(game.scene.isActive(PLYR_SCENES.login)).toBe(false);
    expect(game.scene.isActive('Title')).toBe(false);
    expect(game.scene.isSleeping('Title')).toBe(false);
    expect(hook('overlay')).toBeNull();
  });

  it('closes and starts returnTo when the player signs in in another tab', async () => {
    // Tabs talk over BroadcastChannel, which jsdom lacks: Node's own connects the two clients of this process.
    const { BroadcastChannel } = await import('node:worker_threads');
    Object.assign(globalThis, { BroadcastChannel });
    try {
      const { plyr } = await openLogin({ syncTabs: true });
      const otherTab = createPlyr({
        ...options({ syncTabs: true }),
        gameId: stack.sandbox.gameId,
        signer: stack.signerUrl,
      });
      try {
        await otherTab.login({ plyrId: 'demo-player', otp: stack.sandbox.totp('demo-player') });
        await waitFor(() => main.starts.length === 1, 5000, 'Main to start');
        expect(main.starts[0]).toMatchObject({ level: 3, session: { plyrId: 'demo-player' } });
        expect(plyr.session?.plyrId).toBe('demo-player');
        expect(hook('overlay')).toBeNull();
      } finally {
        otherTab.destroy();
      }
    } finally {
      Reflect.deleteProperty(globalThis, 'BroadcastChannel');
    }
  });

  it('"Play as guest" creates a guest account and returns with it', async () => {
    await openLogin();
    hook('guest')?.click();
    expect(hook('guest')?.textContent).toBe(DEFAULT_STRINGS.creatingGuest);
    await waitFor(() => main.starts.length === 1, 5000, 'Main to start');
    expect(main.starts[0]).toMatchObject({ session: { isGuest: true } });
  });

  it('"Play as guest" keeps an existing guest session instead of replacing the account', async () => {
    tg = await bootGame(Phaser, { data: options(), scenes: [title.config, main.config] });
    const guest = await tg.plyr.registerGuest();
    tg.plyr.showLogin({ returnTo: 'Main' });
    (await waitForHook('guest')).click();
    await waitFor(() => main.starts.length === 1);
    expect(main.starts[0]).toMatchObject({ session: { plyrId: guest.plyrId } });
  });

  it('while a guest plays, says that logging in keeps the guest account, and logging in keeps it', async () => {
    tg = await bootGame(Phaser, { data: options(), scenes: [title.config, main.config] });
    await waitFor(() => title.starts.length === 1);
    const guest = await tg.plyr.registerGuest();
    tg.plyr.showLogin({ returnTo: 'Main' });
    const note = await waitForHook('guest-note');
    expect(note.textContent).toBe(DEFAULT_STRINGS.guestKeptOnLogin);
    submit('demo-player', stack.sandbox.totp('demo-player'));
    await waitFor(() => main.starts.length === 1, 5000, 'Main to start');
    expect(tg.plyr.session?.plyrId).toBe('demo-player');
    expect(tg.plyr.client.keptGuest).toEqual(guest);
  });

  it('says nothing about a guest when no guest plays', async () => {
    await openLogin();
    expect(hook('guest-note')?.hidden).toBe(true);
  });

  it('Back wakes the scene that opened the panel', async () => {
    const { game } = await openLogin();
    hook('back')?.click();
    await waitFor(() => game.scene.isActive('Title'));
    expect(title.starts).toHaveLength(1); // woken, not restarted
    expect(main.starts).toHaveLength(0);
    expect(hook('overlay')).toBeNull();
  });

  it('Escape is Back: the panel is a modal dialog the keyboard can leave', async () => {
    const { game } = await openLogin();
    const dialog = hook('panel') as HTMLElement;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    hook('plyr-id')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitFor(() => game.scene.isActive('Title'), 5000, 'Title to wake');
    expect(title.starts).toHaveLength(1);
    expect(main.starts).toHaveLength(0);
    expect(hook('overlay')).toBeNull();
  });

  it('keeps the way back when asked to show twice (a double click)', async () => {
    const { game, plyr } = await openLogin();
    plyr.showLogin({ returnTo: 'Main' });
    await waitForHook('plyr-id');
    expect(document.querySelectorAll('[data-plyr="overlay"]')).toHaveLength(1);
    hook('back')?.click();
    await waitFor(() => game.scene.isActive('Title'), 5000, 'Title to wake');
  });

  it('checks the fields before sending anything', async () => {
    await openLogin();
    submit('ab', '123456');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorPlyrIdFormat);
    expect(input('plyr-id').getAttribute('aria-invalid')).toBe('true');
    submit('demo-player', '12a');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorOtpFormat);
    expect(input('otp').getAttribute('aria-invalid')).toBe('true');
  });

  it('explains a wrong code, then the same code reused (with the wait for the next code)', async () => {
    await openLogin();
    const [code] = wrongCodes(stack, 'demo-player', 1) as [string];
    submit('demo-player', code);
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorInvalidOtp);
    expect(input('otp').value).toBe(''); // the code is used up either way
    submit('demo-player', code);
    await waitFor(() => /already used/.test(hook('error')?.textContent ?? ''), 5000, 'the reuse message');
    expect(hook('error')?.textContent).toMatch(
      /^This code was already used\. Wait for the next code \((\d|[12]\d|30)s\)\.$/,
    );
  });

  it('explains a lock-out with a countdown and blocks the form meanwhile', async () => {
    const { plyr } = await openLogin();
    for (const code of wrongCodes(stack, 'second-player', 5)) {
      await expect(plyr.login({ plyrId: 'second-player', otp: code })).rejects.toMatchObject({
        code: 'INVALID_OTP',
      });
    }
    submit('second-player', stack.sandbox.totp('second-player'));
    await waitFor(() => /locked/.test(hook('error')?.textContent ?? ''), 5000, 'the lock-out message');
    expect(hook('error')?.textContent).toMatch(
      /^Too many wrong codes\. Your account is locked; try again in (59|60)s\.$/,
    );
    expect((hook('submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('explains that a guest account cannot log in with a code', async () => {
    const other = createPlyr(options() as Parameters<typeof createPlyr>[0]);
    const guest = await other.registerGuest();
    other.destroy();
    await openLogin();
    submit(guest.plyrId, '123456');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorGuestAccount);
    expect(input('plyr-id').getAttribute('aria-invalid')).toBe('true');
  });

  it('explains an unknown PLYR[ID]', async () => {
    await openLogin();
    submit('nobody-here', '123456');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorUserNotFound);
  });

  describe('explains network and signer trouble', () => {
    const cases: Array<[string, () => Promise<Partial<PlyrPluginData>>, string | RegExp]> = [
      [
        'the platform unreachable (from the relay)',
        async () => ({ signer: await stack.signer({ apiBase: await deadUrl() }) }),
        DEFAULT_STRINGS.errorNetwork,
      ],
      [
        'the platform unreachable (sign mode)',
        async () => ({
          signer: { url: await stack.signer({ mode: 'sign' }), mode: 'sign' },
          apiBase: await deadUrl(),
        }),
        DEFAULT_STRINGS.errorNetwork,
      ],
      [
        'the platform too slow',
        async () => {
          stack.sandbox.injectFault({ path: '/api/user/login', delayMs: 3000 });
          return { timeoutMs: 150 };
        },
        DEFAULT_STRINGS.errorTimeout,
      ],
      [
        'the platform failing',
        async () => {
          stack.sandbox.injectFault({ path: '/api/user/login', status: 500, body: { error: 'boom' } });
          return {};
        },
        DEFAULT_STRINGS.errorServer,
      ],
      [
        'the signer unreachable',
        async () => ({ signer: await deadUrl() }),
        DEFAULT_STRINGS.errorSignerUnreachable,
      ],
      [
        'the signer refusing the path',
        async () => ({ signer: await stack.signer({ allow: [] }) }),
        DEFAULT_STRINGS.errorSignerRejected,
      ],
      [
        'the signer with a wrong secret',
        async () => ({ signer: await stack.signer({ secretKey: 'not-the-secret' }) }),
        DEFAULT_STRINGS.errorAuthRejected,
      ],
    ];
    it.each(cases)('%s', async (_case, setup, expected) => {
      await openLogin(await setup());
      submit('demo-player', '123456');
      expect(await errorText()).toBe(expected);
      expect((hook('submit') as HTMLButtonElement).disabled).toBe(false); // can try again
    });
  });

  describe('a throttled code login (RATE_LIMITED)', () => {
    /** Opens the panel over a signer that allows one code login per PLYR[ID] a minute, and uses it up. */
    async function throttled(extra: Partial<PlyrPluginData> = {}) {
      const signer = await stack.signer({ rateLimit: { perPlyrId: { tokens: 1, intervalMs: 60_000 } } });
      const opened = await openLogin({ signer, ...extra });
      await opened.plyr
        .login({ plyrId: 'demo-player', otp: wrongCodes(stack, 'demo-player', 1)[0] as string })
        .catch(() => {});
      submit('demo-player', '123456');
      return opened;
    }
    const buttons = () =>
      [...document.querySelectorAll<HTMLElement>('[data-plyr="overlay"] button')].map((b) => b.dataset.plyr);

    it('tells the player to wait and offers PLYR[CONNECT], made the main action', async () => {
      await throttled();
      expect(await errorText()).toMatch(
        /^Too many attempts with a code\. Try again in \d+s, or continue with PLYR\[CONNECT\]: no code needed\.$/,
      );
      const connect = hook<HTMLButtonElement>('connect') as HTMLButtonElement;
      expect(buttons()).toEqual(['connect', 'submit', 'guest', 'back']);
      expect(document.activeElement).toBe(connect);
      expect(connect.disabled).toBe(false);
      expect(connect.style.fontWeight).toBe('700'); // the primary style
      expect((hook('submit') as HTMLButtonElement).disabled).toBe(true);
    });

    it('goes back to normal once the wait is over', async () => {
      let now = Date.now();
      await throttled({ now: () => now });
      await errorText();
      now += 61_000;
      await waitFor(() => !(hook('submit') as HTMLButtonElement).disabled, 5000, 'the form to unblock');
      expect(buttons()).toEqual(['submit', 'connect', 'guest', 'back']);
      expect(hook('connect')?.style.fontWeight).toBe('');
    });

    it('a PLYR[CONNECT] attempt that fails meanwhile neither ends the wait nor makes it last forever', async () => {
      let now = Date.now();
      // The browser blocks the popup: the attempt fails at once with CONNECT_BLOCKED.
      const open = jest.spyOn(window, 'open').mockReturnValue(null);
      await throttled({ now: () => now });
      await errorText();
      hook('connect')?.click();
      await waitFor(
        () => hook('error')?.textContent === DEFAULT_STRINGS.errorConnectBlocked,
        5000,
        'the error',
      );
      expect((hook('submit') as HTMLButtonElement).disabled).toBe(true);
      now += 61_000;
      await waitFor(() => !(hook('submit') as HTMLButtonElement).disabled, 5000, 'the form to unblock');
      expect(open).toHaveBeenCalledTimes(1);
      open.mockRestore();
    });

    it('without the PLYR[CONNECT] button, only the wait is told', async () => {
      await throttled({ connect: false });
      expect(await errorText()).toMatch(/^Too many attempts\. Try again in \d+s\.$/);
    });
  });

  it('explains a signing server whose clock is off', async () => {
    await stack.close();
    stack = await startStack({ now: () => Date.now() + 10 * 60_000 });
    await openLogin();
    submit('demo-player', '123456');
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorClockSkew);
  });
});
