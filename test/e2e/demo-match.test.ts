// An entry-fee match in real headless Chromium, on the demo as `npm run demo` serves it: two players (two browser
// contexts, one at desktop size on the keyboard, one on a phone by touch) each open the match page, log in with the
// 2FA code the dev panel shows and the spending consent the login panel states, see their balance, and join; the demo
// server takes both entries, draws the winner and settles. Every figure each page shows (both players' balances
// before and after, the winner, each payout line with its fee, the platform's fee) must equal the sandbox's ledger,
// and a page that shows one figure differently is caught by the same comparison.
import { expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { GameLedgerSnapshot } from '../../src/sandbox/index.js';
import {
  describeInBrowser,
  saveScreenshot,
  useServerAndChromium,
  useWatchedPages,
} from '../helpers/e2e-browser.js';
import { startDemo } from '../helpers/e2e-demo.js';
import { axeViolations, layoutProblems, SIZES } from '../helpers/e2e-layout.js';
import { wei } from '../helpers/game-sandbox.js';

jest.setTimeout(120_000);

const PLAYERS = [
  { plyrId: 'demo-player', codeHook: 'demo-code', size: SIZES.desktop, input: 'keyboard' },
  { plyrId: 'second-player', codeHook: 'second-code', size: SIZES.phone, input: 'touch' },
] as const;
type Player = (typeof PLAYERS)[number];

/** Everything a match page shows once the match is settled, read from its visible text. */
interface Shown {
  plyrId: string;
  balance: string;
  winner: string;
  lines: Array<{ receiver: string; amount: string; fee: string; net: string }>;
  fee: string;
  balances: Record<string, { before: string; after: string }>;
}

/** Reads a settled match page. Amounts are taken from the words the player reads, not from hidden attributes. */
async function readShown(page: Page): Promise<Shown> {
  const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();
  const all = async (selector: string) =>
    (await page.locator(selector).allTextContents()).map((t) => t.trim());
  const plyrId = (await text('[data-demo="match-player"]')).replace(/^Signed in as /, '');
  const winnerText = await text('[data-demo="match-winner"]');
  const winner = winnerText === 'You won!' ? plyrId : (/^(.+) won\.$/.exec(winnerText)?.[1] ?? winnerText);
  const lines = (await all('[data-demo="match-line"]')).map((line) => {
    const m = /^(.+): ([\d.]+) PLYR less the ([\d.]+) PLYR fee = ([\d.]+) PLYR$/.exec(line);
    if (!m) throw new Error(`unreadable settlement line: ${line}`);
    return { receiver: m[1] as string, amount: m[2] as string, fee: m[3] as string, net: m[4] as string };
  });
  const balances: Shown['balances'] = {};
  for (const line of await all('[data-demo="match-balance-line"]')) {
    const m = /^([a-z0-9-]+)(?: \(you\))?: ([\d.]+) PLYR → ([\d.]+) PLYR$/.exec(line);
    if (!m) throw new Error(`unreadable balance line: ${line}`);
    balances[m[1] as string] = { before: m[2] as string, after: m[3] as string };
  }
  return {
    plyrId,
    balance: (await text('[data-demo="match-balance"]')).replace(/ PLYR$/, ''),
    winner,
    lines,
    fee: (await text('[data-demo="match-fee"]')).replace(/^Platform fee: /, '').replace(/ PLYR$/, ''),
    balances,
  };
}

/**
 * Where a page and the ledger disagree (empty: they agree). `before` is the ledger before anyone joined, `after` the
 * ledger once the match settled; the match's own transactions are those `after` adds.
 */
function disagreements(
  shown: Shown,
  before: GameLedgerSnapshot,
  after: GameLedgerSnapshot,
  gameId: string,
): string[] {
  const found: string[] = [];
  const same = (what: string, page: string, ledger: string | undefined) => {
    if (ledger === undefined || wei(page) !== wei(ledger))
      found.push(`${what}: page ${page}, ledger ${ledger}`);
  };
  const plyr = (ledger: GameLedgerSnapshot, account: string) => ledger.balances[account]?.plyr;
  const added = after.transactions.slice(before.transactions.length).filter((t) => t.status === 'success');
  const opened = added.find((t) => t.method === 'createJoinPay');
  const settled = added.find((t) => t.method === 'earnLeaveEnd' && t.roomId === opened?.roomId);
  if (!opened || !settled) return [`the ledger has no settled match: ${added.map((t) => t.method)}`];

  for (const p of PLAYERS) {
    const page = shown.balances[p.plyrId];
    if (!page) {
      found.push(`${p.plyrId}: no balance line on the page`);
      continue;
    }
    same(`${p.plyrId} before`, page.before, plyr(before, p.plyrId));
    same(`${p.plyrId} after`, page.after, plyr(after, p.plyrId));
  }
  same(`${shown.plyrId}'s balance`, shown.balance, plyr(after, shown.plyrId));
  same('platform fee', shown.fee, feeDelta(before, after));
  // The settlement's moves come in pairs: the receiver's net amount, then that line's fee to the fee account.
  const paid = settled.moves.flatMap((m, i) => {
    const fee = settled.moves[i + 1];
    return m.to === 'fees' || fee?.to !== 'fees' ? [] : [{ receiver: m.to, net: m.amount, fee: fee.amount }];
  });
  const winners = paid.filter((m) => PLAYERS.some((p) => p.plyrId === m.receiver)).map((m) => m.receiver);
  if (winners.length !== 1 || winners[0] !== shown.winner)
    found.push(`winner: page ${shown.winner}, ledger ${winners.join(', ') || 'none'}`);
  if (shown.lines.length !== paid.length)
    found.push(`lines: page ${shown.lines.length}, ledger ${paid.length}`);
  for (const [i, line] of shown.lines.entries()) {
    const move = paid[i];
    const receiver = line.receiver === 'The game' ? gameId : line.receiver;
    if (move?.receiver !== receiver)
      found.push(`line ${i} receiver: page ${receiver}, ledger ${move?.receiver}`);
    same(`line ${i} net`, line.net, move?.net);
    same(`line ${i} fee`, line.fee, move?.fee);
    same(`line ${i} amount`, line.amount, move && fromWei(wei(move.net) + wei(move.fee)));
  }
  return found;
}

const feeDelta = (before: GameLedgerSnapshot, after: GameLedgerSnapshot) =>
  fromWei(wei(after.fees.plyr ?? '0') - wei(before.fees.plyr ?? '0'));

function fromWei(units: bigint): string {
  const digits = units.toString().padStart(19, '0');
  const fraction = digits.slice(-18).replace(/0+$/, '');
  return `${digits.slice(0, -18)}${fraction ? `.${fraction}` : ''}`;
}

describeInBrowser('entry-fee match in Chromium', () => {
  const suite = useServerAndChromium(startDemo);
  const newPage = useWatchedPages(suite);
  const sandbox = () => {
    if (!suite.server.sandbox) throw new Error('expected the sandbox');
    return suite.server.sandbox;
  };

  /** Opens the match page and logs `player` in with `code`, with the consent the login panel states. */
  async function signIn(player: Player, code: (page: Page) => Promise<string>): Promise<Page> {
    const page = await newPage(player.size);
    await page.goto(`${suite.server.url}/?match`);
    const login = page.locator('body[data-scene="Match"] [data-demo="match-login"]');
    await login.waitFor();
    if (player.input === 'touch') await login.tap();
    else await login.click();
    const consent = page.locator('[data-plyr="spend-consent"]');
    await consent.waitFor();
    expect(await consent.textContent()).toMatch(
      /^This game may spend up to 50 PLYR from your PLYR wallet until .+\.$/,
    );
    await page.fill('[data-plyr="plyr-id"]', player.plyrId);
    await page.fill('[data-plyr="otp"]', await code(page));
    await page.press('[data-plyr="otp"]', 'Enter');
    await page.locator('[data-demo="match-join"]').waitFor();
    return page;
  }

  /** The player's code as the dev panel shows it (it polls the sandbox every second). */
  const panelCode = (player: Player) => async (page: Page) => {
    const hook = `[data-demo="${player.codeHook}"]`;
    await page.waitForFunction((h) => /^\d{6}$/.test(document.querySelector(h)?.textContent ?? ''), hook);
    return (await page.textContent(hook)) ?? '';
  };

  /** Joins on each page, in turn, with the page's own input; resolves once both pages show the settled match. */
  async function play(pages: Page[]): Promise<void> {
    for (const [i, page] of pages.entries()) {
      const join = page.locator('[data-demo="match-join"]');
      if (PLAYERS[i]?.input === 'touch') await join.tap();
      else {
        await join.focus();
        await page.keyboard.press('Enter');
      }
      if (i === 0) await page.locator('[data-demo="match-status"][data-state="waiting"]').waitFor();
    }
    for (const page of pages)
      await page.locator('[data-demo="match-status"][data-state="settled"]').waitFor({ timeout: 30_000 });
  }

  it('two players log in with consent, each pays an entry, the server draws and settles; each page equals the ledger', async () => {
    const before = sandbox().game.ledger();
    const pages: Page[] = [];
    for (const player of PLAYERS) {
      const page = await signIn(player, panelCode(player));
      // Signed in with exactly the consent the panel stated; the page shows the wallet as the ledger holds it.
      expect(
        sandbox()
          .game.ledger()
          .allowances.find((a) => a.plyrId === player.plyrId)?.amount,
      ).toBe('50');
      const balance = ((await page.textContent('[data-demo="match-balance"]')) ?? '').replace(/ PLYR$/, '');
      expect(wei(balance)).toBe(wei(before.balances[player.plyrId]?.plyr ?? 'none'));
      expect(await page.textContent('[data-demo="match-allowance"]')).toBe(
        'This game may still spend 50 PLYR of yours.',
      );
      pages.push(page);
    }
    await saveScreenshot(pages[1] as Page, 'match-ready-phone');
    await play(pages);

    const after = sandbox().game.ledger();
    // The server's side, from the ledger alone: one room took 10 from each and was settled empty and ended.
    const opened = after.transactions.find((t) => t.method === 'createJoinPay' && t.status === 'success');
    expect(opened?.moves.map((m) => [m.from, m.amount])).toEqual([
      ['demo-player', '10'],
      ['second-player', '10'],
    ]);
    expect(after.rooms.find((r) => r.roomId === opened?.roomId)).toMatchObject({
      balances: { plyr: '0' },
      ended: true,
    });
    expect(after.allowances.filter((a) => a.amount === '40')).toHaveLength(2);

    for (const [i, page] of pages.entries()) {
      // What the game may still take, as the page reads it again after the match: the ledger's allowance row.
      await page.locator('[data-demo="match-allowance"]', { hasText: 'may still spend 40 PLYR' }).waitFor();
      const shown = await readShown(page);
      expect(shown.plyrId).toBe(PLAYERS[i]?.plyrId);
      expect(disagreements(shown, before, after, suite.server.gameId)).toEqual([]);
    }
    const phone = pages[1] as Page;
    expect(await layoutProblems(phone, true)).toEqual([]);
    expect(await axeViolations(phone)).toEqual([]);
    await saveScreenshot(pages[0] as Page, 'match-settled');
    await saveScreenshot(phone, 'match-settled-phone');
  });

  it('catches a page that shows a figure other than the ledger', async () => {
    const before = sandbox().game.ledger();
    // The next step's codes: the current ones were used by the test before.
    const next = (player: Player) => async () => sandbox().totp(player.plyrId, Date.now() + 30_000);
    const pages = [await signIn(PLAYERS[0], next(PLAYERS[0])), await signIn(PLAYERS[1], next(PLAYERS[1]))];
    // The first page reads the match through a server that adds a hundredth to every balance after.
    await (pages[0] as Page).route('**/demo/match/*-*', async (route) => {
      const answer = await route.fetch();
      const view = (await answer.json()) as { players: Array<{ after: string | null }> };
      for (const p of view.players) if (p.after !== null) p.after = fromWei(wei(p.after) + wei('0.01'));
      await route.fulfill({ response: answer, json: view });
    });
    await play(pages);
    const after = sandbox().game.ledger();
    const [tampered, honest] = await Promise.all(pages.map(readShown));
    expect(disagreements(honest as Shown, before, after, suite.server.gameId)).toEqual([]);
    const found = disagreements(tampered as Shown, before, after, suite.server.gameId);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^demo-player after: page /),
        expect.stringMatching(/^second-player after: page /),
        expect.stringMatching(/^demo-player's balance: page /),
      ]),
    );
  });
});
