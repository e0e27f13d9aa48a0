import Phaser from 'phaser';
import { readDemoConfig } from '../config.js';
import { openMatchPage } from '../match.js';
import { markScene, plyrOf, takeNotice } from '../plyr.js';
import { button, element, positioned } from '../ui.js';

/** Title screen: restores the session (straight to Play when there is one), else offers log in or play as guest. */
export class TitleScene extends Phaser.Scene {
  private status!: Phaser.GameObjects.Text;

  constructor() {
    super('Title');
  }

  create(): void {
    markScene('Title');
    const { width, height } = this.scale;
    this.add
      .text(width / 2, height * 0.2, 'Star Catcher', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '44px',
        color: '#ffcc33',
      })
      .setOrigin(0.5);
    this.add
      .text(width / 2, height * 0.2 + 48, 'a plyr-kit demo', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '18px',
        color: '#9aa4d6',
      })
      .setOrigin(0.5);
    this.status = this.add
      .text(width / 2, height * 0.72, '', {
        fontFamily: 'system-ui, sans-serif',
        fontSize: '16px',
        color: '#e8ecff',
        align: 'center',
        wordWrap: { width: width - 60 },
      })
      .setOrigin(0.5, 0);

    const plyr = plyrOf(this);
    if (!plyr) {
      this.showMenu([
        button('Play (offline)', { 'data-demo': 'play-offline' }, () => this.scene.start('Play')),
      ]);
      return;
    }
    this.status.setText('Restoring session…');
    void plyr.ready.then(() => {
      if (!this.sys.isActive()) return;
      // Restore on reload: a stored session goes straight to the game. (The current session, not the one `ready`
      // resolved with: that one may have ended since, e.g. on log out.)
      if (plyr.session) {
        this.scene.start('Play');
        return;
      }
      // A sign-in that did not start here: another tab (any method), or back from the PLYR[CONNECT] hosted page
      // (redirect mode), which the client finishes after `ready`. Asleep (a panel is open), the panel returns.
      plyr.onScene(this, 'login', () => {
        if (this.sys.isActive()) this.scene.start('Play');
      });
      this.status.setText(takeNotice());
      this.showMenu([
        button('Log in with PLYR[ID]', { 'data-demo': 'login' }, () => plyr.showLogin({ returnTo: 'Play' })),
        button('Play as guest', { 'data-demo': 'guest' }, () => this.playAsGuest()),
        // The demo server runs matches on the sandbox only.
        ...(readDemoConfig().match
          ? [button('Play an entry-fee match', { 'data-demo': 'match' }, openMatchPage)]
          : []),
      ]);
    });
  }

  private showMenu(buttons: HTMLButtonElement[]): void {
    const menu = element('div', 'demo-menu');
    menu.append(...buttons);
    this.add.dom(this.scale.width / 2, this.scale.height * 0.5, positioned(menu));
  }

  private async playAsGuest(): Promise<void> {
    const plyr = plyrOf(this);
    if (!plyr) return;
    this.status.setText('Creating a guest account…');
    try {
      await plyr.registerGuest();
      if (this.sys.isActive()) this.scene.start('Play');
    } catch (error) {
      this.status.setText(
        `Could not start as guest: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
