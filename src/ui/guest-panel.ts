/**
 * The guest and account panel (Phaser's `PlyrGuest` scene, `plyr-kit/ui`'s `showGuest`), a chunk loaded when it
 * opens: shows
 * the guest identity (creating a guest account when there is no session), and "Save my account": the claiming
 * code, the claiming link with a QR code to open it on a phone, and a copy button. While the code shows, it checks
 * the session every `claimPollMs` and notices the claim. For a full account it is the account panel: what this game
 * may spend, with Revoke (`allowances-block.ts`), and Log out; with a guest kept on this device, it says that
 * logging out goes back to that guest.
 */
import { PlyrError } from '../core/errors.js';
import type { ClaimingCode, Session } from '../core/types.js';
import { AllowancesBlock } from './allowances-block.js';
import type { ClaimCodeBlock } from './claim-code.js';
import { button, el, safeHttpUrl, show } from './dom-form.js';
import { type PanelHost, PanelView } from './panel.js';
import { format } from './strings.js';

/** The guest and account panel. */
export class GuestPanel extends PanelView {
  /** Hidden while empty, so that it leaves no gap before the player did anything. */
  readonly #status = el('p', { hook: 'status', style: this.css.text, attrs: { 'aria-live': 'polite' } });
  readonly #avatar = el('img', {
    hook: 'avatar',
    style: { width: '64px', height: '64px', borderRadius: '50%', flex: 'none' },
    attrs: { alt: '', width: '64', height: '64', referrerpolicy: 'no-referrer' },
  });
  /** "Guest account", or "Your account" once a full account shows. */
  readonly #title = el('h2', { hook: 'title', text: this.strings.guestTitle, style: this.css.title });
  readonly #intro = el('span', {});
  readonly #identity = el('strong', {
    hook: 'identity',
    style: { fontSize: '20px', overflowWrap: 'anywhere' },
  });
  readonly #who = el(
    'div',
    { style: { display: 'flex', alignItems: 'center', gap: '12px' } },
    this.#avatar,
    el('div', { style: { display: 'flex', flexDirection: 'column' } }, this.#intro, this.#identity),
  );
  readonly #claim = button(this.strings.claim, 'claim', this.css.primary, undefined, 'submit');
  /** The claiming code's block, built (from its chunk) the first time the code shows. */
  #codeBlock: ClaimCodeBlock | null = null;
  /** A full account's allowances, built the first time a full account shows. */
  #allowances: AllowancesBlock | null = null;
  /** A full account's note about the guest kept beside it. */
  readonly #kept = el('p', { hook: 'guest-kept', style: this.css.text });
  readonly #retry = button(this.strings.playAsGuest, 'guest', this.css.primary, () => this.#start());
  readonly #login = button(this.strings.loginAfterClaim, 'login', this.css.primary, () =>
    this.host.openLogin(),
  );
  readonly #logout = button(this.strings.logout, 'logout', this.css.secondary, () => void this.#logOut());
  /** Back to the game with the account as it is (hook `continue`; it was `back` before 0.2). */
  readonly #continue = button(this.strings.continue, 'continue', this.css.secondary, () => this.finish());
  #session: Session | null = null;
  #busy = false;
  #stopPolling: (() => void) | null = null;

  #setStatus(text: string): void {
    this.#status.textContent = text;
    show(this.#status, text !== '');
  }

  constructor(host: PanelHost) {
    super(host, host.strings.guestTitle);
    this.panel.append(
      this.#title,
      this.#who,
      this.#kept,
      this.#status,
      this.errorLine,
      this.#claim,
      this.#retry,
      this.#login,
      this.#logout,
      this.#continue,
    );
    for (const node of [this.#who, this.#kept, this.#claim, this.#retry, this.#login, this.#logout]) {
      show(node, false);
    }
    // An avatar that cannot load (offline, a sandbox avatar host out of reach) hides rather than shows as broken.
    this.#avatar.addEventListener('error', () => show(this.#avatar, false));
    this.listen('guest:claimed', () => this.#showClaimed());
    this.mount();
    this.#start();
  }

  /** Escape is Continue (back to the game with the account as it is), except while a request is in flight. */
  protected override onEscape(): void {
    if (!this.#busy) this.finish();
  }

  protected onSubmit(): void {
    if (!this.#claim.hidden) this.#reveal();
  }

  /**
   * Shows the current session, or makes a guest account when there is none. Waits for the stored session first:
   * a guest session still being restored is the account's only key and must not be replaced by a new guest.
   */
  #start(): void {
    show(this.#retry, false);
    this.showError(null);
    this.#setStatus(this.strings.loading);
    this.#busy = true;
    this.client.ready
      .then(() => this.client.session ?? this.client.registerGuest())
      .then(
        (session) => {
          this.#busy = false;
          if (!this.disposed) this.#showIdentity(session);
        },
        (error: unknown) => {
          this.#busy = false;
          if (this.disposed) return;
          this.#setStatus('');
          this.showError(error);
          show(this.#retry, true);
          this.#retry.focus();
        },
      );
  }

  #showIdentity(session: Session): void {
    this.#session = session;
    this.showError(null);
    this.#setStatus('');
    const title = session.isGuest ? this.strings.guestTitle : this.strings.accountTitle;
    this.#title.textContent = title;
    this.panel.setAttribute('aria-label', title);
    this.#intro.textContent = session.isGuest ? this.strings.guestIntro : this.strings.signedInAs;
    this.#identity.textContent = session.plyrId;
    const avatar = safeHttpUrl(session.avatar);
    if (avatar) this.#avatar.src = avatar;
    show(this.#avatar, avatar !== null);
    show(this.#who, true);
    const kept = session.isGuest ? null : (this.client.keptGuest ?? null);
    this.#kept.textContent = kept ? format(this.strings.guestKeptBeside, { plyrId: kept.plyrId }) : '';
    show(this.#kept, kept !== null);
    show(this.#claim, session.isGuest);
    show(this.#logout, !session.isGuest);
    if (!session.isGuest) {
      // Its answers may come after the scene ended: the panel's error line (and its countdown timer) is gone then.
      this.#allowances ??= new AllowancesBlock(this.host, (event, listener) => this.listen(event, listener), {
        showError: (error) => void (this.disposed || this.showError(error)),
        showText: (text) => void (this.disposed || this.showText(text)),
        errorLine: this.errorLine,
      });
      this.#logout.before(this.#allowances.root);
      this.#allowances.open(session);
    }
    (session.isGuest ? this.#claim : this.#continue).focus();
  }

  #reveal(): void {
    if (this.#busy || !this.#session?.isGuest) return;
    this.#busy = true;
    this.#claim.disabled = true;
    this.panel.setAttribute('aria-busy', 'true');
    this.showError(null);
    // The block's chunk loads while the platform makes the code; a failed download is a network failure (the
    // player sees "check your connection", and the next click downloads it again).
    const block = import('./claim-code.js').catch((cause: unknown) => {
      throw new PlyrError('NETWORK', 'Could not load a part of plyr-kit', { cause });
    });
    Promise.all([this.client.revealClaimingCode(), block]).then(
      ([claiming, { ClaimCodeBlock }]) => {
        this.#busy = false;
        this.panel.setAttribute('aria-busy', 'false');
        if (!this.disposed) this.#showCode(claiming, ClaimCodeBlock);
      },
      (error: unknown) => {
        this.#busy = false;
        this.panel.setAttribute('aria-busy', 'false');
        if (this.disposed) return;
        this.#claim.disabled = false;
        this.showError(error);
      },
    );
  }

  #showCode(claiming: ClaimingCode, Block: typeof ClaimCodeBlock): void {
    if (!this.#codeBlock) {
      this.#codeBlock = new Block(this.css, this.strings);
      this.#claim.before(this.#codeBlock.root);
    }
    show(this.#claim, false);
    this.#codeBlock.show(claiming);
    this.#setStatus(this.strings.claimWaiting);
    this.#stopPolling ??= this.every(this.host.claimPollMs, () => this.#poll());
  }

  #polling = false;
  /** Asks the platform about the session; the core reports a claim with `guest:claimed`. */
  #poll(): void {
    if (this.#polling) return;
    this.#polling = true;
    this.client
      .verifySession()
      .catch(() => null) // a failed check is retried at the next tick
      .finally(() => {
        this.#polling = false;
      });
  }

  #showClaimed(): void {
    if (this.disposed) return;
    this.#stopPolling?.();
    this.#stopPolling = null;
    this.#session = null;
    this.showError(null);
    const nodes = [this.#who, this.#kept, this.#codeBlock?.root, this.#allowances?.root, this.#claim];
    for (const node of [...nodes, this.#logout, this.#retry]) if (node) show(node, false);
    this.#setStatus(this.strings.claimed);
    show(this.#login, true);
    this.#login.focus();
  }

  async #logOut(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      await this.client.logout();
      // A guest kept beside the account is the session again.
      this.finish(this.client.session);
    } catch (error) {
      this.showError(error);
    } finally {
      this.#busy = false;
    }
  }
}
