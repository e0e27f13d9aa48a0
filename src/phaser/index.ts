/**
 * plyr-kit/phaser: the PLYR Phaser plugin (`PlyrPlugin`, a global plugin) and its login and guest scenes.
 * Phaser (3.80+ or 4) is a peer dependency and is never bundled; the plugin imports nothing from it at run time.
 *
 * ```ts
 * new Phaser.Game({ parent: 'game', dom: { createContainer: true }, plugins: { global: [
 *   { key: 'plyr', plugin: PlyrPlugin, start: true, mapping: 'plyr',
 *     data: { gameId: 'mygame', signer: '/plyr/sign', apiBase: 'https://api.plyr.network', theme, strings } } ] } });
 * // in a scene
 * this.plyr.showLogin({ returnTo: 'Main' });          // Main starts with { session }
 * this.plyr.onScene(this, 'logout', ({ reason }) => this.scene.start('Title'));
 * this.game.events.on('plyr:guest:claimed', ...);      // every client event, as plyr:<event>
 * await this.plyr.realPlay.authenticate();            // MG+ real play, with `realPlay: { relay, provider, game }` in data
 * ```
 * The panels are DOM overlays over the canvas (not Phaser DOMElements, which scale with the canvas); they work
 * with or without `dom.createContainer` and under a strict Content-Security-Policy.
 * @packageDocumentation
 */
import type { PlyrPlugin } from './plugin.js';

export { type ErrorMessage, errorMessage } from './error-messages.js';
export { PlyrPlugin } from './plugin.js';
export { DEFAULT_STRINGS, type PlyrStrings } from './strings.js';
export { DEFAULT_THEME, type PlyrTheme } from './theme.js';
export type { PlyrConnectButton, PlyrPluginData, ReturnData, SceneRef, ShowOptions } from './types.js';
export { PLYR_SCENES } from './types.js';

declare global {
  namespace Phaser {
    interface Scene {
      /** The PLYR plugin, when it is installed with `mapping: 'plyr'`. */
      plyr: PlyrPlugin;
    }
  }
}
