/**
 * The account panel's allowances: what this game may still spend from the player's wallet, and Revoke (one token,
 * or all of them), which asks for a 2FA code in the panel itself. It reads the list when the panel opens and
 * follows the client's `allowances` event (a revoke, a `loginAndApprove`, another read), so it is never stale.
 * Part of the account panel's chunk (`guest-view.ts`).
 */
import type { Allowance, PlyrEventName, PlyrListener, Session } from '../core/types.js';
import { timeText, tokenName } from './consent.js';
import { button, el, labelledInput, show, uniqueId } from './dom-form.js';
import type { PanelHost } from './panel.js';
import { format } from './strings.js';
import { type PanelStyles, STYLES } from './theme.js';

/** How the block speaks through its panel's error line (countdowns included). */
export interface BlockMessages {
  /** Shows a failure (`null` clears it). */
  showError(error: unknown): void;
  /** Shows a plain text (a local check). */
  showText(text: string): void;
  /** The panel's error line: it moves under the code field while that is open, where the player looks. */
  errorLine: HTMLElement;
}

const OTP = /^\d{6}$/;

/** What this game may spend, with Revoke. Add `root` to the panel, then {@link AllowancesBlock.open}. */
export class AllowancesBlock {
  /** The block (a labelled section). */
  readonly root: HTMLElement;
  readonly #status: HTMLParagraphElement;
  readonly #list: HTMLUListElement;
  readonly #all: HTMLButtonElement;
  readonly #form: HTMLDivElement;
  readonly #prompt: HTMLParagraphElement;
  readonly #otp: HTMLInputElement;
  readonly #confirm: HTMLButtonElement;
  readonly #cancel: HTMLButtonElement;
  readonly #css: PanelStyles = STYLES;
  #plyrId: string | null = null;
  /** Where the panel's error line was before the code field borrowed it. */
  #errorHome: { parent: Node; next: Node | null } | null = null;
  /** The token the code field revokes (`all`: every token), or `null` while it is closed. */
  #target: string | null = null;
  #busy = false;

