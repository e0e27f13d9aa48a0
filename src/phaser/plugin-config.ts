/** A typed way to install the plugin: Phaser types a plugin's `data` as `any`, so a typo there would compile. */
import { PlyrPlugin } from './plugin.js';
import type { PlyrPluginData, PlyrPluginEntry } from './types.js';

/**
 * The plugin's entry for `plugins.global`, installed as `plyr` with the mapping `plyr` (`this.plyr` in scenes).
 * `data` is checked against {@link PlyrPluginData}, so `gameID` or `singer` fail to compile.
 *
 * ```ts
 * new Phaser.Game({ plugins: { global: [plyrPluginConfig({ gameId: 'mygame', signer: '/plyr/relay' })] } });
 * ```
 */
export function plyrPluginConfig(data: PlyrPluginData): PlyrPluginEntry<typeof PlyrPlugin> {
  return { key: 'plyr', plugin: PlyrPlugin, start: true, mapping: 'plyr', data };
}
