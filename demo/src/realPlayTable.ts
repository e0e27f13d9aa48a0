/**
 * The real-play table of the demo: balance, bet selector, Spin, the round's result or error, free-game offers that
 * can be played down, the lobby and leave buttons. Stable `data-demo` hooks for the e2e tests; the table's
 * `data-demo-state` is `ready` or `spinning`.
 */
import type { FreeGameOffer, RealPlay, RealPlayPlayer } from '../../src/realplay/index.js';
import { leaveToLobby } from '../../src/ui/lobby.js';
import { betSelector } from './realPlayBets.js';
import { outcomeText, postSpin, type SpinRequest, spinErrorText } from './realPlaySpin.js';
import { button, element } from './ui.js';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** An offer's line, e.g. `Welcome Free Spins: 7 of 10 rounds at €0.50, until 30 Nov 2030`. */
export function offerLine(rp: RealPlay, offer: FreeGameOffer): string {
  return (
    `${offer.offerName}: ${offer.numberOfRoundsRemaining} of ${offer.numberOfRoundsAwarded} rounds at ` +
    `${rp.formatBalance(offer.nearestCostPerBet)}, until ${day.format(offer.endsAt)}`
  );
}

/** True when the offer has rounds left and is running at `now`. */
export function playable(offer: FreeGameOffer, now = Date.now()): boolean {
  return offer.numberOfRoundsRemaining > 0 && offer.startsAt.getTime() <= now && now < offer.endsAt.getTime();
}

/** Build the table for an authenticated `rp`; `onLeave` ends real play (the demo reloads without the launch). */
export function realPlayTable(rp: RealPlay, player: RealPlayPlayer, onLeave: () => void): HTMLElement {
  const root = element('div', 'demo-table');
  root.dataset.demoState = 'ready';
  let offers = player.freeGames;

  const balance = element('p', 'demo-balance', rp.formatBalance());
  balance.dataset.demo = 'balance';
  const bets = betSelector(rp, () => undefined);
  const spin = button('Spin', { 'data-demo': 'spin' }, () => play({ sessionId: rp.sessionId, bet: rp.bet }));
  const result = element('p', 'demo-hud-line');
  result.dataset.demo = 'spin-result';
  result.setAttribute('aria-live', 'polite');
  const error = element('p', 'demo-error');
  error.dataset.demo = 'spin-error';
  error.setAttribute('role', 'alert');
  const offerList = element('ul', 'demo-offers');
  offerList.dataset.demo = 'free-games';

  const renderOffers = () => {
    if (offers.length === 0) {
      offerList.replaceChildren(element('li', '', 'No free-game offers.'));
      return;
    }
    offerList.replaceChildren(
      ...offers.map((offer) => {
        const item = element('li', '', offerLine(rp, offer));
        if (playable(offer)) {
          const freeGame = { offerId: offer.offerId, instanceId: offer.instanceId };
          const playFree = button(
            'Play a free round',
            {
              'data-demo': 'play-free-game',
              'data-offer-id': String(offer.offerId),
              'data-instance-id': String(offer.instanceId),
            },
            () => play({ sessionId: rp.sessionId, bet: offer.nearestCostPerBet, freeGame }),
            'demo-button demo-button-small',
          );
          item.append(playFree);
        }
        return item;
      }),
    );
  };

  const setSpinning = (spinning: boolean) => {
    root.dataset.demoState = spinning ? 'spinning' : 'ready';
    spin.disabled = spinning;
    bets.setDisabled(spinning);
    for (const b of offerList.querySelectorAll('button')) b.disabled = spinning;
  };

  // One round at a time: the buttons stay disabled until the server has answered.
  async function play(request: SpinRequest): Promise<void> {
    if (root.dataset.demoState === 'spinning') return;
    setSpinning(true);
    error.textContent = '';
    const outcome = await postSpin(request);
    if (outcome.ok) {
      const { answer } = outcome;
      rp.updateBalance(answer.balance);
      balance.textContent = rp.formatBalance();
      const win = answer.win > 0 ? `win ${rp.formatBalance(answer.win)}` : 'no win';
      result.textContent = `${outcomeText(answer.outcome)} · ${win}`;
      result.dataset.roundId = answer.roundId;
      result.dataset.win = String(answer.win);
      if (answer.freeGames) offers = answer.freeGames;
    } else {
      error.textContent = spinErrorText(outcome.code, outcome.error);
      error.dataset.code = outcome.code;
    }
    renderOffers();
    setSpinning(false);
  }

  const who = element(
    'p',
    'demo-hud-line demo-muted',
    `Player ${player.playerId}${player.isTestPlayer ? ' (test brand)' : ''}`,
  );
  const actions = element('div', 'demo-actions');
  const lobbyUrl = player.lobbyUrl;
  if (lobbyUrl !== undefined)
    actions.append(button('Lobby', { 'data-demo': 'lobby' }, () => leaveToLobby(lobbyUrl)));
  actions.append(button('Leave real play', { 'data-demo': 'leave-real-play' }, onLeave));

  renderOffers();
  root.append(
    element('p', 'demo-hud-label', 'Balance'),
    balance,
    bets.root,
    spin,
    result,
    error,
    element('p', 'demo-hud-label', 'Free games'),
    offerList,
    who,
    actions,
  );
  return root;
}
