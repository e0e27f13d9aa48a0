/**
 * PlyrPlugin: a Phaser global plugin that owns one core client, re-emits its events on `game.events` and
 * registers the login and guest scenes.
 *
 * It is duck-typed on Phaser's BasePlugin (constructor(pluginManager), init, start, stop, destroy) instead of
 * extending it, and its scenes are plain scene configs that Phaser turns into scenes of its own class. So the
 * plugin imports nothing from `phaser` at run time and works with whichever Phaser (3.80+ or 4) runs the game.
 */
import type Phaser from 'phaser';
import { PLYR_EVENT_NAMES } from '../core/events.js';
import type {
  ClaimingCode,
  ConnectOptions,
  LoginAndApproveOptions,
  LoginOptions,
  LogoutOptions,
  PlyrClient,
  PlyrEventName,
  PlyrListener,
  Session,
  SessionClaims,
  UserInfo,
} from '../core/types.js';
import { createPlyr } from '../index.js';
import type { RealPlay, RealPlayEventName } from '../realplay/types.js';
import { isLocalPage } from '../ui/local-page.js';
import { DEFAULT_CLAIM_POLL_MS } from '../ui/panel.js';
import { DEFAULT_STRINGS, type PlyrStrings } from '../ui/strings.js';
import { DEFAULT_THEME, type PlyrTheme } from '../ui/theme.js';
import { onScene } from './on-scene.js';
import { type Departure, giveBack, leave } from './scene-flow.js';
import { guestSceneConfig, loginSceneConfig, prefetchLoginPanel } from './scenes.js';
import {
  PLYR_SCENES,
  type PlyrConnectButton,
  type PlyrPluginData,
  type PlyrSpend,
  type ShowOptions,
} from './types.js';

const OWN_SCENES: readonly string[] = [PLYR_SCENES.login, PLYR_SCENES.guest];
/** Every real-play event (the record makes the compiler insist on new ones). */
const REAL_PLAY_EVENTS = Object.keys({
  'realplay:authenticated': true,
  'realplay:error': true,
} satisfies Record<RealPlayEventName, true>) as RealPlayEventName[];

/** The Phaser global plugin of plyr-kit. Install it under the key `plyr` with the mapping `plyr`. */
export class PlyrPlugin {
  /** Phaser's plugin manager (set by Phaser). */
  pluginManager: Phaser.Plugins.PluginManager;
  /** The game (set by Phaser). */
  game: Phaser.Game;
  /** The resolved theme of the panels. */
  theme: PlyrTheme = { ...DEFAULT_THEME };
  /** The resolved texts of the panels. */
  strings: PlyrStrings = { ...DEFAULT_STRINGS };
  /** How often the guest scene checks for a claim (ms). */
  claimPollMs = DEFAULT_CLAIM_POLL_MS;
  /** The login scene's PLYR[CONNECT] button (`false`: hidden). */
  connectButton: PlyrConnectButton | false = {};
  /** What the game may spend, asked for at login (see {@link PlyrPluginData}). */
  spend: PlyrSpend | undefined;
  /** Whether the scenes explain refusals a developer can fix in the console (see {@link PlyrPluginData}). */
  developerHints = isLocalPage();
  /** Clock of the countdowns. */
  now: () => number = Date.now;

  #client: PlyrClient | null = null;
  #ownsClient = false;
  #forwarding: Array<() => void> = [];
  #scenesAdded = false;
  /** The way back of the panel that is open. */
  #open: Departure | null = null;
  #realPlay: RealPlay | null = null;
  #realPlayForwarding: Array<() => void> = [];
  /** Between `start` and `stop`: only then are events forwarded. */
  #running = false;

  /** Called by Phaser's PluginManager. */
  constructor(pluginManager: Phaser.Plugins.PluginManager) {
    this.pluginManager = pluginManager;
    this.game = pluginManager.game;
  }

