/** Public types of the Phaser plugin. */
import type Phaser from 'phaser';
import type {
  ConnectMode,
  PlyrClient,
  PlyrEventName,
  PlyrEvents,
  PlyrOptions,
  Session,
} from '../core/types.js';
import type { RealPlay, RealPlayEventName, RealPlayEvents } from '../realplay/types.js';
import type { PlyrStrings } from './strings.js';
import type { PlyrTheme } from './theme.js';

/** Keys of the scenes the plugin registers. */
export const PLYR_SCENES = Object.freeze({ login: 'PlyrLogin', guest: 'PlyrGuest' } as const);

/** `data` of the plugin's entry in `plugins.global`: the core client's options plus the look of the scenes. */
export interface PlyrPluginData extends Partial<PlyrOptions> {
  /**
   * A ready-made client to use instead of creating one from the other options (for games that also use the client
   * outside Phaser). The plugin does not destroy a client it was given.
   */
  client?: PlyrClient;
  /** Colours, font and corner radius of the panels. */
  theme?: Partial<PlyrTheme>;
  /** Texts of the panels (translations); missing ones are English. */
  strings?: Partial<PlyrStrings>;
  /** How often the guest scene checks whether the account was claimed, in ms. Default 5 000. */
  claimPollMs?: number;
  /** Clock of the countdowns (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /**
   * MG+ real play: a client made with `createRealPlay` (from `plyr-kit`), exposed as `this.plyr.realPlay` with its
   * events on `game.events`. Independent of the PLYR sign-in. Passed ready-made so that games without real play
   * do not bundle it.
   */
  realPlay?: RealPlay;
  /**
   * The login scene's "Continue with PLYR[CONNECT]" button (`data-plyr="connect"`): `{ mode }` (default
   * `popup`), or `false` to hide it.
   */
  connect?: PlyrConnectButton | false;
  /**
   * What the game may spend from the player's wallet. The login panel then says so plainly before the code is typed
   * (`strings.spendConsent`) and signs in with `loginAndApprove` (PLYR[CONNECT] too, with its approval); the player
   * sees and revokes it in the account panel (`showGuest` of a full account).
   */
  spend?: PlyrSpend;
  /**
   * Explain refusals a developer can fix (origin not allowed, another game's signer, signer mode, keys, clock) in
   * the console (`console.warn`), with their cause and fix, when a scene shows them; the player sees the scene's
   * friendly text either way. Default: on when the page is served from `localhost` or `127.*`.
   */
  developerHints?: boolean;
}

/** What the game asks to spend: `{ tokens: [{ token: 'plyr', amount: '10' }], expiresIn: 7 * 86_400 }`. */
export interface PlyrSpend {
  /** Each token (`plyr`, `gamr`, or an address) and the most the game may spend of it (a number or decimal text). */
  tokens: Array<{ token: string; amount: number | string }>;
  /**
   * How long the approval lasts, in whole seconds; the session signed in with it lasts as long (the platform uses
   * one value for both). Default 86 400 (a day).
   */
  expiresIn?: number;
}

/** How the login scene's PLYR[CONNECT] button signs in. */
export interface PlyrConnectButton {
  /** Default `popup`. `iframe` needs `frame-src` for the hosted page in the game page's CSP. */
  mode?: ConnectMode;
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
