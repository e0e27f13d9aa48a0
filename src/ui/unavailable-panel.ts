/**
 * The panel shown when a panel's chunk could not be downloaded: the network message, and Continue back to the game.
 * Opening the panel again downloads the chunk again.
 */
import { PlyrError } from '../core/errors.js';
import { button, el } from './dom-form.js';
import { type PanelHost, PanelView } from './panel.js';

/** Why a panel is missing, and the way back to the game. */
export class UnavailablePanel extends PanelView {
  constructor(host: PanelHost, title: string, cause: unknown) {
    super(host, title);
    const back = button(host.strings.continue, 'continue', this.css.secondary, () => this.finish());
    this.panel.append(el('h2', { text: title, style: this.css.title }), this.errorLine, back);
    this.mount();
    this.showError(new PlyrError('NETWORK', 'Could not load a part of plyr-kit', { cause }));
    back.focus();
  }

  protected onSubmit(): void {}

  protected override onEscape(): void {
    this.finish();
  }
}

/** The title of the guest panel for the session there is (a full account's panel is its account). */
export const guestPanelTitle = (host: PanelHost): string =>
  host.client.session && !host.client.session.isGuest ? host.strings.accountTitle : host.strings.guestTitle;
