/**
 * The demo game's entry: reads the page configuration, boots Phaser with the PLYR plugin (unless `?plyr=off`) and,
 * on the sandbox, the dev panel. `performance` marks `demo:boot`, `demo:plyr-ready` and `demo:game-ready` time the start.
 * `?match` opens the entry-fee match, whose login asks for the spending consent its entries need.
 */
import Phaser from 'phaser';
import { createPlyr, createRealPlay } from '../../src/index.js';
import { PlyrPlugin } from '../../src/phaser/index.js';
import { readDemoConfig } from './config.js';
import { startDevPanel } from './devPanel.js';
import { MATCH_SPEND } from './match.js';
import { setNotice } from './plyr.js';
import { MatchScene } from './scenes/MatchScene.js';
import { PlayScene } from './scenes/PlayScene.js';
import { RealPlayScene } from './scenes/RealPlayScene.js';
import { TitleScene } from './scenes/TitleScene.js';

declare global {
  interface Window {
    /** The running game, for the browser console and the end-to-end tests. */
    plyrDemo?: { game: Phaser.Game };
  }
}

const config = readDemoConfig();
const matchPage = config.matchPage && !config.realPlayLaunch;

const theme = {
  background: '#0b1020',
  panel: '#151b36',
  text: '#e8ecff',
  accent: '#ffcc33',
  accentText: '#1b1300',
  error: '#ff6b6b',
  fontFamily: 'system-ui, sans-serif',
  radius: 10,
};

// The client starts before the game: its IndexedDB read (a few ms) finishes before Phaser's boot takes the main
// thread, so the first scene already knows the stored session. (Created inside the game, the same read would wait
// behind Phaser's start-up and first frames: ~100 ms in the bench.)
performance.mark('demo:boot');
const client = config.pluginEnabled
  ? createPlyr({
      gameId: config.gameId,
      apiBase: config.apiBase,
      signer: { url: config.signerUrl, mode: config.signerMode },
    })
  : null;

/** Boots Phaser, with the PLYR plugin holding the client made above (none with `?plyr=off`). */
function startGame(): Phaser.Game {
  const plugins: Phaser.Types.Core.PluginObject = client
    ? {
        global: [
          {
            key: 'plyr',
            plugin: PlyrPlugin,
            start: true,
            mapping: 'plyr',
            data: {
              client,
              theme,
              connect: { mode: config.connectMode },
              ...(config.realPlay ? { realPlay: createRealPlay(config.realPlay) } : {}),
              // The match page asks for what entries take: the login panel says so before the code is typed, and
              // signing in approves exactly that. The rest of the demo spends nothing and asks for nothing.
              ...(matchPage ? { spend: MATCH_SPEND } : {}),
            },
          },
        ],
      }
    : {};
  performance.mark('demo:game-boot');
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: 'game',
    backgroundColor: theme.background,
    dom: { createContainer: true },
    scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH, width: 480, height: 720 },
    // A real-play launch (`?launchToken=…`) starts in the real-play HUD, without a PLYR sign-in; `?match` in the match.
    scene: config.realPlayLaunch
      ? [RealPlayScene, TitleScene, PlayScene]
      : matchPage
        ? [MatchScene, TitleScene, PlayScene]
        : [TitleScene, PlayScene, RealPlayScene],
    plugins,
  });
  game.events.once('ready', () => performance.mark('demo:game-ready'));
  keepTouchTargets(game);
  game.events.once('plyr:ready', () => performance.mark('demo:plyr-event'));
  window.plyrDemo = { game };
  if (client) {
    // A session can end anywhere (log out, expiry, another tab, the guest account claimed on the platform):
    // leave the game for the title screen, which explains what happened.
    game.events.on('plyr:logout', (payload: { plyrId: string; reason: string }) => {
      if (payload.reason === 'claimed') {
        setNotice('Your guest account was saved on PLYR. Log in with your PLYR[ID] to keep playing.');
      } else if (payload.reason !== 'user') {
        setNotice(`Signed out (${payload.reason}).`);
      }
      if (game.scene.isActive('Play')) {
        game.scene.stop('Play');
        game.scene.start('Title');
      }
    });
  }
  const panel = document.getElementById('dev-panel');
  if (config.sandbox && client && panel) startDevPanel(config, game, panel);
  return game;
}

/**
 * The game's own DOM buttons live in Phaser's DOM container, which scales with the canvas: on a phone held sideways
 * a 48 px button would be 25 px. `--demo-game-px` (game pixels per CSS pixel) lets demo.css keep them at least
 * 44 CSS px tall, with readable text, at any scale.
 */
function keepTouchTargets(game: Phaser.Game): void {
  const update = (): void => {
    game.canvas?.parentElement?.style.setProperty('--demo-game-px', String(game.scale.displayScale.y));
  };
  game.events.once('ready', update);
  game.scale.on('resize', update);
}

if (client) {
  // `ready` never rejects: storage trouble falls back to memory and is reported as an `error` event.
  void client.ready.then(() => {
    performance.mark('demo:plyr-ready');
    startGame();
  });
} else {
  startGame();
}
