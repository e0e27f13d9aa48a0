/**
 * Back to the casino lobby the way operators embed games: a game in an iframe navigates the top window (allowed
 * when the operator's sandbox has `allow-top-navigation`, or by the click's user activation); when the browser
 * refuses, the game's own frame goes to the lobby instead.
 */

/** The parts of `window` the lobby hand-off uses (a test can pass a stand-in). */
export interface LobbyWindow {
  readonly self: unknown;
  // Only `href` may be set on a cross-origin top window's location (not `assign`).
  readonly top: { location: { href: string } } | null;
  readonly location: { assign(url: string): void };
}

/** Navigate to `lobbyUrl`: the top window when the game is framed and may, else this window. */
export function leaveToLobby(lobbyUrl: string, win: LobbyWindow = window): 'top' | 'self' {
  const top = win.top;
  if (top !== null && top !== win.self) {
    try {
      top.location.href = lobbyUrl;
      return 'top';
    } catch {
      // A sandboxed frame without top navigation: leave within the frame.
    }
  }
  win.location.assign(lobbyUrl);
  return 'self';
}
