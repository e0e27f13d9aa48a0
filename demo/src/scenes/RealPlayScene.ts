import Phaser from 'phaser';
import { isPlyrError } from '../../../src/core/errors.js';
import type { RealPlay } from '../../../src/realplay/index.js';
import { markScene, plyrOf } from '../plyr.js';
import { realPlayTable } from '../realPlayTable.js';
import { button, element, positioned } from '../ui.js';

const FONT = 'system-ui, sans-serif';

/** What the player is told when a launch fails: the launch token is the operator's, so the way out is the lobby. */
export function realPlayErrorText(error: unknown): string {
  const code = isPlyrError(error) ? error.code : 'UNKNOWN';
  const text: Record<string, string> = {
    LAUNCH_TOKEN_MISSING: 'This page was not opened by a casino launch.',
    LAUNCH_TOKEN_INVALID:
      'This game launch is not valid. Go back to the casino lobby and open the game again.',
    PLAYER_UNAUTHORIZED: 'The casino did not accept this game launch (expired, invalid or a locked account).',
    NETWORK: 'The game server cannot be reached. Check the connection and reload.',
    TIMEOUT: 'The casino took too long to answer. Reload to try again.',
  };
  return `${text[code] ?? 'Real play could not start.'} (${code})`;
}

/** Back to the demo without the launch (a new page load: the real-play session ends with the page). */
function leaveRealPlay(): void {
  location.assign(location.pathname);
}

/**
 * Real play on MG+ (the page was opened with `?launchToken=…`): authenticates the launch through the demo server's
 * relay with `this.plyr.realPlay` (no PLYR sign-in), then shows the table (`realPlayTable`): balance, bets, rounds
 * played by the demo server, free games, lobby. Or what went wrong.
 */
export class RealPlayScene extends Phaser.Scene {
  constructor() {
    super('RealPlay');
  }

  create(): void {
    markScene('RealPlay');
    const { width } = this.scale;
    this.add
      .text(width / 2, 40, 'Star Catcher', { fontFamily: FONT, fontSize: '36px', color: '#ffcc33' })
      .setOrigin(0.5);
    this.add
      .text(width / 2, 76, 'real play · MG+ sandbox', {
        fontFamily: FONT,
        fontSize: '16px',
        color: '#9aa4d6',
      })
      .setOrigin(0.5);

    const hud = element('section', 'demo-hud');
    hud.setAttribute('aria-live', 'polite');
    hud.append(element('p', 'demo-hud-status', 'Authenticating the launch…'));
    this.add.dom(width / 2, 104, positioned(hud)).setOrigin(0.5, 0);

    const plyr = plyrOf(this);
    let realPlay: RealPlay;
    try {
      if (!plyr) throw new Error('Real play needs the PLYR plugin (the page was opened with ?plyr=off).');
      realPlay = plyr.realPlay;
    } catch (error) {
      this.showError(hud, error);
      return;
    }
    realPlay.authenticate().then(
      (player) => {
        if (this.sys.isActive()) hud.replaceChildren(realPlayTable(realPlay, player, leaveRealPlay));
      },
      (error: unknown) => {
        if (this.sys.isActive()) this.showError(hud, error);
      },
    );
  }

  private showError(hud: HTMLElement, error: unknown): void {
    const line = element('p', 'demo-error', realPlayErrorText(error));
    line.dataset.demo = 'real-play-error';
    line.setAttribute('role', 'alert');
    hud.replaceChildren(line, button('Leave real play', { 'data-demo': 'leave-real-play' }, leaveRealPlay));
  }
}
