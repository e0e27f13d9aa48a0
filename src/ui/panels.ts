/**
 * The panels' chunk of `plyr-kit/ui`, downloaded the first time a panel opens: the host that places a panel over the
 * game and tells the game when the player is done. The guest and account panel is one more chunk.
 */
import type { PlyrClient } from '../core/types.js';
import { isLocalPage } from './local-page.js';
import { LoginPanel } from './login-panel.js';
import { type OpeningPanel, openPanel } from './open-panel.js';
import { placeOver } from './overlay.js';
import { DEFAULT_CLAIM_POLL_MS, type PanelClass, type PanelHost } from './panel.js';
import { type RealPlayAction, RealPlayPanel, type RealPlayPanelOptions } from './realplay-panel.js';
import { DEFAULT_STRINGS } from './strings.js';
import type { PanelResult, PanelSettings } from './types.js';
import { guestPanelTitle } from './unavailable-panel.js';

/** Where a panel goes: over an element (the game's canvas), or the whole page. */
export interface Placement {
  over?: HTMLElement | null | undefined;
  zIndex?: number | undefined;
}

function panelHost(
  client: PlyrClient | null,
  options: PanelSettings & Placement,
  finish: PanelHost['finish'],
  openLogin: () => void,
): PanelHost {
  return {
    // The real-play panel has none (real play needs no PLYR sign-in) and never reads it.
    client: client as PlyrClient,
    theme: options.theme ?? {},
    strings: { ...DEFAULT_STRINGS, ...options.strings },
    claimPollMs: options.claimPollMs ?? DEFAULT_CLAIM_POLL_MS,
    developerHints: options.developerHints ?? isLocalPage(),
    connectButton: options.connect,
    spend: options.spend,
    openedAs: client?.session?.plyrId ?? null,
    now: options.now ?? Date.now,
    place: (frame) => placeOver(frame, options.over ?? null, options.zIndex),
    finish,
    openLogin,
  };
}

const loadGuest = (): Promise<PanelClass> => import('./guest-panel.js').then((chunk) => chunk.GuestPanel);

/** Opens the login or guest panel; `done` is told once, when the player leaves it. */
export function openSignIn(
  kind: 'login' | 'guest',
  client: PlyrClient,
  options: PanelSettings & Placement,
  done: (result: PanelResult) => void,
): OpeningPanel {
  let current: OpeningPanel;
  const host = panelHost(
    client,
    options,
    (session, cancelled) => {
      current.close();
      done({ session, cancelled });
    },
    () => {
      current.close();
      current = openPanel(
        host,
        () => LoginPanel,
        () => host.strings.loginTitle,
      );
    },
  );
  current =
    kind === 'login'
      ? openPanel(
          host,
          () => LoginPanel,
          () => host.strings.loginTitle,
        )
      : openPanel(host, loadGuest, () => guestPanelTitle(host));
  return { close: () => current.close() };
}

/** Opens the real-play failure panel; `done` is told the player's choice. */
export function openRealPlay(
  error: unknown,
  options: RealPlayPanelOptions & PanelSettings & Placement,
  done: (action: RealPlayAction) => void,
): OpeningPanel {
  const host = panelHost(
    null,
    options,
    () => undefined,
    () => undefined,
  );
  const panel = new RealPlayPanel(host, error, options, (action) => {
    panel.close();
    done(action);
  });
  return panel;
}
