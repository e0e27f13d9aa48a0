/**
 * The plugin's scenes (`PlyrLogin`, `PlyrGuest`): each hosts one of `plyr-kit/ui`'s panels over the canvas for as
 * long as it runs. Both panels are chunks, so the game's first load carries neither: the login panel's is fetched
 * once the game is idle after start ({@link prefetchLoginPanel}), the guest and account panel's (with what the game
 * may spend and Revoke) when its scene starts.
 */
import type Phaser from 'phaser';
import type { PlyrClient, Session } from '../core/types.js';
import { openPanel } from '../ui/open-panel.js';
import type { PanelClass, PanelHost } from '../ui/panel.js';
import type { PlyrStrings } from '../ui/strings.js';
import type { PlyrTheme } from '../ui/theme.js';
import type { PlyrConnectButton, PlyrSpend } from '../ui/types.js';
import { guestPanelTitle } from '../ui/unavailable-panel.js';
import { placeOverGame } from './overlay.js';
import { type Departure, directDeparture } from './scene-flow.js';
import { PLYR_SCENES } from './types.js';

/** What the scenes need from the plugin. */
export interface SceneHost {
  readonly client: PlyrClient;
  readonly theme: PlyrTheme;
  readonly strings: PlyrStrings;
  readonly claimPollMs: number;
  readonly developerHints: boolean;
  readonly connectButton?: PlyrConnectButton | false;
  readonly spend?: PlyrSpend | undefined;
  now(): number;
  switchScene(key: string, departure: Departure): void;
  finish(scene: Phaser.Scene, departure: Departure, session: Session | null, cancelled: boolean): void;
}

/** Data the plugin starts its scenes with (or a game, with `returnTo`). */
export interface PanelSceneData {
  departure?: Departure;
  returnTo?: string;
}

type SceneConfig = Phaser.Types.Scenes.SettingsConfig & Phaser.Types.Scenes.CreateSceneFromObjectConfig;

/**
 * The scene config of a plugin scene showing a panel (Phaser makes a scene of its own class from it). Started by the
 * plugin with a departure, or directly (`scene.start('PlyrLogin', { returnTo })`).
 */
function panelScene(
  key: string,
  host: SceneHost,
  load: () => PanelClass | Promise<PanelClass>,
  title: (panelHost: PanelHost) => string,
): SceneConfig {
  return {
    key,
    create(this: Phaser.Scene, data: PanelSceneData | undefined) {
      const departure = directDeparture(data ?? {}, host.client.session?.plyrId ?? null);
      this.cameras?.main?.setBackgroundColor(host.theme.background);
      const panelHost: PanelHost = {
        client: host.client,
        theme: host.theme,
        strings: host.strings,
        claimPollMs: host.claimPollMs,
        developerHints: host.developerHints,
        connectButton: host.connectButton,
        spend: host.spend,
        openedAs: departure.plyrId,
        now: () => host.now(),
        place: (panel) => placeOverGame(this.game, panel),
        finish: (session, cancelled) => host.finish(this, departure, session, cancelled),
        openLogin: () => host.switchScene(PLYR_SCENES.login, departure),
      };
      const panel = openPanel(panelHost, load, () => title(panelHost));
      // Shutdown or destroy: both listeners go, so restarts do not pile them up on the scene's emitter.
      const events = this.sys.events;
      const end = (): void => {
        events.off('shutdown', end);
        events.off('destroy', end);
        panel.close();
      };
      events.once('shutdown', end);
      events.once('destroy', end);
    },
  };
}

const loadLogin = (): Promise<PanelClass> => import('../ui/login-panel.js').then((chunk) => chunk.LoginPanel);

/**
 * Downloads the login panel while the game is idle, so that it shows at once when asked for. A failure is not
 * reported here: the scene downloads it again and explains.
 */
export function prefetchLoginPanel(): void {
  const idle = (globalThis as { requestIdleCallback?: (fn: () => void) => unknown }).requestIdleCallback;
  const fetch = (): void => void loadLogin().catch(() => undefined);
  if (idle) idle(fetch);
  else setTimeout(fetch, 1000);
}

/** The scene config of `PlyrLogin`: its panel is a chunk too (see {@link prefetchLoginPanel}). */
export const loginSceneConfig = (host: SceneHost): SceneConfig =>
  panelScene(PLYR_SCENES.login, host, loadLogin, (panelHost) => panelHost.strings.loginTitle);

/** The scene config of `PlyrGuest`: its panel downloads when the scene starts. */
export const guestSceneConfig = (host: SceneHost): SceneConfig =>
  panelScene(
    PLYR_SCENES.guest,
    host,
    () => import('../ui/guest-panel.js').then((chunk) => chunk.GuestPanel),
    guestPanelTitle,
  );
