/**
 * The real-play panel: why an MG+ launch or round failed, in the player's words, with the ways on: back to the
 * casino's lobby (when MG+ sent one), try again (when waiting can help), or close. A launch token belongs to the
 * casino, so a refused launch is only ever fixed from the lobby.
 */
import { button, el, safeHttpUrl } from './dom-form.js';
import { leaveToLobby } from './lobby.js';
import { type PanelHost, PanelView } from './panel.js';
import {
  DEFAULT_REAL_PLAY_STRINGS,
  LOBBY_ONLY,
  type RealPlayStrings,
  realPlayMessage,
} from './realplay-strings.js';

/** What the player chose in the real-play panel (`close`: also when the game closed it). */
export type RealPlayAction = 'retry' | 'lobby' | 'close';

/** Options of the real-play panel. */
export interface RealPlayPanelOptions {
  /** The casino's lobby (`player.lobbyUrl`): a "Back to the casino" button leads there. */
  lobbyUrl?: string | undefined;
  /** Offer "Try again" (default: when the failure is not one only the lobby mends). */
  retry?: boolean;
  /** Texts of the panel. */
  strings?: Partial<RealPlayStrings>;
}

/** The real-play failure panel. */
export class RealPlayPanel extends PanelView {
  readonly #done: (action: RealPlayAction) => void;

  constructor(
    host: PanelHost,
    error: unknown,
    options: RealPlayPanelOptions,
    done: (action: RealPlayAction) => void,
  ) {
    const strings = { ...DEFAULT_REAL_PLAY_STRINGS, ...options.strings };
    super(host, strings.realPlayTitle);
    this.#done = done;
    const code = String((error as { code?: unknown } | null)?.code ?? 'UNKNOWN');
    const message = el('p', {
      hook: 'realplay-error',
      text: realPlayMessage(error, strings),
      style: this.css.error,
      attrs: { role: 'alert' },
    });
    const lobby = options.lobbyUrl === undefined ? null : safeHttpUrl(options.lobbyUrl);
    const actions: HTMLButtonElement[] = [];
    if (options.retry ?? !LOBBY_ONLY.has(code))
      actions.push(button(strings.tryAgain, 'retry', this.css.primary, () => done('retry')));
    if (lobby)
      actions.push(
        button(strings.toLobby, 'lobby', actions.length ? this.css.secondary : this.css.primary, () => {
          done('lobby');
          leaveToLobby(lobby);
        }),
      );
    actions.push(button(strings.close, 'close', this.css.secondary, () => done('close')));
    this.panel.append(el('h2', { text: strings.realPlayTitle, style: this.css.title }), message, ...actions);
    this.mount();
    actions[0]?.focus();
  }

  protected onSubmit(): void {}

  protected override onEscape(): void {
    this.#done('close');
  }
}
