/**
 * `showLogin`, `showGuest` and `showRealPlayError`: open a panel over the game and tell the game, through a promise,
 * how it ended. Only this file is in the game's first load; the panels are a chunk, downloaded the first time one
 * opens (while the player looks at the game, not at a blank page).
 */
import { PlyrError } from '../core/errors.js';
import type { PlyrClient } from '../core/types.js';
import type { OpeningPanel } from './open-panel.js';
import type { RealPlayAction, RealPlayPanelOptions } from './realplay-panel.js';
import type { PanelResult, PanelSettings } from './types.js';

/** Options of {@link showLogin} and {@link showGuest}. */
export interface ShowPanelOptions extends PanelSettings {
  /**
   * The element the panel covers: the game's canvas (`app.canvas` in PixiJS, Unity's `#unity-canvas`). The panel is
   * placed over it and follows its size. Default: the whole page.
   */
  over?: HTMLElement | null;
  /** The overlay's `z-index` (default 10). */
  zIndex?: number;
}

/** Options of {@link showRealPlayError}. */
export interface ShowRealPlayErrorOptions extends RealPlayPanelOptions, Omit<ShowPanelOptions, 'strings'> {}

/** An open panel. */
export interface PlyrPanel<Result> {
  /**
   * Settles when the panel closes, with how it ended. Rejects (`NETWORK`) only when the panels' code could not be
   * downloaded, so the game can show its own message.
   */
  readonly closed: Promise<Result>;
  /** Closes the panel (as if the player left it): `closed` then settles as a cancel. */
  close(): void;
}

const loadPanels = (): Promise<typeof import('./panels.js')> => import('./panels.js');

/** Opens a panel from the chunk; gives focus back to where it was once the panel closes. */
function open<Result>(
  cancelled: Result,
  start: (panels: typeof import('./panels.js'), done: (result: Result) => void) => OpeningPanel,
): PlyrPanel<Result> {
  const focused = typeof document === 'undefined' ? null : document.activeElement;
  let settle: (result: Result) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const closed = new Promise<Result>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let opened: OpeningPanel | null = null;
  let over = false;
  const done = (result: Result): void => {
    if (over) return;
    over = true;
    opened?.close();
    if (focused instanceof HTMLElement && focused.isConnected) focused.focus();
    settle(result);
  };
  loadPanels().then(
    (panels) => {
      if (!over) opened = start(panels, done);
    },
    (cause: unknown) => {
      over = true;
      fail(new PlyrError('NETWORK', 'Could not load the sign-in panels of plyr-kit', { cause }));
    },
  );
  return { closed, close: () => done(cancelled) };
}

/**
 * Shows the login panel over the game: PLYR[ID] and 6-digit code, "Continue with PLYR[CONNECT]", "Play as guest" and
 * Back, with every failure explained (countdowns included). `closed` resolves with the session once the player is
 * signed in, or with `cancelled: true` after Back.
 *
 * ```ts
 * const { session } = await showLogin(plyr, { over: app.canvas }).closed;
 * ```
 */
export function showLogin(client: PlyrClient, options: ShowPanelOptions = {}): PlyrPanel<PanelResult> {
  return open<PanelResult>({ session: client.session, cancelled: true }, (panels, done) =>
    panels.openSignIn('login', client, options, done),
  );
}

/**
 * Shows the guest panel, or a full account's panel: creates a guest account when there is none, shows who plays, and
 * lets a guest save the account (claiming code, link, QR code; the claim is noticed by itself). A full account sees
 * what the game may spend (with Revoke) and Log out. `closed` resolves with the session then (`null` after a claim
 * or a log out).
 */
export function showGuest(client: PlyrClient, options: ShowPanelOptions = {}): PlyrPanel<PanelResult> {
  return open<PanelResult>({ session: client.session, cancelled: true }, (panels, done) =>
    panels.openSignIn('guest', client, options, done),
  );
}

/**
 * Shows why real play (MG+) failed (`realPlay.authenticate()`, or a round the studio's server refused), with "Back
 * to the casino" when `lobbyUrl` is given and "Try again" when trying can help. `closed` resolves with the player's
 * choice; `lobby` has already navigated to the lobby (the top window when the game is framed).
 */
export function showRealPlayError(
  error: unknown,
  options: ShowRealPlayErrorOptions = {},
): PlyrPanel<RealPlayAction> {
  return open<RealPlayAction>('close', (panels, done) => panels.openRealPlay(error, options, done));
}
