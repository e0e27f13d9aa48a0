/** Public types of the Phaser plugin. */
import type Phaser from 'phaser';
import type { PlyrClient, PlyrEventName, PlyrEvents, PlyrOptions, Session } from '../core/types.js';
import type { RealPlay, RealPlayEventName, RealPlayEvents } from '../realplay/types.js';
import type { PanelSettings } from '../ui/types.js';

export type { PlyrConnectButton, PlyrSpend } from '../ui/types.js';

/** Keys of the scenes the plugin registers. */
export const PLYR_SCENES = Object.freeze({ login: 'PlyrLogin', guest: 'PlyrGuest' } as const);

/**
 * `data` of the plugin's entry in `plugins.global`: the core client's options plus the look and behaviour of the
 * panels (`theme`, `strings`, `spend`, `connect`, …, shared with `plyr-kit/ui`).
 */
export interface PlyrPluginData extends Partial<PlyrOptions>, PanelSettings {
  /**
   * A ready-made client to use instead of creating one from the other options (for games that also use the client
   * outside Phaser). The plugin does not destroy a client it was given.
   */
  client?: PlyrClient;
  /**
   * MG+ real play: a client made with `createRealPlay` (from `plyr-kit`), exposed as `this.plyr.realPlay` with its
   * events on `game.events`. Independent of the PLYR sign-in. Passed ready-made so that games without real play
   * do not bundle it.
   */
  realPlay?: RealPlay;
}

/** A scene, by object or key. */
export type SceneRef = Phaser.Scene | string;

/** Options of {@link PlyrPlugin.showLogin} and {@link PlyrPlugin.showGuest}. */
export interface ShowOptions {
  /** Key of the scene to start (or wake) once the player is signed in. */
  returnTo: string;
  /** Data for `returnTo`; the plugin adds `session` (and `cancelled: true` after Back). */
  returnData?: Record<string, unknown>;
  /**
   * The scenes to put to sleep while the panel shows. Default: every running scene (except the plugin's own).
   * Back wakes them; success stops them, except `returnTo`, which is woken when the account is unchanged (the
   * guest panel) and restarted otherwise.
   */
  from?: SceneRef | SceneRef[];
}

/** What `returnTo` receives (merged into `returnData`). */
export interface ReturnData {
  /** The session after the panel (`null` when there is none, e.g. after a claim or a log out). */
  session: Session | null;
  /** True when the player left the panel with Back. */
  cancelled?: boolean;
}

/**
 * The plugin's events on `game.events` and their payloads: every client event as `plyr:<event>` (`plyr:login`,
 * `plyr:logout`, ...) and real play's as `plyr:realplay:<event>`. `plyr-kit/phaser` types `game.events.on`,
 * `once` and `off` with it, so `game.events.on('plyr:login', ({ session, method }) => …)` needs no annotations.
 */
export type PlyrGameEvents = { [E in PlyrEventName as `plyr:${E}`]: PlyrEvents[E] } & {
  [E in RealPlayEventName as `plyr:${E}`]: RealPlayEvents[E];
};

/** A plugin entry of `plugins.global`, as {@link plyrPluginConfig} makes it. */
export interface PlyrPluginEntry<Plugin> {
  key: 'plyr';
  plugin: Plugin;
  start: true;
  mapping: 'plyr';
  data: PlyrPluginData;
}
