/**
 * The entry-fee match table of the demo: who is signed in, their balance and what the game may still take, Join, then
 * the match as the demo server tells it (polled): waiting for a second player, taking the entries, the winner, each
 * settlement line with the platform's fee, and every player's balance before and after. Stable `data-demo` hooks for
 * the e2e tests; the table's `data-demo-state` is `signed-out`, `loading`, `ready`, `playing` or `finished`.
 */
import type { Session } from '../../src/core/types.js';
import {
  amountText,
  fetchPlayer,
  joinMatch,
  leaveMatch,
  lineText,
  type MatchPlayer,
  type MatchResult,
  type MatchView,
  readMatch,
  stateText,
} from './match.js';
import { button, element } from './ui.js';

const POLL_MS = 750;
/** Refusals the player fixes by logging in again (with the consent the login panel states). */
const LOG_IN_AGAIN = new Set(['SESSION_INVALID', 'GUEST_ACCOUNT', 'ALLOWANCE_MISSING', 'ALLOWANCE_TOO_LOW']);

/** What the table needs from its scene. */
export interface MatchTableHost {
  readonly session: Session | null;
  /** The demo server's match routes. */
  readonly base: string;
  /** The game's PLYR[ID] (the receiver of the pot's remainder). */
  readonly gameId: string;
  /** Opens the login panel (which states the match's spending consent). */
  login(): void;
  /** Leaves the match page. */
  leave(): void;
}

/** True when decimal text `a` is below `b`, exactly (amounts are never read as binary floats). */
export function below(a: string, b: string): boolean {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const digits = Math.max(af.length, bf.length);
  try {
    return BigInt(ai + af.padEnd(digits, '0')) < BigInt(bi + bf.padEnd(digits, '0'));
  } catch {
    return false;
  }
}

const allowanceText = (p: MatchPlayer) =>
  `This game may still spend ${amountText(p.allowance, p.token)} of yours.`;

