// A PixiJS v8 game with PLYR sign-in (plyr-kit/ui's panels over the canvas) and one real-money round on MG+.
import { Application, Text } from 'pixi.js';
import { createPlyr, createRealPlay } from 'plyr-kit';
import { showGuest, showLogin, showRealPlayError } from 'plyr-kit/ui';

const GAME = 'my-game';
/** Your operator's lobby, for a launch MG+ refused (after a launch MG+ names it: `player.lobbyUrl`). */
const CASINO_LOBBY = 'https://casino.example/lobby';

const plyr = createPlyr({
  gameId: GAME,
  signer: '/plyr/relay',
  // plyrKit() points this at its sandbox in `vite` dev; in a build it is undefined: the real platform.
  apiBase: import.meta.env.PLYR_API_BASE ?? 'https://api.plyr.network',
});
// Opened by a casino (`?launchToken=…`): real-money play on MG+, which needs no PLYR sign-in.
const realPlay = new URLSearchParams(location.search).has('launchToken')
  ? createRealPlay({ relay: '/mg', provider: 'my-studio', game: GAME })
  : null;

const game = document.getElementById('game');
const hud = document.getElementById('hud');
const statusLine = document.getElementById('status');
const buttons = {
  signIn: document.getElementById('sign-in'),
  account: document.getElementById('account'),
  play: document.getElementById('play'),
};

async function main() {
  const app = new Application();
  await app.init({ resizeTo: game, background: '#1b1f3b', antialias: true });
  app.canvas.setAttribute('aria-hidden', 'true');
  game.prepend(app.canvas);

  const title = new Text({
    text: 'Fruit Pixi',
    style: { fill: '#ffd54a', fontSize: 44, fontWeight: 'bold' },
  });
  const reels = new Text({ text: '🍒 🍋 7', style: { fill: '#ffffff', fontSize: 64 } });
  const status = new Text({
    text: '',
    style: { fill: '#f2f3ff', fontSize: 22, align: 'center', wordWrap: true },
  });
  for (const text of [title, reels, status]) {
    text.anchor.set(0.5);
    app.stage.addChild(text);
  }
  const layout = () => {
    const { width, height } = app.screen;
    title.position.set(width / 2, height * 0.16);
    reels.position.set(width / 2, height * 0.4);
    status.position.set(width / 2, height * 0.6);
    status.style.wordWrapWidth = width - 32;
  };
  app.renderer.on('resize', layout);
  layout();
  app.ticker.add(() => {
    reels.rotation = Math.sin(performance.now() / 400) * 0.03;
  });

  const say = (text) => {
    status.text = text;
    statusLine.textContent = text;
  };
  const update = () => {
    const session = plyr.session;
    buttons.signIn.hidden = Boolean(session || realPlay);
    buttons.account.hidden = !session;
    buttons.play.hidden = !realPlay?.player;
    if (realPlay?.player) say(`Balance ${realPlay.formatBalance()}`);
    else say(session ? `Signed in as ${session.plyrId}` : 'Not signed in');
  };
  /** A panel over the canvas: the HUD steps aside until it closes, then the keyboard is back on it. */
  const open = async (panel) => {
    hud.hidden = true;
    try {
      return await panel.closed;
    } finally {
      hud.hidden = false;
      update();
      hud.querySelector('button:not([hidden])')?.focus();
    }
  };

  buttons.signIn.addEventListener('click', () => open(showLogin(plyr, { over: app.canvas })));
  buttons.account.addEventListener('click', () => open(showGuest(plyr, { over: app.canvas })));
  plyr.on('session', update);

  async function launch() {
    try {
      await realPlay.authenticate(); // reads ?launchToken=… and asks the studio's relay (/mg)
    } catch (error) {
      const action = await open(showRealPlayError(error, { over: app.canvas, lobbyUrl: CASINO_LOBBY }));
      if (action === 'retry') return launch();
    }
    update();
  }

  buttons.play.addEventListener('click', async () => {
    buttons.play.disabled = true;
    try {
      // The studio's server plays the round (rounds.js in dev): the browser never chooses the payout.
      const res = await fetch('/round', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: realPlay.sessionId, bet: realPlay.bet }),
      });
      const round = await res.json();
      if (!res.ok) throw Object.assign(new Error(round.error), { code: round.code });
      if (res.status === 202) return say(round.error); // being confirmed: never told as lost
      reels.text = round.reels.join(' ');
      realPlay.updateBalance(round.balance);
      const won = round.win > 0 ? `Won ${realPlay.formatBalance(round.win)}! ` : '';
      say(`${won}Balance ${realPlay.formatBalance()}`);
    } catch (error) {
      await open(showRealPlayError(error, { over: app.canvas, lobbyUrl: realPlay.player?.lobbyUrl }));
    } finally {
      buttons.play.disabled = false;
    }
  });

  await plyr.ready; // the stored session, if any (no request)
  update();
  if (realPlay) await launch();
}

main();
