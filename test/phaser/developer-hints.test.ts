/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * Refusals a developer can fix (the page's origin, another game's signer, a signer in the other mode) are explained
 * in the console with their cause and fix, while the player reads the scene's friendly text. Real Phaser, the real
 * signing endpoint and the sandbox over loopback.
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals';
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

describe.each(PHASER_VERSIONS)('developer hints on %s', (_name, loadPhaser) => {
  const bed = phaserTestbed(loadPhaser);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterEach(() => {
    warn.mockClear();
  });

  /** Opens the login panel with `data`, logs in with a current code, and returns what the player read. */
  async function logIn(data: PlyrPluginData): Promise<string> {
    const title = recordingScene('Title');
    const tg = await bed.boot({ data, scenes: [title.config] });
    await waitFor(() => title.starts.length === 1);
    tg.plyr.showLogin({ returnTo: 'Title' });
    await waitForHook('plyr-id');
    type(input('plyr-id'), 'demo-player');
    type(input('otp'), bed.stack.sandbox.totp('demo-player'));
    pressEnter(input('otp'));
    return errorText();
  }
  /** The hints logged (the hint text is a chunk of its own, loaded on the first refusal). */
  const hints = async (): Promise<string> => {
    await waitFor(() => warn.mock.calls.length > 0, 5000, 'a console hint');
    return warn.mock.calls.map((call) => String(call[0])).join('\n');
  };

  it('an origin the endpoint does not allow: the console names the origin and `origins`', async () => {
    const signer = await bed.stack.signer({ origins: ['https://game.example'] });
    // Node's fetch sends no Origin: say the page's, as a browser would.
    const text = await logIn(
      bed.data({
        signer: { url: signer, headers: { origin: 'http://localhost:5173' } },
        developerHints: true,
      }),
    );
    expect(text).toBe(DEFAULT_STRINGS.errorSignerRejected);
    expect(await hints()).toMatch(/ORIGIN_NOT_ALLOWED/);
    expect(await hints()).toMatch(/`origins`/);
    expect(await hints()).toMatch(/plyr-kit\/vite/);
  });

  it("another game's signer: GAME_MISMATCH, a friendly line for the player, the fix in the console", async () => {
    const other = bed.stack.sandbox.games.find((game) => game.gameId !== bed.stack.sandbox.gameId);
    const signer = await bed.stack.signer({ ...other });
    const text = await logIn(bed.data({ signer, developerHints: true }));
    expect(text).toBe(DEFAULT_STRINGS.errorGameMismatch);
    expect(await hints()).toMatch(/same gameId/);
  });

  it('a sign-mode client against a relay endpoint: the console explains the signer modes', async () => {
    const text = await logIn(
      bed.data({ signer: { url: bed.stack.signerUrl, mode: 'sign' }, developerHints: true }),
    );
    expect(text).toBe(DEFAULT_STRINGS.errorSignerRejected);
    expect(await hints()).toMatch(/relay mode/);
  });

  it('no endpoint mounted at the signer URL (a 404 from whatever serves there): the console asks about the Vite config', async () => {
    // The sandbox answers a path it does not know as Koa does: a plain-text 404, as Vite does without the plugin.
    const signer = `${bed.stack.sandbox.url}/plyr/relay`;
    const text = await logIn(bed.data({ signer, developerHints: true }));
    expect(text).toBe(DEFAULT_STRINGS.errorSignerUnreachable);
    const logged = await hints();
    expect(logged).toContain(`signing endpoint not found at ${signer} (HTTP 404)`);
    expect(logged).toMatch(/is plyrKit\(\) in the Vite config that `npm run dev` uses\?/);
    expect(logged).toMatch(/vite\/config\.dev\.mjs/);
  });

  it('says nothing in the console when hints are off (a production page)', async () => {
    const signer = await bed.stack.signer({ origins: ['https://game.example'] });
    await logIn(
      bed.data({
        signer: { url: signer, headers: { origin: 'http://localhost:5173' } },
        developerHints: false,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warn).not.toHaveBeenCalled();
  });
});
