/**
 * The login panel (Phaser's `PlyrLogin` scene, `plyr-kit/ui`'s `showLogin`): PLYR[ID] and 6-digit code as real, labelled inputs, "Continue with PLYR[CONNECT]"
 * (the platform's hosted login, no code to type), "Play as guest", Back, a loading state while a request is in
 * flight and a clear message for every failure. While a guest plays, it says that logging in keeps the guest
 * account; while code logins are throttled (`RATE_LIMITED`), PLYR[CONNECT] becomes its main action. A game that
 * asks to spend (`spend`) says what and until when above the fields, and both logins approve exactly that.
 */
import { PlyrError } from '../core/errors.js';
import type { ConnectMode, Session } from '../core/types.js';
import { amountsText, approval, timeText } from './consent.js';
import { button, el, labelledInput, show, uniqueId } from './dom-form.js';
import type { ErrorMessage } from './error-messages.js';
import { type PanelHost, PanelView } from './panel.js';
import { format } from './strings.js';
import { applyStyle } from './theme.js';

/**
 * PLYR[ID] syntax (docs/platform/plyr-api.md#plyrid-syntax: 5–64 of `[a-z0-9-]`, no leading, trailing or double
 * dash, at least one letter).
 */
const PLYR_ID = /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{5,64}(?<!-)$/;
const OTP = /^\d{6}$/;

/** The login panel. */
export class LoginPanel extends PanelView {
  readonly #plyrId: HTMLInputElement;
  readonly #otp: HTMLInputElement;
  readonly #submit: HTMLButtonElement;
  readonly #guest: HTMLButtonElement;
  readonly #connect: HTMLButtonElement | null;
  readonly #back: HTMLButtonElement;
  #busy = false;
  #blocked = false;
  /** Ends the current block of code logins (see {@link #block}), or `null`. */
  #unblock: (() => void) | null = null;

