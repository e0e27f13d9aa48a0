import Phaser from 'phaser';
import { readDemoConfig } from '../config.js';
import { leaveMatchPage, MATCH_PATH } from '../match.js';
import { matchTable } from '../matchTable.js';
import { markScene, plyrOf } from '../plyr.js';
import { button, element, positioned } from '../ui.js';

const FONT = 'system-ui, sans-serif';

/**
 * The entry-fee match (the page was opened with `?match`): the player logs in with the game's spending consent (the
 * plugin data's `spend`, so the login panel says what the game may take), sees their balance, and joins; the demo
 * server seats two players, takes both entries, draws the winner and pays out (demo/match-rounds.mjs). The page only
 * asks and shows (`matchTable`).
 */
export class MatchScene extends Phaser.Scene {
  constructor() {
    super('Match');
  }

  create(): void {
    markScene('Match');
    const { width } = this.scale;
    this.add
      .text(width / 2, 40, 'Star Catcher', { fontFamily: FONT, fontSize: '36px', color: '#ffcc33' })
      .setOrigin(0.5);
    this.add
      .text(width / 2, 76, 'entry-fee match · PLYR sandbox', {
        fontFamily: FONT,
        fontSize: '16px',
        color: '#9aa4d6',
      })
      .setOrigin(0.5);
    const hud = element('section', 'demo-hud');
    hud.setAttribute('aria-label', 'Entry-fee match');
    this.add.dom(width / 2, 104, positioned(hud)).setOrigin(0.5, 0);

    const plyr = plyrOf(this);
    if (!plyr) {
      const line = element(
        'p',
        'demo-error',
        'The match needs the PLYR plugin (the page was opened with ?plyr=off).',
      );
      hud.append(line, button('Leave', { 'data-demo': 'match-leave' }, leaveMatchPage));
      return;
    }
    const config = readDemoConfig();
    const table = matchTable({
      get session() {
        return plyr.session;
      },
      base: config.match ?? MATCH_PATH,
      gameId: config.gameId,
      login: () => plyr.showLogin({ returnTo: 'Match' }),
      leave: leaveMatchPage,
    });
    hud.append(table.root);
    // Back from the login panel as the same player the scene wakes rather than starts: read the wallet again. The
    // session may also end elsewhere (log out in another tab, expiry): start afresh, which offers the login.
    const again = () => this.scene.restart();
    this.events.on('wake', again);
    this.events.once('shutdown', () => {
      table.stop();
      this.events.off('wake', again); // a scene's own emitter outlives its restarts
    });
    plyr.onScene(this, 'logout', () => {
      if (this.sys.isActive()) this.scene.restart();
    });
  }
}
