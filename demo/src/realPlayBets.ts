/**
 * The real-play bet selector: a ladder of bets (1-2-5 steps) within the session's limits, chosen with a slider
 * (mouse, touch, arrow keys) or the − / + buttons. Every bet goes through `rp.setBet`, which clamps to the limits.
 */
import type { BetLimits, RealPlay } from '../../src/realplay/index.js';
import { button, element } from './ui.js';

/** Rungs per decade: 1, 2, 5, 10, 20, 50, ... */
const STEPS = [1, 2, 5];
/** Highest rung when MG+ sent no `maxBet`: this many times the larger of min and default. */
const OPEN_RANGE_FACTOR = 1000;

const tidy = (n: number) => Number(n.toPrecision(12));

/** The bets offered within `limits`: min, the 1-2-5 rungs between, max, and the default; ascending, no repeats. */
export function betLadder(limits: BetLimits): number[] {
  const top = Number.isFinite(limits.max)
    ? limits.max
    : Math.max(limits.min, limits.default, 1) * OPEN_RANGE_FACTOR;
  const bets = new Set([limits.min, limits.default, top].map(tidy));
  const start = limits.min > 0 ? Math.floor(Math.log10(limits.min)) : -2;
  for (let exp = start; exp <= Math.ceil(Math.log10(top)); exp++)
    for (const step of STEPS) {
      const bet = tidy(step * 10 ** exp);
      if (bet > limits.min && bet < top) bets.add(bet);
    }
  return [...bets].filter((bet) => bet >= limits.min && bet <= top).sort((a, b) => a - b);
}

/** Index of the rung closest to `bet` (the bet kept may differ from a rung in its last digits). */
function nearestRung(ladder: number[], bet: number): number {
  let best = 0;
  for (let i = 1; i < ladder.length; i++)
    if (Math.abs((ladder[i] ?? 0) - bet) < Math.abs((ladder[best] ?? 0) - bet)) best = i;
  return best;
}

/** The line under the selector, e.g. `Bet €1.00 · min €0.10 · max €100.00`. */
export function betLine(rp: RealPlay): string {
  const limits = rp.betLimits();
  const max = Number.isFinite(limits.max) ? rp.formatBalance(limits.max) : 'none';
  return `Bet ${rp.formatBalance(rp.bet)} · min ${rp.formatBalance(limits.min)} · max ${max}`;
}

/** The selector's elements; `setDisabled` locks it while a round is being played. */
export interface BetSelector {
  root: HTMLElement;
  setDisabled(disabled: boolean): void;
}

/** Build the selector for an authenticated `rp`; `onChange` runs after each change with the bet kept. */
export function betSelector(rp: RealPlay, onChange: (bet: number) => void): BetSelector {
  const ladder = betLadder(rp.betLimits());
  const line = element('p', 'demo-hud-line', betLine(rp));
  line.dataset.demo = 'bets';
  const slider = element('input', 'demo-bet-range');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(ladder.length - 1);
  slider.step = '1';
  slider.dataset.demo = 'bet-range';
  slider.setAttribute('aria-label', 'Bet');

  const show = () => {
    slider.value = String(nearestRung(ladder, rp.bet));
    slider.setAttribute('aria-valuetext', rp.formatBalance(rp.bet));
    line.textContent = betLine(rp);
  };
  const choose = (index: number) => {
    const rung = ladder[Math.max(0, Math.min(ladder.length - 1, index))];
    if (rung === undefined) return;
    onChange(rp.setBet(rung));
    show();
  };
  const current = () => Number(slider.value);
  slider.addEventListener('input', () => choose(current()));
  const down = button('−', { 'data-demo': 'bet-down', 'aria-label': 'Lower bet' }, () =>
    choose(current() - 1),
  );
  const up = button('+', { 'data-demo': 'bet-up', 'aria-label': 'Raise bet' }, () => choose(current() + 1));
  for (const b of [down, up]) b.classList.add('demo-bet-step');
  const row = element('div', 'demo-bet');
  row.append(down, slider, up);
  const root = element('div', '');
  root.append(row, line);
  show();
  return {
    root,
    setDisabled(disabled) {
      for (const control of [slider, down, up]) control.disabled = disabled;
    },
  };
}
