/** Public types of the sign-in panels (`plyr-kit/ui`), shared with the Phaser plugin. */
import type { ConnectMode, Session } from '../core/types.js';
import type { PlyrStrings } from './strings.js';
import type { PlyrTheme } from './theme.js';

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

/** How the login panel's PLYR[CONNECT] button signs in. */
export interface PlyrConnectButton {
  /** Default `popup`. `iframe` needs `frame-src` for the hosted page in the game page's CSP. */
  mode?: ConnectMode;
}

/** The look, texts and behaviour of the panels: what the Phaser plugin's data and `plyr-kit/ui`'s options share. */
export interface PanelSettings {
  /**
   * Colours, font and corner radius. Each one given here is set as a CSS custom property on the overlay
   * (`--plyr-accent`, …); one left out can come from the page's own CSS (see {@link PlyrTheme}).
   */
  theme?: Partial<PlyrTheme>;
  /** Texts of the panels (translations); missing ones are English. */
  strings?: Partial<PlyrStrings>;
  /** How often the guest panel checks whether the account was claimed, in ms. Default 5 000. */
  claimPollMs?: number;
  /** Clock of the countdowns (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /**
   * The login panel's "Continue with PLYR[CONNECT]" button (`data-plyr="connect"`): `{ mode }` (default `popup`),
   * or `false` to hide it.
   */
  connect?: PlyrConnectButton | false;
  /**
   * What the game may spend from the player's wallet. The login panel then says so plainly before the code is typed
   * (`strings.spendConsent`) and signs in with `loginAndApprove` (PLYR[CONNECT] too, with its approval); the player
   * sees and revokes it in the account panel.
   */
  spend?: PlyrSpend;
  /**
   * Explain refusals a developer can fix (origin not allowed, another game's signer, signer mode, keys, clock) in
   * the console (`console.warn`), with their cause and fix; the player sees the panel's friendly text either way.
   * Default: on when the page is served from `localhost` or `127.*`.
   */
  developerHints?: boolean;
}

/** How a panel ended. */
export interface PanelResult {
  /** The session after the panel (`null` when there is none, e.g. after a claim or a log out). */
  session: Session | null;
  /** True when the player left with Back (or the game closed the panel). */
  cancelled: boolean;
}