  constructor(host: PanelHost) {
    super(host, host.strings.loginTitle);
    const { css, strings } = this;
    const { spend } = host;
    const hintId = uniqueId('otp-hint');
    const id = labelledInput(
      strings.plyrIdLabel,
      'plyr-id',
      {
        autocomplete: 'username',
        autocapitalize: 'none',
        autocorrect: 'off',
        spellcheck: 'false',
        maxlength: '64',
        placeholder: strings.plyrIdPlaceholder,
        enterkeyhint: 'next',
        required: '',
      },
      css,
    );
    const otp = labelledInput(
      strings.otpLabel,
      'otp',
      {
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        pattern: '[0-9]*',
        maxlength: '6',
        enterkeyhint: 'go',
        required: '',
        // The consent is read out with the field the code goes in.
        'aria-describedby': spend ? `${hintId} ${hintId}-spend` : hintId,
      },
      css,
    );
    this.#plyrId = id.input;
    this.#otp = otp.input;
    this.#submit = button(strings.submit, 'submit', css.primary, undefined, 'submit');
    this.#guest = button(strings.playAsGuest, 'guest', css.secondary, () => this.#playAsGuest());
    const connect = host.connectButton;
    this.#connect =
      connect === false
        ? null
        : button(strings.connect, 'connect', css.secondary, () =>
            this.#connectWith(connect?.mode ?? 'popup'),
          );
    // What the game may spend, said before any code is typed: logging in (either way) approves exactly this.
    const consent = spend
      ? el('p', {
          hook: 'spend-consent',
          text: format(strings.spendConsent, {
            amounts: amountsText(spend),
            until: timeText(host.now() + approval(spend).expiresIn * 1000),
          }),
          style: css.text,
          attrs: { id: `${hintId}-spend` },
        })
      : '';
    this.#back = button(strings.back, 'back', css.secondary, () => this.finish(this.client.session, true));
    otp.label.append(
      el('span', {
        text: strings.otpHint,
        style: { fontWeight: '400', fontSize: '14px' },
        attrs: { id: hintId },
      }),
    );
    // The guest's JWT is its account's only key: say that logging in keeps it (the client keeps it beside).
    const guestNote = el('p', { hook: 'guest-note', text: strings.guestKeptOnLogin, style: css.text });
    show(guestNote, this.client.session?.isGuest === true);
    this.panel.append(
      el('h2', { text: strings.loginTitle, style: css.title }),
      consent,
      guestNote,
      id.label,
      otp.label,
      this.errorLine,
      this.#submit,
      ...(this.#connect ? [this.#connect] : []),
      this.#guest,
      this.#back,
    );
    // Codes are often pasted as "123 456".
    this.#otp.addEventListener('input', () => {
      const digits = this.#otp.value.replace(/\D/g, '').slice(0, 6);
      if (digits !== this.#otp.value) this.#otp.value = digits;
    });
    // Enter submits. Handled here (and the browser's implicit submission prevented) so it behaves the same in
    // every browser: Enter in the PLYR[ID] field with no code yet moves on to the code.
    for (const input of [this.#plyrId, this.#otp]) {
      input.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        if (input === this.#plyrId && this.#otp.value === '') this.#otp.focus();
        else this.onSubmit();
      });
    }
    // Signed in elsewhere (another tab, the game's own code) while the panel shows: nothing left to ask.
    this.listen('login', ({ session }) => {
      if (!this.#busy && !session.isGuest && session.plyrId !== host.openedAs) this.finish(session);
    });
    this.mount();
    this.#plyrId.focus();
  }

  /** Escape is Back, except while a request is in flight (Back is disabled then). */
  protected override onEscape(): void {
    if (!this.#busy) super.onEscape();
  }

  protected onSubmit(): void {
    if (this.#busy || this.#blocked || this.disposed) return;
    const plyrId = this.#plyrId.value.trim().toLowerCase();
    const otp = this.#otp.value.replace(/\s/g, '');
    this.#invalid(null);
    if (!PLYR_ID.test(plyrId)) {
      this.showText(this.strings.errorPlyrIdFormat);
      this.#invalid(this.#plyrId);
      return;
    }
    if (!OTP.test(otp)) {
      this.showText(this.strings.errorOtpFormat);
      this.#invalid(this.#otp);
      return;
    }
    this.showError(null);
    const { spend } = this.host;
    this.#run(this.#submit, this.strings.submitting, () =>
      spend
        ? this.client.loginAndApprove({ plyrId, otp, ...approval(spend) })
        : this.client.login({ plyrId, otp }),
    );
  }

  /**
   * While code logins are throttled, PLYR[CONNECT] (no code to type) becomes the panel's main action: above
   * "Log in", in the primary style, focused. Back to normal when the wait is over.
   */
  #promoteConnect(on: boolean): void {
    const connect = this.#connect;
    if (!connect) return;
    // The primary style sets a weight the secondary one does not: clear it when stepping down.
    const secondary = { ...this.css.secondary, fontWeight: '' };
    applyStyle(connect, on ? this.css.primary : secondary);
    applyStyle(this.#submit, on ? secondary : this.css.primary);
    if (on) {
      this.#submit.before(connect);
      connect.focus();
    } else this.#submit.after(connect);
  }

  /**
   * Signs in on the PLYR[CONNECT] hosted page. `#run` calls `connect` synchronously, inside this click, so the
   * browser lets the popup open.
   */
  #connectWith(mode: ConnectMode): void {
    const button = this.#connect;
    if (!button) return;
    const { spend } = this.host;
    this.#run(button, this.strings.connecting, () =>
      this.client
        .connect(spend ? { mode, action: 'loginAndApprove', ...approval(spend) } : { mode })
        .catch((error: unknown) => {
          // A JWT that fails verification here came in a PLYR[CONNECT] answer: say so, not "session ended".
          // Duck-typed: the client may be another copy of plyr-kit's (Unity's bridge), with its own PlyrError.
          const code = (error as { code?: unknown } | null)?.code;
          throw code === 'INVALID_JWT'
            ? new PlyrError('CONNECT_REJECTED', (error as Error).message, { cause: error })
            : error;
        }),
    );
  }