/** Builds the table and starts it; `stop()` ends its polling (the scene calls it on shutdown). */
export function matchTable(host: MatchTableHost): { root: HTMLElement; stop(): void } {
  const root = element('div', 'demo-table');
  const hook = <T extends HTMLElement>(el: T, name: string): T => {
    el.dataset.demo = name;
    return el;
  };
  const who = hook(element('p', 'demo-hud-line demo-muted'), 'match-player');
  const balance = hook(element('p', 'demo-balance'), 'match-balance');
  const allowance = hook(element('p', 'demo-hud-line demo-muted'), 'match-allowance');
  const rules = element('p', 'demo-hud-line demo-muted');
  const status = hook(element('p', 'demo-hud-line'), 'match-status');
  status.setAttribute('aria-live', 'polite');
  const error = hook(element('p', 'demo-error'), 'match-error');
  error.setAttribute('role', 'alert');
  const result = hook(element('div', 'demo-match-result'), 'match-result');
  const main = element('div', 'demo-actions');
  const actions = element('div', 'demo-actions');
  const balanceBlock = element('div', '');
  balanceBlock.append(element('p', 'demo-hud-label', 'Balance'), balance, allowance);
  root.append(who, balanceBlock, rules, main, status, error, result, actions);

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let me: MatchPlayer | null = null;
  let waiting = false;

  const setState = (state: string) => {
    root.dataset.demoState = state;
  };
  const showError = (outcome: { code: string; error: string }) => {
    error.textContent = outcome.error;
    error.dataset.code = outcome.code;
  };
  const loginButton = (label: string) =>
    button(label, { 'data-demo': 'match-login' }, () => host.login(), 'demo-button');
  const leaveButton = button('Leave', { 'data-demo': 'match-leave' }, () => void leave(), 'demo-button');
  leaveButton.classList.add('demo-button-quiet');

  async function leave(): Promise<void> {
    // A seat still waiting is given up first, so the player is never charged for a match they walked away from.
    if (waiting && host.session) await leaveMatch(host.session.sessionJwt, host.base);
    host.leave();
  }

  function signedOut(text: string): void {
    setState('signed-out');
    balanceBlock.hidden = true;
    rules.textContent = text;
    main.replaceChildren(loginButton('Log in with PLYR[ID]'));
    actions.replaceChildren(leaveButton);
  }

  async function load(): Promise<void> {
    const session = host.session;
    if (!session)
      return signedOut('Log in to play. The login says what the game may spend from your PLYR wallet.');
    if (session.isGuest)
      return signedOut(
        'A guest account cannot pay an entry. Log in with your PLYR[ID]; the guest account stays on this device.',
      );
    setState('loading');
    who.textContent = `Signed in as ${session.plyrId}`;
    status.textContent = 'Reading your wallet…';
    actions.replaceChildren(leaveButton);
    const answer = await fetchPlayer(session.sessionJwt, host.base);
    if (stopped) return;
    status.textContent = '';
    if (!answer.ok) {
      showError(answer);
      if (LOG_IN_AGAIN.has(answer.code)) main.replaceChildren(loginButton('Log in again'));
      return;
    }
    me = answer.answer;
    showBalance(me.balance, me.token);
    allowance.textContent = allowanceText(me);
    rules.textContent =
      `Each player pays ${amountText(me.entry, me.token)}. The server draws the winner, who gets ` +
      `${amountText(me.prize, me.token)} less the platform's fee; the rest goes to the game.`;
    if (me.matchId) return follow(me.matchId);
    setState('ready');
    if (below(me.allowance, me.entry)) {
      showError({
        code: 'ALLOWANCE_TOO_LOW',
        error: `To pay the entry, let the game spend ${amountText(me.entry, me.token)}: log in again and allow it.`,
      });
      main.replaceChildren(loginButton('Log in to allow it'));
      return;
    }
    const join = button(
      `Join a match (${amountText(me.entry, me.token)})`,
      { 'data-demo': 'match-join' },
      () => void joinNow(join),
    );
    main.replaceChildren(join);
  }

  function showBalance(amount: string, token: string): void {
    balance.textContent = amountText(amount, token);
    balance.dataset.amount = amount;
  }

  async function joinNow(join: HTMLButtonElement): Promise<void> {
    const session = host.session;
    if (!session || join.disabled) return;
    join.disabled = true;
    error.textContent = '';
    const answer = await joinMatch(session.sessionJwt, host.base);
    if (stopped) return;
    if (!answer.ok) {
      join.disabled = false;
      showError(answer);
      if (LOG_IN_AGAIN.has(answer.code)) main.replaceChildren(loginButton('Log in again'));
      return;
    }
    follow(answer.answer.matchId, answer);
  }

  /** Shows the match and polls it until it is finished. */
  function follow(matchId: string, first?: MatchResult<MatchView>): void {
    setState('playing');
    main.replaceChildren();
    const poll = async (answer?: MatchResult<MatchView>) => {
      const read = answer ?? (await readMatch(matchId, host.base));
      if (stopped) return;
      if (!read.ok && read.code === 'MATCH_UNKNOWN') {
        showError(read); // the server was restarted: its matches (and their seats) are gone
        return void finished();
      }
      if (!read.ok) {
        // The server may be unreachable for a moment: the match goes on there; keep asking, claim nothing.
        showError({ code: read.code, error: `${read.error} Still trying…` });
      } else {
        error.textContent = '';
        render(read.answer);
        if (read.answer.finished) return void finished();
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll(first);
  }

  async function finished(): Promise<void> {
    waiting = false;
    // What the game may still take changed with the entry: read it again (the balance came with the match).
    const session = host.session;
    const fresh = session ? await fetchPlayer(session.sessionJwt, host.base) : null;
    if (stopped) return;
    if (fresh?.ok) allowance.textContent = allowanceText(fresh.answer);
    setState('finished');
    const again = button('Join another match', { 'data-demo': 'match-again' }, () => {
      result.replaceChildren();
      status.textContent = '';
      void load();
    });
    actions.replaceChildren(again, leaveButton);
    // Join went away with the seat: a keyboard player lands on the next thing to do, not on the page's body.
    if (document.activeElement === document.body) again.focus();
  }

  function render(view: MatchView): void {
    waiting = view.state === 'waiting';
    status.textContent = stateText(view);
    status.dataset.state = view.state;
    status.dataset.code = view.code ?? '';
    const mine = (plyrId: string) => (plyrId === me?.plyrId ? ' (you)' : '');
    if (view.state !== 'settled') {
      const seats = view.players.map((p) => `${p.plyrId}${mine(p.plyrId)}`).join(' and ');
      result.replaceChildren(element('p', 'demo-hud-line demo-muted', `Players: ${seats}`));
      return;
    }
    const t = (amount: string) => amountText(amount, view.token);
    const winner = hook(
      element('p', 'demo-match-winner', view.winner === me?.plyrId ? 'You won!' : `${view.winner} won.`),
      'match-winner',
    );
    winner.dataset.plyrId = view.winner ?? '';
    const lines = hook(element('ul', 'demo-offers'), 'match-lines');
    for (const line of view.lines ?? []) {
      const item = hook(element('li', '', lineText(line, host.gameId)), 'match-line');
      Object.assign(item.dataset, { kind: line.kind, plyrId: line.plyrId, fee: line.fee, net: line.net });
      lines.append(item);
    }
    const fee = hook(
      element('p', 'demo-hud-line', `Platform fee: ${t(view.fees?.[view.token] ?? '0')}`),
      'match-fee',
    );
    const balances = hook(element('ul', 'demo-offers'), 'match-balances');
    for (const p of view.players) {
      const after = p.after === null ? 'not known yet' : t(p.after);
      const item = hook(
        element('li', '', `${p.plyrId}${mine(p.plyrId)}: ${t(p.before)} → ${after}`),
        'match-balance-line',
      );
      item.dataset.plyrId = p.plyrId;
      balances.append(item);
      if (p.plyrId === me?.plyrId && p.after !== null) showBalance(p.after, view.token);
    }
    result.replaceChildren(
      winner,
      element('p', 'demo-hud-label', `Room ${view.roomId}: paid out`),
      lines,
      fee,
      element('p', 'demo-hud-label', 'Balances before → after'),
      balances,
    );
  }

  void load();
  return {
    root,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
