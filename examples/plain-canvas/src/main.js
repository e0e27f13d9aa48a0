// A game on a plain <canvas> (2D context, no engine) with PLYR sign-in (plyr-kit/ui's panels over the canvas) and one
// real-money round on MG+.
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

const canvas = document.getElementById('stage');
const context = canvas.getContext('2d');
const hud = document.getElementById('hud');
const statusLine = document.getElementById('status');
const buttons = {
  signIn: document.getElementById('sign-in'),
  account: document.getElementById('account'),
  play: document.getElementById('play'),
};
const scene = { reels: ['🍒', '🍋', '7'], status: 'Loading…' };

/** Draws the scene at the canvas's CSS size, sharp on high-density screens. */
function draw() {
  const { clientWidth: width, clientHeight: height } = canvas;
  const scale = devicePixelRatio;
  if (canvas.width !== Math.round(width * scale)) canvas.width = Math.round(width * scale);
  if (canvas.height !== Math.round(height * scale)) canvas.height = Math.round(height * scale);
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.fillStyle = '#1b1f3b';
  context.fillRect(0, 0, width, height);
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillStyle = '#ffd54a';
  context.font = 'bold 44px system-ui, sans-serif';
  context.fillText('Fruit Canvas', width / 2, height * 0.16);
  context.font = '64px system-ui, sans-serif';
  context.fillText(scene.reels.join(' '), width / 2, height * 0.4);
  context.fillStyle = '#f2f3ff';
  context.font = '22px system-ui, sans-serif';
  context.fillText(scene.status, width / 2, height * 0.6, width - 32);
}
new ResizeObserver(draw).observe(canvas);

const say = (text) => {
  scene.status = text;
  statusLine.textContent = text;
  draw();
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

buttons.signIn.addEventListener('click', () => open(showLogin(plyr, { over: canvas })));
buttons.account.addEventListener('click', () => open(showGuest(plyr, { over: canvas })));
plyr.on('session', update);

async function launch() {
  try {
    await realPlay.authenticate(); // reads ?launchToken=… and asks the studio's relay (/mg)
  } catch (error) {
    const action = await open(showRealPlayError(error, { over: canvas, lobbyUrl: CASINO_LOBBY }));
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
    scene.reels = round.reels;
    realPlay.updateBalance(round.balance);
    const won = round.win > 0 ? `Won ${realPlay.formatBalance(round.win)}! ` : '';
    say(`${won}Balance ${realPlay.formatBalance()}`);
  } catch (error) {
    await open(showRealPlayError(error, { over: canvas, lobbyUrl: realPlay.player?.lobbyUrl }));
  } finally {
    buttons.play.disabled = false;
  }
});

plyr.ready.then(async () => {
  update(); // the stored session, if any (no request)
  if (realPlay) await launch();
});
