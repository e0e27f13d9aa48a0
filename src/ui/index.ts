/**
 * plyr-kit/ui: the sign-in panels for any engine (PixiJS, plain canvas, Unity WebGL, or a page without a canvas).
 * Framework-free DOM over the game's canvas: login (with what the game may spend), guest with its claiming code, the
 * account (allowances and Revoke) and real play's failures. The Phaser plugin shows these same panels.
 *
 * ```ts
 * import { createPlyr } from 'plyr-kit';
 * import { showLogin } from 'plyr-kit/ui';
 * const plyr = createPlyr({ gameId: 'mygame', signer: '/plyr/relay' });
 * const { session } = await showLogin(plyr, { over: app.canvas }).closed;
 * ```
 *
 * Themes: CSS custom properties (`--plyr-accent`, …, see {@link PlyrTheme}) from the page's CSS or `theme`. Texts:
 * `strings` (see {@link PlyrStrings}). The panels load on first use; this entry is what the game's first load carries.
 * @packageDocumentation
 */
export { type ErrorMessage, errorMessage } from './error-messages.js';
export type { RealPlayAction, RealPlayPanelOptions } from './realplay-panel.js';
export { DEFAULT_REAL_PLAY_STRINGS, type RealPlayStrings, realPlayMessage } from './realplay-strings.js';
export {
  type PlyrPanel,
  type ShowPanelOptions,
  type ShowRealPlayErrorOptions,
  showGuest,
  showLogin,
  showRealPlayError,
} from './show.js';
export { DEFAULT_STRINGS, format, type PlyrStrings } from './strings.js';
export { DEFAULT_THEME, type PlyrTheme } from './theme.js';
export type { PanelResult, PanelSettings, PlyrConnectButton, PlyrSpend } from './types.js';
