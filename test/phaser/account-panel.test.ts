/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * The account panel (`showGuest` of a full account): what this game may spend, read when it opens and kept current
 * by the client's `allowances` event, and Revoke with a 2FA code typed in the panel (keyboard and pointer). Against
 * the sandbox through the real signing endpoint.
 */
import { describe, expect, it } from '@jest/globals';
import type { PlyrClient } from '../../src/index.js';
import { DEFAULT_STRINGS, type PlyrPluginData } from '../../src/phaser/index.js';
import {
  errorText,
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
/** What each listed allowance says. */
const lines = () => [...document.querySelectorAll('[data-plyr="allowance"] p')].map((p) => p.textContent);
const revokeButtons = () =>
  [...document.querySelectorAll<HTMLButtonElement>('[data-plyr="revoke"]')].map((b) => b.textContent);
const localTime = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

describe.each(PHASER_VERSIONS)('account panel on %s', (_name, loadPhaser) => {
  const bed = phaserTestbed(loadPhaser);
  /** Three different codes the sandbox takes now (the previous, current and next 30 s step). */
  const codes = () => [0, 30_000, -30_000].map((d) => bed.stack.sandbox.totp('demo-player', Date.now() + d));

  /** Signs demo-player in (approving `amounts` of plyr and gamr unless empty) and opens the account panel. */
  async function openAccount(
    amounts: Array<number | string> = ['10', '2.5'],
    extra: Partial<PlyrPluginData> = {},
  ) {
    const main = recordingScene('Main');
    const tg = await bed.boot({ data: bed.data(extra), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    const [otp] = codes();
    const client: PlyrClient = tg.plyr.client;
    const session =
      amounts.length === 0
        ? await client.login({ plyrId: 'demo-player', otp: otp as string })
        : await client.loginAndApprove({
            plyrId: 'demo-player',
            otp: otp as string,
            tokens: ['plyr', 'gamr'].slice(0, amounts.length),
            amounts,
            expiresIn: 3600,
          });
    tg.plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent === 'demo-player', 5000, 'the account');
    return { ...tg, main, session };
  }

  it('lists what this game may spend, each with Revoke, and Revoke all', async () => {
    const { session } = await openAccount();
    await waitFor(() => lines().length === 2, 5000, 'the allowances');
    const until = localTime((session.issuedAt ?? 0) + 3600_000);
    expect(lines()).toEqual([`Up to 2.5 GAMR, until ${until}`, `Up to 10 PLYR, until ${until}`]);
    expect(revokeButtons()).toEqual(['Revoke GAMR', 'Revoke PLYR']);
    expect(hook('revoke-all')?.hidden).toBe(false);
    expect(hook('revoke-form')?.hidden).toBe(true);
    // Between the identity and Log out, labelled by its heading.
    const block = hook('allowances-block') as HTMLElement;
    expect(block.nextElementSibling).toBe(hook('logout'));
    const heading = document.getElementById(block.getAttribute('aria-labelledby') ?? '');
    expect(heading?.textContent).toBe(DEFAULT_STRINGS.allowancesTitle);
  });

  it("is headed as the player's account, not as a guest's", async () => {
    await openAccount([]);
    expect(hook('title')?.textContent).toBe(DEFAULT_STRINGS.accountTitle);
    expect(hook('title')?.closest('form')?.getAttribute('aria-label')).toBe(DEFAULT_STRINGS.accountTitle);
    expect(document.body.textContent).not.toContain(DEFAULT_STRINGS.guestTitle);
  });

  it('revokes one token with a code typed in the panel: a wrong code is explained there, the right one revokes', async () => {
    await openAccount();
    const [, code, wrongBase] = codes();
    await waitFor(() => revokeButtons().length === 2, 5000, 'the allowances');
    (document.querySelectorAll<HTMLButtonElement>('[data-plyr="revoke"]')[1] as HTMLButtonElement).click();
    const form = await waitForHook('revoke-form');
    expect(hook('revoke-prompt')?.textContent).toBe(
      'To stop this game spending PLYR, enter the code from your authenticator app.',
    );
    expect(document.activeElement).toBe(input('revoke-otp'));
    // A code of the wrong shape is checked here; a wrong code by the platform. Both show beside the field.
    type(input('revoke-otp'), '12 3');
    pressEnter(input('revoke-otp'));
    expect(hook('error')?.textContent).toBe(DEFAULT_STRINGS.errorOtpFormat);
    expect(form.contains(hook('error'))).toBe(true);
    const wrong = String((Number(wrongBase) + 500_000) % 1_000_000).padStart(6, '0');
    type(input('revoke-otp'), wrong);
    hook('revoke-confirm')?.click();
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorInvalidOtp);
    expect(input('revoke-otp').value).toBe('');
    expect(input('revoke-otp').getAttribute('aria-invalid')).toBe('true');
    expect(bed.stack.sandbox.game.ledger().allowances).toHaveLength(2);

    type(input('revoke-otp'), code as string);
    pressEnter(input('revoke-otp'));
    await waitFor(
      () => hook('allowances-status')?.textContent === 'Done: this game can no longer spend PLYR.',
    );
    expect(lines()).toEqual([expect.stringMatching(/^Up to 2\.5 GAMR, until /)]);
    expect(hook('revoke-all')?.hidden).toBe(true);
    expect(hook('revoke-form')?.hidden).toBe(true);
    expect(document.activeElement).toBe(hook('allowances-status'));
    // The error line is back in its place in the panel.
    expect(hook('revoke-form')?.contains(hook('error'))).toBe(false);
    expect(bed.stack.sandbox.game.ledger().allowances.map((r) => r.token)).toEqual(['gamr']);
  });

  it('Revoke all takes back every token; then the panel says the game cannot spend', async () => {
    await openAccount();
    const [, code] = codes();
    (await waitForHook('revoke-all')).click();
    expect(hook('revoke-prompt')?.textContent).toContain('spending from your PLYR wallet');
    type(input('revoke-otp'), code as string);
    hook('revoke-confirm')?.click();
    await waitFor(() => hook('allowances')?.hidden === true, 5000, 'the list to go');
    expect(hook('allowances-status')?.textContent).toBe(
      'Done: this game can no longer spend from your PLYR wallet.',
    );
    expect(bed.stack.sandbox.game.ledger().allowances).toEqual([]);
  });

  it('Cancel closes the code field and leaves everything as it was', async () => {
    await openAccount();
    await waitFor(() => revokeButtons().length === 2);
    (document.querySelector('[data-plyr="revoke"]') as HTMLButtonElement).click();
    await waitForHook('revoke-form');
    hook('revoke-cancel')?.click();
    expect(hook('revoke-form')?.hidden).toBe(true);
    expect(hook('revoke-form')?.contains(hook('error'))).toBe(false);
    expect(bed.stack.sandbox.game.ledger().allowances).toHaveLength(2);
  });

  it('follows changes made elsewhere (the allowances event)', async () => {
    const { plyr } = await openAccount(['10']);
    await waitFor(() => lines().length === 1);
    const [, code] = codes();
    await plyr.client.revoke({ otp: code as string, token: 'all' });
    await waitFor(() => hook('allowances-status')?.textContent === DEFAULT_STRINGS.noAllowances);
    expect(hook('allowances')?.hidden).toBe(true);
  });

  it('an account without allowances says the game cannot spend; texts are the game’s to replace', async () => {
    await openAccount([], { strings: { noAllowances: 'Nichts freigegeben.', allowancesTitle: 'Ausgaben' } });
    await waitFor(() => hook('allowances-status')?.textContent === 'Nichts freigegeben.');
    expect(hook('allowances-block')?.querySelector('h3')?.textContent).toBe('Ausgaben');
    expect(hook('revoke-all')?.hidden).toBe(true);
  });

  it('a failed read is explained in the panel', async () => {
    bed.stack.sandbox.injectFault({ path: '/api/game/allowanceByGameId', status: 500, body: { error: 'x' } });
    await openAccount([]);
    expect(await errorText()).toBe(DEFAULT_STRINGS.errorServer);
    expect(hook('allowances-status')?.hidden).toBe(true);
  });

  it('a guest sees no allowances block', async () => {
    const main = recordingScene('Main');
    const tg = await bed.boot({ data: bed.data(), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    tg.plyr.showGuest({ returnTo: 'Main' });
    await waitForHook('claim');
    expect(hook('allowances-block')).toBeNull();
  });
});
