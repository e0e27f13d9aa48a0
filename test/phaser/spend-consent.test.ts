/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * A game that asks to spend (`spend` in the plugin data): the login panel says what and until when before any code
 * is typed, and logging in approves exactly that (a code login with loginAndApprove, PLYR[CONNECT] with its
 * approval). Against the sandbox through the real signing endpoint.
 */
import { describe, expect, it } from '@jest/globals';
import type { PlyrPluginData, PlyrSpend } from '../../src/phaser/index.js';
import {
  hook,
  PHASER_VERSIONS,
  phaserTestbed,
  pressEnter,
  recordingScene,
  type,
  waitFor,
  waitForHook,
} from '../helpers/phaser-game.js';

const input = (name: string) => hook<HTMLInputElement>(name) as HTMLInputElement;
const NOW = Date.UTC(2026, 11, 6, 9, 30);
const SPEND: PlyrSpend = {
  tokens: [
    { token: 'plyr', amount: '10' },
    { token: 'gamr', amount: 2.5 },
  ],
};
/** The date and time a player reads, written here independently of the plugin. */
const localTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

describe.each(PHASER_VERSIONS)('spending consent on %s', (_name, loadPhaser) => {
  const bed = phaserTestbed(loadPhaser);

  async function openLogin(extra: Partial<PlyrPluginData>) {
    const main = recordingScene('Main');
    const tg = await bed.boot({ data: bed.data({ now: () => NOW, ...extra }), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    tg.plyr.showLogin({ returnTo: 'Main' });
    await waitForHook('plyr-id');
    return { ...tg, main };
  }

  it('says what the game may spend and until when, above the fields, before anything is typed', async () => {
    await openLogin({ spend: { ...SPEND, expiresIn: 7 * 86_400 } });
    const consent = hook('spend-consent') as HTMLElement;
    expect(consent.textContent).toBe(
      `This game may spend up to 10 PLYR, 2.5 GAMR from your PLYR wallet until ${localTime(NOW + 7 * 86_400_000)}.`,
    );
    // Before the fields, and read out with the code field.
    const fields = hook('plyr-id') as HTMLElement;
    expect(consent.compareDocumentPosition(fields) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(input('otp').getAttribute('aria-describedby')?.split(' ')).toContain(consent.id);
  });

  it('a day by default; the text is the game’s to replace', async () => {
    await openLogin({
      spend: { tokens: [{ token: 'plyr', amount: '1' }] },
      strings: { spendConsent: 'Darf bis {until} bis zu {amounts} ausgeben.' },
    });
    expect(hook('spend-consent')?.textContent).toBe(
      `Darf bis ${localTime(NOW + 86_400_000)} bis zu 1 PLYR ausgeben.`,
    );
  });

  it('logging in approves exactly that, for that long; the game hears it as plyr:allowances', async () => {
    const { game, plyr, main } = await openLogin({ spend: { ...SPEND, expiresIn: 3600 } });
    const told: unknown[] = [];
    game.events.on('plyr:allowances', (payload: unknown) => told.push(payload));
    type(input('plyr-id'), 'demo-player');
    type(input('otp'), bed.stack.sandbox.totp('demo-player'));
    pressEnter(input('otp'));
    await waitFor(() => main.starts.length === 2, 5000, 'Main to start');
    expect(plyr.session?.plyrId).toBe('demo-player');
    const rows = bed.stack.sandbox.game.ledger().allowances;
    expect(rows.map((r) => [r.token, r.amount, r.expiresIn])).toEqual([
      ['plyr', '10', 3600],
      ['gamr', '2.5', 3600],
    ]);
    await waitFor(() => told.length === 1, 5000, 'plyr:allowances');
    expect(told[0]).toMatchObject({
      plyrId: 'demo-player',
      allowances: [
        { token: 'gamr', amount: '2.5' },
        { token: 'plyr', amount: '10' },
      ],
    });
  });

  it('PLYR[CONNECT] asks the hosted page for the same approval', async () => {
    const { plyr } = await openLogin({ spend: { ...SPEND, expiresIn: 3600 } });
    const asked: unknown[] = [];
    plyr.client.connect = (options) => {
      asked.push(options);
      return new Promise(() => {});
    };
    hook('connect')?.click();
    expect(asked).toEqual([
      {
        mode: 'popup',
        action: 'loginAndApprove',
        tokens: ['plyr', 'gamr'],
        amounts: ['10', 2.5],
        expiresIn: 3600,
      },
    ]);
  });

  it('without `spend` there is no consent line and a login approves nothing', async () => {
    const { main } = await openLogin({});
    expect(hook('spend-consent')).toBeNull();
    expect(input('otp').getAttribute('aria-describedby')?.split(' ')).toHaveLength(1);
    type(input('plyr-id'), 'demo-player');
    type(input('otp'), bed.stack.sandbox.totp('demo-player'));
    pressEnter(input('otp'));
    await waitFor(() => main.starts.length === 2, 5000, 'Main to start');
    expect(bed.stack.sandbox.game.ledger().allowances).toEqual([]);
  });
});