  constructor(
    private readonly host: PanelHost,
    listen: <E extends PlyrEventName>(event: E, listener: PlyrListener<E>) => void,
    private readonly messages: BlockMessages,
  ) {
    const { strings } = host;
    const css = this.#css;
    const titleId = uniqueId('allowances-title');
    const promptId = uniqueId('revoke-prompt');
    this.#status = el('p', {
      hook: 'allowances-status',
      style: css.text,
      attrs: { 'aria-live': 'polite', tabindex: '-1' },
    });
    this.#list = el('ul', {
      hook: 'allowances',
      style: {
        margin: '0',
        padding: '0',
        listStyle: 'none',
        display: 'flex',
        flexDirection: 'column',
        gap: '12px',
      },
      attrs: { 'aria-labelledby': titleId },
    });
    this.#all = button(strings.revokeAll, 'revoke-all', css.secondary, () => this.#ask('all'));
    this.#prompt = el('p', { hook: 'revoke-prompt', style: css.text, attrs: { id: promptId } });
    const otp = labelledInput(
      strings.otpLabel,
      'revoke-otp',
      {
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        pattern: '[0-9]*',
        maxlength: '6',
        enterkeyhint: 'go',
        'aria-describedby': promptId,
      },
      css,
    );
    this.#otp = otp.input;
    this.#confirm = button(strings.revokeSubmit, 'revoke-confirm', css.primary, () => this.#send());
    this.#cancel = button(strings.cancel, 'revoke-cancel', css.secondary, () => this.#close(true));
    this.#form = el(
      'div',
      { hook: 'revoke-form', style: { display: 'flex', flexDirection: 'column', gap: '12px' } },
      this.#prompt,
      otp.label,
      this.#confirm,
      this.#cancel,
    );
    this.root = el(
      'section',
      {
        hook: 'allowances-block',
        style: { display: 'flex', flexDirection: 'column', gap: '12px' },
        attrs: { 'aria-labelledby': titleId },
      },
      el('h3', {
        text: strings.allowancesTitle,
        style: { margin: '0', fontSize: '18px', fontWeight: '700' },
        attrs: { id: titleId },
      }),
      this.#status,
      this.#list,
      this.#all,
      this.#form,
    );
    for (const node of [this.#list, this.#all, this.#form]) show(node, false);
    // Codes are often pasted as "123 456"; Enter sends the code (not the panel's own form).
    this.#otp.addEventListener('input', () => {
      const digits = this.#otp.value.replace(/\D/g, '').slice(0, 6);
      if (digits !== this.#otp.value) this.#otp.value = digits;
    });
    this.#otp.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      this.#send();
    });
    listen('allowances', ({ plyrId, allowances }) => {
      if (plyrId === this.#plyrId) this.#render(allowances);
    });
  }

  /** Shows `session`'s allowances (read now; a failure is explained in the panel's error line). */
  open(session: Session): void {
    this.#plyrId = session.plyrId;
    this.#setStatus(this.host.strings.loading);
    this.host.client.allowances().then(
      (list) => this.#render(list),
      (error: unknown) => {
        this.#setStatus('');
        this.messages.showError(error);
      },
    );
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
    show(this.#status, text !== '');
  }

  #render(list: Allowance[]): void {
    const { strings } = this.host;
    this.#list.replaceChildren(
      ...list.map((allowance) => {
        const token = tokenName(allowance.token);
        const values = { amount: allowance.amount, token };
        const text =
          allowance.expiresAt === null
            ? format(strings.allowanceLineNoEnd, values)
            : format(strings.allowanceLine, { ...values, until: timeText(allowance.expiresAt) });
        return el(
          'li',
          { hook: 'allowance', style: { display: 'flex', flexDirection: 'column', gap: '6px' } },
          el('p', { text, style: this.#css.text }),
          button(format(strings.revokeToken, { token }), 'revoke', this.#css.secondary, () =>
            this.#ask(allowance.token),
          ),
        );
      }),
    );
    show(this.#list, list.length > 0);
    show(this.#all, list.length > 1);
    if (!this.#busy) this.#setStatus(list.length > 0 ? '' : strings.noAllowances);
  }

  /** `{what}` of the prompt and of the confirmation. */
  #what(token: string): string {
    return token === 'all' ? this.host.strings.revokeAllWhat : tokenName(token);
  }

  /** Opens the code field for `token`. */
  #ask(token: string): void {
    if (this.#busy) return;
    this.#target = token;
    this.messages.showError(null);
    this.#prompt.textContent = format(this.host.strings.revokePrompt, { what: this.#what(token) });
    this.#otp.value = '';
    this.#otp.removeAttribute('aria-invalid');
    const { errorLine } = this.messages;
    if (!this.#errorHome && errorLine.parentNode)
      this.#errorHome = { parent: errorLine.parentNode, next: errorLine.nextSibling };
    this.#form.insertBefore(errorLine, this.#confirm);
    show(this.#form, true);
    this.#otp.focus();
  }

  #close(cancelled: boolean): void {
    this.#target = null;
    const home = this.#errorHome;
    if (home) home.parent.insertBefore(this.messages.errorLine, home.next);
    this.#errorHome = null;
    show(this.#form, false);
    if (cancelled) this.messages.showError(null);
  }

  #send(): void {
    const token = this.#target;
    if (this.#busy || token === null) return;
    const otp = this.#otp.value.replace(/\s/g, '');
    if (!OTP.test(otp)) {
      this.messages.showText(this.host.strings.errorOtpFormat);
      this.#invalid();
      return;
    }
    this.messages.showError(null);
    this.#setBusy(true);
    this.host.client.revoke({ otp, token }).then(
      () => {
        this.#setBusy(false);
        this.#close(false);
        this.#setStatus(format(this.host.strings.revoked, { what: this.#what(token) }));
        this.#status.focus();
      },
      (error: unknown) => {
        this.#setBusy(false);
        this.messages.showError(error);
        // Any attempt uses the code up (docs/platform/plyr-api.md#otp-check-and-lock-out): the next needs a new one.
        this.#otp.value = '';
        this.#invalid();
      },
    );
  }

  #invalid(): void {
    this.#otp.setAttribute('aria-invalid', 'true');
    this.#otp.focus();
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    this.root.setAttribute('aria-busy', String(busy));
    this.#confirm.textContent = busy ? this.host.strings.revoking : this.host.strings.revokeSubmit;
    this.#otp.readOnly = busy;
    for (const control of [this.#confirm, this.#cancel, this.#all, ...this.#list.querySelectorAll('button')])
      control.disabled = busy;
  }
}
