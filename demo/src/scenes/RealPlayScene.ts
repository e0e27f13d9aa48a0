import Phaser from 'phaser';
import { isPlyrError } from '../../../src/core/errors.js';
import type { RealPlay, RealPlayPlayer } from '../../../src/realplay/index.js';
import { markScene, plyrOf } from '../plyr.js';
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

/** Offer lines, e.g. `Welcome Free Spins: 7 of 10 rounds at €0.50, until 30 Nov 2030`. */
function freeGameLines(realPlay: RealPlay, player: RealPlayPlayer): string[] {
  const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  return player.freeGames.map(
    (offer) =>
      `${offer.offerName}: ${offer.numberOfRoundsRemaining} of ${offer.numberOfRoundsAwarded} rounds at ` +
      `${realPlay.formatBalance(offer.nearestCostPerBet)}, until ${day.format(offer.endsAt)}`,
  );
}

/**
 * Real play on MG+ (the page was opened with `?launchToken=…`): authenticates the launch through the demo server's
 * relay with `this.plyr.realPlay` (no PLYR sign-in) and shows a small HUD: balance, bet range, free-game offers, or
 * what went wrong.
 */
export class RealPlayScene extends Phaser.Scene {
  constructor() {
    super('RealPlay');
  }

  create(): void {
    markScene('RealPlay');
    const { width } = this.scale;
    this.add
      .text(width / 2, 56, 'Star Catcher', { fontFamily: FONT, fontSize: '36px', color: '#ffcc33' })
      .setOrigin(0.5);
    this.add
      .text(width / 2, 96, 'real play · MG+ sandbox', {
        fontFamily: FONT,
        fontSize: '16px',
        color: '#9aa4d6',
      })
      .setOrigin(0.5);

    const hud = element('section', 'demo-hud');
    hud.setAttribute('aria-live', 'polite');
    const status = element('p', 'demo-hud-status', 'Authenticating the launch…');
    hud.append(status);
    this.add.dom(width / 2, 150, positioned(hud)).setOrigin(0.5, 0);

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
        if (this.sys.isActive()) this.showPlayer(hud, realPlay, player);
      },
      (error: unknown) => {
        if (this.sys.isActive()) this.showError(hud, error);
      },
    );
  }

  private showPlayer(hud: HTMLElement, realPlay: RealPlay, player: RealPlayPlayer): void {
    const balance = element('p', 'demo-balance', realPlay.formatBalance());
    balance.dataset.demo = 'balance';
    const limits = realPlay.betLimits();
    const money = (amount: number) => realPlay.formatBalance(amount);
    const bets = element(
      'p',
      'demo-hud-line',
      `Bet ${money(realPlay.bet)} · min ${money(limits.min)} · max ${money(limits.max)}`,
    );
    bets.dataset.demo = 'bets';
    const who = element(
      'p',
      'demo-hud-line demo-muted',
      `Player ${player.playerId}${player.isTestPlayer ? ' (test brand)' : ''}`,
    );
    const offers = element('ul', 'demo-offers');
    offers.dataset.demo = 'free-games';
    const lines = freeGameLines(realPlay, player);
    for (const line of lines.length ? lines : ['No free-game offers.'])
      offers.append(element('li', '', line));
    hud.replaceChildren(
      element('p', 'demo-hud-label', 'Balance'),
      balance,
      bets,
      who,
      element('p', 'demo-hud-label', 'Free games'),
      offers,
      this.leaveButton(),
    );
  }

  private showError(hud: HTMLElement, error: unknown): void {
    const line = element('p', 'demo-error', realPlayErrorText(error));
    line.dataset.demo = 'real-play-error';
    line.setAttribute('role', 'alert');
    hud.replaceChildren(line, this.leaveButton());
  }

  /** Back to the demo without the launch (a new page load: the real-play session ends with the page). */
  private leaveButton(): HTMLButtonElement {
    return button('Leave real play', { 'data-demo': 'leave-real-play' }, () => {
      location.assign(location.pathname);
    });
  }
}
