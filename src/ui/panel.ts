/**
 * What every panel shares: a themed `<form>` placed over the game, an error line that can count down, timers and
 * client listeners that end with the panel, and the way out ({@link PanelHost}). The Phaser scenes and
 * `plyr-kit/ui`'s `show*` functions are two hosts of the same panels.
 */
import type { PlyrErrorCode } from '../core/errors.js';
import type { PlyrClient, PlyrEventName, PlyrListener, Session } from '../core/types.js';
import { el, show } from './dom-form.js';
import { type ErrorMessage, errorMessage } from './error-messages.js';
import { addScrollCue } from './scroll-cue.js';
import type { PlyrStrings } from './strings.js';
import { applyTheme, type PanelStyles, type PlyrTheme, STYLES } from './theme.js';
import type { PlyrConnectButton, PlyrSpend } from './types.js';

/** The developer hints are text no player needs: a chunk loaded only where hints are on (a local page). */
let hints: Promise<typeof import('./developer-hints.js')> | undefined;

/** Logs the cause and fix of a refusal a developer can fix (see developer-hints.ts). */
function explainToDeveloper(error: unknown): void {
  hints ??= import('./developer-hints.js');
  hints.then(
    ({ developerHint }) => {
      const hint = developerHint(error);
      if (hint) console.warn(`plyr-kit: ${hint}`, error);
    },
    () => undefined,
  );
}

/** How often the guest panel asks whether the account was claimed, unless told otherwise (ms). */
export const DEFAULT_CLAIM_POLL_MS = 5000;

/** What a panel needs from whoever shows it (a Phaser scene, or `plyr-kit/ui`). */
export interface PanelHost {
  readonly client: PlyrClient;
  /** The theme values given in code (the others come from the page's CSS or the defaults). */
  readonly theme: Partial<PlyrTheme>;
  readonly strings: PlyrStrings;
  readonly claimPollMs: number;
  /** Whether refusals a developer can fix are explained in the console. */
  readonly developerHints: boolean;
  /** The login panel's PLYR[CONNECT] button (`false`: hidden; missing: a popup button). */
  readonly connectButton?: PlyrConnectButton | false | undefined;
  /** What the game may spend, asked for at login. */
  readonly spend?: PlyrSpend | undefined;
  /** The PLYR[ID] signed in when the panel opened. */
  readonly openedAs: string | null;
  now(): number;
  /** Puts the panel on screen; returns a function that takes it away. */
  place(panel: HTMLElement): () => void;
  /** The player is done with the panel. */
  finish(session: Session | null, cancelled: boolean): void;
  /** Shows the login panel instead (the guest panel's "Log in" after a claim). */
  openLogin(): void;
}

/** Base of a panel: build the DOM in the subclass constructor, then call {@link mount}. */
export abstract class PanelView {
  protected readonly css: PanelStyles = STYLES;
  protected readonly strings: PlyrStrings;
  protected readonly client: PlyrClient;
  /** The panel (a `<form>` so that Enter submits); it scrolls when the screen is too small. */
  readonly panel: HTMLFormElement;
  /** What is placed on screen (`data-plyr="panel"`): the panel and the scroll cue under it. */
  readonly frame: HTMLDivElement;
  /** The error line (`data-plyr="error"`, announced by screen readers). */
  protected readonly errorLine: HTMLParagraphElement;
  protected disposed = false;
  #unplace: (() => void) | null = null;
  #timers = new Set<ReturnType<typeof setInterval>>();
  #listeners: Array<() => void> = [];
  #stopCountdownFn: (() => void) | null = null;
  #stopScrollCue: (() => void) | null = null;

  constructor(
    protected readonly host: PanelHost,
    label: string,
  ) {
    this.strings = host.strings;
    this.client = host.client;
    this.panel = el('form', { style: this.css.panel, attrs: { novalidate: '', 'aria-label': label } });
    // A modal dialog over the game: screen readers say so, and Escape leaves it as its way back does.
    this.frame = el(
      'div',
      {
        hook: 'panel',
        style: this.css.frame,
        attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': label },
      },
      this.panel,
    );
    applyTheme(this.frame, host.theme);
    this.frame.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || this.disposed) return;
      event.preventDefault();
      this.onEscape();
    });
    this.panel.addEventListener('submit', (event) => {
      event.preventDefault();
      this.onSubmit();
    });
    this.errorLine = el('p', {
      hook: 'error',
      style: this.css.error,
      attrs: { role: 'alert', 'aria-live': 'assertive' },
    });
    show(this.errorLine, false);
  }

  /** Enter in a field or the primary button. */
  protected abstract onSubmit(): void;

  /** Escape: back to the game as the panel's Back does (the login panel's), unless a panel says otherwise. */
  protected onEscape(): void {
    this.finish(this.client.session, true);
  }

  /** Shows the built panel. */
  protected mount(): void {
    this.#stopScrollCue = addScrollCue(this.frame, this.panel, this.strings.scrollCue);
    this.#unplace = this.host.place(this.frame);
  }

  /** Leaves the panel for the game. */
  protected finish(session = this.client.session, cancelled = false): void {
    if (this.disposed) return;
    this.host.finish(session, cancelled);
  }

  /** Subscribes to a client event while the panel is open. */
  protected listen<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): void {
    this.#listeners.push(this.client.on(event, listener));
  }

  /** Runs `fn` every `ms` while the panel is open; returns a function that stops it. */
  protected every(ms: number, fn: () => void): () => void {
    const id = setInterval(fn, ms);
    this.#timers.add(id);
    return () => {
      clearInterval(id);
      this.#timers.delete(id);
    };
  }

  /**
   * Shows a failure (empty to clear); waiting errors count down. `templates` replace the text of some codes (see
   * {@link errorMessage}). Returns the message shown.
   */
  protected showError(
    error: unknown,
    templates?: Partial<Record<PlyrErrorCode, string>>,
  ): ErrorMessage | null {
    this.#stopCountdown();
    if (error === null) {
      this.#setError('');
      return null;
    }
    if (this.host.developerHints) explainToDeveloper(error);
    const message = errorMessage(error, this.strings, this.host.now(), templates);
    this.#setError(message.text(this.host.now()));
    if (message.until !== undefined) {
      const stop = this.every(1000, () => {
        const now = this.host.now();
        this.#setError(message.text(now));
        if (now >= (message.until ?? 0)) {
          stop();
          this.#stopCountdownFn = null;
          this.onCountdownEnd(message);
        }
      });
      this.#stopCountdownFn = stop;
    }
    return message;
  }

  /** The error line takes room only while it says something (no empty gap under the panel's texts). */
  #setError(text: string): void {
    this.errorLine.textContent = text;
    show(this.errorLine, text !== '');
  }

  #stopCountdown(): void {
    this.#stopCountdownFn?.();
    this.#stopCountdownFn = null;
  }

  /** Called when a countdown reaches zero. */
  protected onCountdownEnd(_message: ErrorMessage): void {}

  /** Shows a plain text in the error line (local checks). */
  protected showText(text: string): void {
    this.#stopCountdown();
    this.#setError(text);
  }

  /** Removes the panel and stops every timer and listener (the host closed it). */
  close(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const id of this.#timers) clearInterval(id);
    this.#timers.clear();
    for (const off of this.#listeners) off();
    this.#listeners = [];
    this.#stopScrollCue?.();
    this.#unplace?.();
    this.#unplace = null;
  }
}

/** A panel's constructor. */
export type PanelClass = new (host: PanelHost) => PanelView;