  #playAsGuest(): void {
    // An existing guest session (perhaps still being restored) is the guest account's only key: continue with
    // it, never make a new account over it.
    this.#run(this.#guest, this.strings.creatingGuest, async () => {
      await this.client.ready;
      const current = this.client.session;
      return current?.isGuest ? current : this.client.registerGuest();
    });
  }

  /** Runs a request with the loading state on; success leaves for the game, failure explains. */
  #run(active: HTMLButtonElement, busyText: string, request: () => Promise<Session>): void {
    if (this.#busy || this.disposed) return;
    this.showError(null);
    const idleText = active.textContent ?? '';
    this.#setBusy(true, active, busyText);
    request().then(
      (session) => {
        if (this.disposed) return;
        this.#setBusy(false, active, idleText);
        this.finish(session);
      },
      (error: unknown) => {
        if (this.disposed) return;
        this.#setBusy(false, active, idleText);
        this.#explain(error, active === this.#submit);
      },
    );
  }

  /** Explains a failure; `codeLogin`: of a login with a 2FA code (rather than PLYR[CONNECT] or a guest). */
  #explain(error: unknown, codeLogin: boolean): void {
    // Throttled code logins: the wait is told with the way around it, PLYR[CONNECT], when the panel shows it.
    // (Duck-typed: a client given to the plugin may come from another copy of plyr-kit.)
    const throttled =
      codeLogin && this.#connect !== null && (error as { code?: unknown } | null)?.code === 'RATE_LIMITED';
    const message = this.showError(
      error,
      throttled ? { RATE_LIMITED: this.strings.errorRateLimitedConnect } : undefined,
    );
    const code = message?.code;
    // Any attempt uses the code up (docs/platform/plyr-api.md#otp-check-and-lock-out), so clear it for the next one.
    if (code === 'INVALID_OTP' || code === 'OTP_ALREADY_USED' || code === 'ACCOUNT_LOCKED') {
      this.#otp.value = '';
      this.#invalid(this.#otp);
    } else if (code === 'USER_NOT_FOUND' || code === 'GUEST_ACCOUNT' || code === 'INVALID_INPUT') {
      this.#invalid(this.#plyrId);
    }
    // While locked or rate limited every attempt fails (and a lock-out attempt still burns a code): wait it out.
    if ((code === 'ACCOUNT_LOCKED' || code === 'RATE_LIMITED') && message?.until !== undefined)
      this.#block(message.until, throttled);
  }

  /**
   * Blocks code logins until `until` (ms), on a timer of its own: another message (a PLYR[CONNECT] attempt that
   * failed meanwhile) must not end the wait, nor make it last forever. `promote`: PLYR[CONNECT] leads meanwhile.
   */
  #block(until: number, promote: boolean): void {
    this.#unblock?.();
    this.#blocked = true;
    this.#submit.disabled = true;
    if (promote) this.#promoteConnect(true);
    // Ticks with the message's countdown (started just before, so it goes first: text and form change together).
    const stop = this.every(1000, () => {
      if (this.host.now() < until) return;
      this.#unblock?.();
    });
    this.#unblock = () => {
      stop();
      this.#unblock = null;
      this.#blocked = false;
      this.#submit.disabled = this.#busy;
      if (promote) this.#promoteConnect(false);
    };
  }

  protected override onCountdownEnd(message: ErrorMessage): void {
    if (message.code !== 'OTP_ALREADY_USED') this.showError(null);
  }

  #invalid(input: HTMLInputElement | null): void {
    for (const field of [this.#plyrId, this.#otp]) field.removeAttribute('aria-invalid');
    if (!input) return;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }

  #setBusy(busy: boolean, active: HTMLButtonElement, text: string): void {
    this.#busy = busy;
    this.panel.setAttribute('aria-busy', String(busy));
    active.textContent = text;
    for (const control of [this.#submit, this.#connect, this.#guest, this.#back]) {
      if (!control) continue;
      control.disabled = busy || (control === this.#submit && this.#blocked);
    }
    for (const field of [this.#plyrId, this.#otp]) field.readOnly = busy;
  }
}