  /** Phaser calls this with the `data` of the plugin entry: creates the client (or takes `data.client`). */
  init(data?: PlyrPluginData | null): void {
    const { client, theme, strings, claimPollMs, now, realPlay, connect, developerHints, spend, ...options } =
      data ?? {};
    this.spend = spend;
    if (developerHints !== undefined) this.developerHints = developerHints;
    if (connect !== undefined) this.connectButton = connect;
    if (realPlay) this.#realPlay = realPlay;
    this.theme = { ...DEFAULT_THEME, ...theme };
    this.strings = { ...DEFAULT_STRINGS, ...strings };
    if (claimPollMs !== undefined) this.claimPollMs = claimPollMs;
    if (now) this.now = now;
    if (this.#client) return;
    if (client) {
      this.#client = client;
      this.#ownsClient = false;
      return;
    }
    if (!options.gameId || !options.signer) {
      throw new TypeError('PlyrPlugin: data needs `gameId` and `signer` (or a ready-made `client`).');
    }
    this.#client = createPlyr({ ...options, gameId: options.gameId, signer: options.signer });
    this.#ownsClient = true;
  }

  /** Phaser calls this after `init`: forwards the client's events to `game.events` and registers the scenes. */
  start(): void {
    const client = this.client;
    if (this.#forwarding.length === 0) {
      const events = this.game.events;
      this.#forwarding = PLYR_EVENT_NAMES.map((name) =>
        client.on(name, (payload: unknown) => events.emit(`plyr:${name}`, payload)),
      );
      // A client made (and awaited) before the game has told `ready` already: scenes still get `plyr:ready`.
      let told = false;
      this.#forwarding.push(client.once('ready', () => (told = true)));
      void client.ready.then((session) => {
        if (!told && this.#client === client && this.#forwarding.length)
          events.emit('plyr:ready', { session });
      });
    }
    this.#running = true;
    this.#forwardRealPlay();
    if (!this.#scenesAdded) {
      this.#scenesAdded = true;
      this.game.scene.add(PLYR_SCENES.login, loginSceneConfig(this), false);
      this.game.scene.add(PLYR_SCENES.guest, guestSceneConfig(this), false);
      prefetchLoginPanel();
    }
  }

  /** Phaser calls this when the plugin is stopped: stops forwarding events (the client keeps its session). */
  stop(): void {
    for (const off of [...this.#forwarding, ...this.#realPlayForwarding]) off();
    this.#forwarding = [];
    this.#realPlayForwarding = [];
    this.#running = false;
  }

  /** Phaser calls this when the game is destroyed: unsubscribes, removes the scenes and destroys the client. */
  destroy(): void {
    this.stop();
    const scenes = this.game?.scene;
    // While the game itself is being destroyed its SceneManager is already gone.
    const gameGoing = (this.game as { pendingDestroy?: boolean } | undefined)?.pendingDestroy === true;
    if (this.#scenesAdded && scenes && !gameGoing) {
      for (const key of OWN_SCENES) scenes.remove(key);
    }
    this.#scenesAdded = false;
    if (this.#client && this.#ownsClient) this.#client.destroy();
    this.#client = null;
    this.#realPlay = null;
  }

  /** The core client. */
  get client(): PlyrClient {
    if (!this.#client) throw new Error('PlyrPlugin: not initialised (or destroyed).');
    return this.#client;
  }

  /**
   * The MG+ real-play client given as the plugin data's `realPlay` (made with `createRealPlay` from `plyr-kit`, so
   * games without real play do not download it); its events are re-emitted on `game.events` as
   * `plyr:realplay:authenticated` and `plyr:realplay:error`. Real play needs no PLYR sign-in. After `authenticate()`,
   * send `realPlay.sessionId` to the studio's round handler (the MG+ player token stays on the server unless the
   * relay opts in). Throws when the plugin data has no `realPlay`.
   */
  get realPlay(): RealPlay {
    if (!this.#realPlay)
      throw new Error(
        'PlyrPlugin: real play is not configured: add `realPlay: createRealPlay({ relay, provider, game })` to the plugin data.',
      );
    return this.#realPlay;
  }

  /** Re-emits the real-play client's events on `game.events` (once; again after a stop and start). */
  #forwardRealPlay(): void {
    const realPlay = this.#realPlay;
    if (!realPlay || !this.#running || this.#realPlayForwarding.length > 0) return;
    const events = this.game.events;
    this.#realPlayForwarding = REAL_PLAY_EVENTS.map((name) =>
      realPlay.on(name, (payload: unknown) => events.emit(`plyr:${name}`, payload)),
    );
  }

  /** The current session, or `null`. */
  get session(): Session | null {
    return this.client.session;
  }

  /**
   * Resolves once the stored session is restored (or there is none), with the session of page load, for good:
   * after a logout it is stale. Await it, then read {@link PlyrPlugin.session}.
   */
  get ready(): Promise<Session | null> {
    return this.client.ready;
  }

  /** {@link PlyrClient.login}. */
  login(options: LoginOptions): Promise<Session> {
    return this.client.login(options);
  }

  /** {@link PlyrClient.loginAndApprove}. */
  loginAndApprove(options: LoginAndApproveOptions): Promise<Session> {
    return this.client.loginAndApprove(options);
  }

  /** {@link PlyrClient.registerGuest}. */
  registerGuest(options?: { tokens?: string[] }): Promise<Session> {
    return this.client.registerGuest(options);
  }

  /** {@link PlyrClient.revealClaimingCode}. */
  revealClaimingCode(): Promise<ClaimingCode> {
    return this.client.revealClaimingCode();
  }

  /** {@link PlyrClient.verifyClaimingCode}. */
  verifyClaimingCode(code: string): Promise<{ plyrId: string; verified: boolean }> {
    return this.client.verifyClaimingCode(code);
  }

  /** {@link PlyrClient.verifySession}. */
  verifySession(): Promise<Session | null> {
    return this.client.verifySession();
  }

  /** {@link PlyrClient.logout}; a guest needs `{ forgetGuest: true }` (its session is its only credential). */
  logout(options?: LogoutOptions): Promise<void> {
    return this.client.logout(options);
  }

  /** {@link PlyrClient.userInfo}. */
  userInfo(plyrIdOrAddress?: string): Promise<UserInfo> {
    return this.client.userInfo(plyrIdOrAddress);
  }

  /** {@link PlyrClient.avatar}. */
  avatar(plyrId?: string): Promise<string> {
    return this.client.avatar(plyrId);
  }

  /** {@link PlyrClient.verifyJwtLocally}. */
  verifyJwtLocally(jwt?: string): Promise<SessionClaims> {
    return this.client.verifyJwtLocally(jwt);
  }

  /** {@link PlyrClient.connect}: sign in on the PLYR[CONNECT] hosted page (call it from a click for a popup). */
  connect(options?: ConnectOptions): Promise<Session> {
    return this.client.connect(options);
  }

  /** {@link PlyrClient.completeConnect}. */
  completeConnect(): Promise<Session | null> {
    return this.client.completeConnect();
  }

  /** {@link PlyrClient.cancelConnect}. */
  cancelConnect(): void {
    this.client.cancelConnect();
  }

  /** {@link PlyrClient.on}. Prefer {@link onScene} inside scenes. */
  on<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    return this.client.on(event, listener);
  }

  /** {@link PlyrClient.once}. */
  once<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    return this.client.once(event, listener);
  }

  /** {@link PlyrClient.off}. */
  off<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): void {
    this.client.off(event, listener);
  }

  /**
   * Subscribes to a client event until `scene` shuts down or is destroyed (no leaks across restarts).
   * Returns a function that unsubscribes early.
   */
  onScene<E extends PlyrEventName>(scene: Phaser.Scene, event: E, listener: PlyrListener<E>): () => void {
    return onScene(this.client, scene, event, listener);
  }

  /**
   * Shows the login scene (`PlyrLogin`). The running scenes sleep meanwhile; on success `returnTo` starts with
   * `{ ...returnData, session }`.
   */
  showLogin(options: ShowOptions): void {
    this.#show(PLYR_SCENES.login, options);
  }

  /**
   * Shows the guest scene (`PlyrGuest`): creates a guest account when there is no session, shows the guest's
   * identity and lets the player save (claim) it. Continue returns to `returnTo`.
   */
  showGuest(options: ShowOptions): void {
    this.#show(PLYR_SCENES.guest, options);
  }

  #show(key: string, options: ShowOptions): void {
    // A panel already open (a double click, or login asked for from the guest panel) keeps its way back.
    const open = this.#open && OWN_SCENES.some((own) => this.game.scene.isActive(own)) ? this.#open : null;
    const departure: Departure = open
      ? { ...open, returnTo: options.returnTo, returnData: { ...options.returnData } }
      : leave(this.game, options, OWN_SCENES, this.client.session?.plyrId ?? null);
    this.switchScene(key, departure);
  }

  /** @internal Moves between the plugin's scenes, keeping the way back. */
  switchScene(key: string, departure: Departure): void {
    for (const own of OWN_SCENES) {
      if (own !== key && (this.game.scene.isActive(own) || this.game.scene.isSleeping(own))) {
        this.game.scene.stop(own);
      }
    }
    this.#open = departure;
    this.game.scene.start(key, { departure });
  }

  /** @internal Leaves one of the plugin's scenes for the game. */
  finish(scene: Phaser.Scene, departure: Departure, session: Session | null, cancelled: boolean): void {
    this.#open = null;
    this.game.scene.stop(scene.sys.settings.key);
    giveBack(this.game, departure, session, cancelled);
  }
}
