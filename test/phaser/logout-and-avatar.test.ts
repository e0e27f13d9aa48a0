/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * Two plugin details: `this.plyr.logout(options)` hands its options to the client (a guest is only forgotten with
 * `{ forgetGuest: true }`), and the guest panel hides an avatar image that fails to load instead of a broken image.
 */
import { describe, expect, it } from '@jest/globals';
import { isPlyrError } from '../../src/core/errors.js';
import {
  hook,
  PHASER_VERSIONS,
  phaserTestbed,
  recordingScene,
  type TestGame,
  waitFor,
} from '../helpers/phaser-game.js';

describe.each(PHASER_VERSIONS)('logout options and the avatar fallback on %s', (_name, loadPhaser) => {
  const bed = phaserTestbed(loadPhaser);

  async function boot(): Promise<TestGame> {
    const main = recordingScene('Main');
    const tg = await bed.boot({ data: bed.data(), scenes: [main.config] });
    await waitFor(() => main.starts.length === 1);
    return tg;
  }

  it('keeps a guest on logout() and forgets it on logout({ forgetGuest: true })', async () => {
    const { game, plyr } = await boot();
    const guest = await plyr.registerGuest();
    const logouts: unknown[] = [];
    game.events.on('plyr:logout', (payload: unknown) => logouts.push(payload));

    const refused = await plyr.logout().then(
      () => null,
      (error: unknown) => error,
    );
    expect(isPlyrError(refused) && refused.code).toBe('GUEST_ACCOUNT');
    expect(plyr.session?.plyrId).toBe(guest.plyrId);

    await plyr.logout({ forgetGuest: true });
    expect(plyr.session).toBeNull();
    expect(logouts).toEqual([{ plyrId: guest.plyrId, reason: 'user' }]);
  });

  it('hides the guest avatar when its image fails to load', async () => {
    const { plyr } = await boot();
    const guest = await plyr.registerGuest();
    plyr.showGuest({ returnTo: 'Main' });
    await waitFor(() => hook('identity')?.textContent === guest.plyrId, 5000, 'the identity');
    const avatar = hook<HTMLImageElement>('avatar') as HTMLImageElement;
    expect(avatar.src).toBe(guest.avatar);
    expect(avatar.hidden).toBe(false);

    // What the browser does when the image host is out of reach (jsdom loads no images by itself).
    avatar.dispatchEvent(new Event('error'));
    expect(avatar.hidden).toBe(true);
    expect(avatar.style.display).toBe('none');
    // The rest of the identity stays.
    expect(hook('identity')?.hidden).toBe(false);
    expect(hook('identity')?.closest('[hidden]')).toBeNull();
  });
});
