/**
 * plyr-kit/phaser: the PLYR Phaser plugin (`PlyrPlugin`, a global plugin) and its login and guest scenes.
 * Phaser (3.80+ or 4) is a peer dependency and is never bundled; the plugin imports nothing from it at run time.
 *
 * ```ts
 * import { plyrPluginConfig } from 'plyr-kit/phaser';
 * new Phaser.Game({ parent: 'game', dom: { createContainer: true }, plugins: { global: [
 *   plyrPluginConfig({ gameId: 'mygame', signer: '/plyr/relay', apiBase: 'https://api.plyr.network', theme, strings }),
 * ] } });
 * // in a scene
 * this.plyr.showLogin({ returnTo: 'Main' });          // Main starts with { session }
 * this.plyr.onScene(this, 'logout', ({ reason }) => this.scene.start('Title'));
 * this.game.events.on('plyr:guest:claimed', ({ plyrId }) => …); // every client event, as plyr:<event>, typed
 * // MG+ real play, with `realPlay: createRealPlay({ relay, provider, game })` (from 'plyr-kit') in the data:
 * await this.plyr.realPlay.authenticate();
 * ```
 * The panels are DOM overlays over the canvas (not Phaser DOMElements, which scale with the canvas); they work
 * with or without `dom.createContainer` and under a strict Content-Security-Policy.
 * @packageDocumentation
 */
import type { PlyrPlugin } from './plugin.js';
import type { PlyrGameEvents } from './types.js';

export { type ErrorMessage, errorMessage } from '../ui/error-messages.js';
export { DEFAULT_STRINGS, type PlyrStrings } from '../ui/strings.js';
export { DEFAULT_THEME, type PlyrTheme } from '../ui/theme.js';
export { PlyrPlugin } from './plugin.js';
export { plyrPluginConfig } from './plugin-config.js';
export type {
  PlyrConnectButton,
  PlyrGameEvents,
  PlyrPluginData,
  PlyrPluginEntry,
  PlyrSpend,
  ReturnData,
  SceneRef,
  ShowOptions,
} from './types.js';
export { PLYR_SCENES } from './types.js';

declare global {
  namespace Phaser {
    interface Scene {
      /** The PLYR plugin, when it is installed with `mapping: 'plyr'`. */
      plyr: PlyrPlugin;
    }
    namespace Events {
      /** The plugin's events (`plyr:<event>`) with their payload types; other events keep Phaser's own typing. */
      interface EventEmitter {
        on<K extends keyof PlyrGameEvents>(
          event: K,
          fn: (payload: PlyrGameEvents[K]) => void,
          context?: unknown,
        ): this;
        once<K extends keyof PlyrGameEvents>(
          event: K,
          fn: (payload: PlyrGameEvents[K]) => void,
          context?: unknown,
        ): this;
        off<K extends keyof PlyrGameEvents>(
          event: K,
          fn?: (payload: PlyrGameEvents[K]) => void,
          context?: unknown,
          once?: boolean,
        ): this;
      }
    }
  }
}
