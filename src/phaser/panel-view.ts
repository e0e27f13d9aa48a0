/**
 * What the login and guest scenes share: a themed panel over the canvas, an error line that can count down,
 * timers that die with the scene, and a way to get the plugin's settings.
 */
import type Phaser from 'phaser';
import type { PlyrErrorCode } from '../core/errors.js';
import type { ConnectMode, PlyrClient, Session } from '../core/types.js';
import { el, show } from './dom-form.js';
import { type ErrorMessage, errorMessage } from './error-messages.js';
import { mountOverlay, type Overlay } from './overlay.js';
import { type Departure, directDeparture } from './scene-flow.js';
import { addScrollCue } from './scroll-cue.js';
import type { PlyrStrings } from './strings.js';
import { type PlyrTheme, styles } from './theme.js';
import type { PlyrSpend } from './types.js';

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

/** What a scene needs from the plugin. */
export interface SceneHost {
  readonly client: PlyrClient;
  readonly theme: PlyrTheme;
  readonly strings: PlyrStrings;
  readonly claimPollMs: number;
  /** Whether refusals a developer can fix are explained in the console. */
  readonly developerHints: boolean;
  /** The login scene's PLYR[CONNECT] button (`false`: hidden; missing: a popup button). */
  readonly connectButton?: { mode?: ConnectMode } | false;
  /** What the game may spend, asked for at login. */
  readonly spend?: PlyrSpend | undefined;
  now(): number;
  switchScene(key: string, departure: Departure): void;
  finish(scene: Phaser.Scene, departure: Departure, session: Session | null, cancelled: boolean): void;
}

/** Data the plugin starts its scenes with. */
export interface PanelSceneData {
  departure?: Departure;
}

/** Base of a panel: build the DOM in the subclass constructor, then call {@link mount}. */
export abstract class PanelView {
  protected readonly css: ReturnType<typeof styles>;
  protected readonly strings: PlyrStrings;
  protected readonly client: PlyrClient;
  /** The panel (a `<form>` so that Enter submits). */
  protected readonly panel: HTMLFormElement;
  /** The error line (`data-plyr="error"`, announced by screen readers). */
  protected readonly errorLine: HTMLParagraphElement;
  protected disposed = false;
  #overlay: Overlay | null = null;
  #timers = new Set<ReturnType<typeof setInterval>>();
  #stopCountdownFn: (() => void) | null = null;
  #stopScrollCue: (() => void) | null = null;

  constructor(
    protected readonly scene: Phaser.Scene,
    protected readonly host: SceneHost,
    protected readonly departure: Departure,
    label: string,
  ) {
    this.css = styles(host.theme);
    this.strings = host.strings;
    this.client = host.client;
    this.panel = el('form', { style: this.css.panel, attrs: { novalidate: '', 'aria-label': label } });
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
    scene.cameras?.main?.setBackgroundColor(host.theme.background);
    scene.sys.events.once('shutdown', this.#onEnd);
    scene.sys.events.once('destroy', this.#onEnd);
  }

  /** Scene shutdown or destroy. Both listeners go, so restarts do not pile them up on the scene's emitter. */
  readonly #onEnd = (): void => {
    this.scene.sys.events.off('shutdown', this.#onEnd);
    this.scene.sys.events.off('destroy', this.#onEnd);
    this.dispose();
  };

  /** Enter in a field or the primary button. */
  protected abstract onSubmit(): void;

  /** Shows the built panel over the canvas. */
  protected mount(): void {
    this.#overlay = mountOverlay(this.scene.game, this.panel);
    this.#stopScrollCue = addScrollCue(this.panel, this.strings.scrollCue, this.host.theme);
  }

  /** Leaves the scene for the game. */
  protected finish(session = this.client.session, cancelled = false): void {
    if (this.disposed) return;
    this.host.finish(this.scene, this.departure, session, cancelled);
  }

  /** Runs `fn` every `ms` until the scene shuts down; returns a function that stops it. */
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

  /** Removes the panel and stops every timer (scene shutdown or destroy). */
  protected dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const id of this.#timers) clearInterval(id);
    this.#timers.clear();
    this.#stopScrollCue?.();
    this.#overlay?.destroy();
    this.#overlay = null;
  }
}

/**
 * The scene config of a plugin scene showing `View` (Phaser makes a scene of its own class from it). Started by the
 * plugin with a departure, or directly (`scene.start('PlyrLogin', { returnTo })`).
 */
export function panelSceneConfig(
  key: string,
  host: SceneHost,
  View: new (scene: Phaser.Scene, host: SceneHost, departure: Departure) => PanelView,
): Phaser.Types.Scenes.SettingsConfig & Phaser.Types.Scenes.CreateSceneFromObjectConfig {
  return {
    key,
    create(this: Phaser.Scene, data: PanelSceneData & { returnTo?: string }) {
      new View(this, host, directDeparture(data ?? {}, host.client.session?.plyrId ?? null));
    },
  };
}
