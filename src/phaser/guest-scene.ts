/**
 * The guest scene (`PlyrGuest`): the guest panel, and the account panel of a full account. A sign-in never needs it,
 * so its panel (`guest-view.ts`, with what the game may spend and Revoke) is a chunk, downloaded when the scene
 * starts. A download that fails shows the network message and Continue; the next start downloads it again.
 */
import type Phaser from 'phaser';
import { PlyrError } from '../core/errors.js';
import { button, el } from './dom-form.js';
import { type PanelSceneData, PanelView, type panelSceneConfig, type SceneHost } from './panel-view.js';
import { type Departure, directDeparture } from './scene-flow.js';
import { PLYR_SCENES } from './types.js';

/** The panel when its chunk could not be downloaded: why, and the way back to the game. */
class UnavailableView extends PanelView {
  constructor(scene: Phaser.Scene, host: SceneHost, departure: Departure, cause: unknown) {
    const session = host.client.session;
    const title = session && !session.isGuest ? host.strings.accountTitle : host.strings.guestTitle;
    super(scene, host, departure, title);
    const back = button(host.strings.continue, 'continue', this.css.secondary, () => this.finish());
    this.panel.append(el('h2', { text: title, style: this.css.title }), this.errorLine, back);
    this.mount();
    this.showError(new PlyrError('NETWORK', 'Could not load a part of plyr-kit', { cause }));
    back.focus();
  }

  protected onSubmit(): void {}
}

/** The scene config of `PlyrGuest`. */
export function guestSceneConfig(host: SceneHost): ReturnType<typeof panelSceneConfig> {
  return {
    key: PLYR_SCENES.guest,
    create(this: Phaser.Scene, data: PanelSceneData & { returnTo?: string }) {
      const departure = directDeparture(data ?? {}, host.client.session?.plyrId ?? null);
      // The scene may have ended (or started again) while the panel downloads: then this run builds nothing.
      let live = true;
      const end = (): void => {
        live = false;
      };
      this.sys.events.once('shutdown', end);
      this.sys.events.once('destroy', end);
      import('./guest-view.js').then(
        ({ GuestView }) => live && new GuestView(this, host, departure),
        (cause: unknown) => live && new UnavailableView(this, host, departure, cause),
      );
    },
  };
}
