/** @jest-environment ./test/helpers/phaser-environment.mjs */
import { describe, expect, it } from '@jest/globals';
import type { PlyrClient } from '../../src/core/types.js';
import { createPlyr } from '../../src/index.js';
import { PHASER_VERSIONS, phaserTestbed } from '../helpers/phaser-game.js';

// The fastest restore creates the client before the game (its IndexedDB read then does not wait behind Phaser's
// boot): scenes must still get `plyr:ready`, exactly once, whether the client was ready before the plugin started.
describe.each(PHASER_VERSIONS)(
  'plyr:ready with a client made before the game, on %s',
  (_name, loadPhaser) => {
    const bed = phaserTestbed(loadPhaser);
    const stored = new Map<string, unknown>();
    const storage = {
      get: async (key: string) => stored.get(key),
      set: async (key: string, value: unknown) => void stored.set(key, value),
      del: async (key: string) => void stored.delete(key),
    };
    const options = () => ({
      gameId: bed.stack.sandbox.gameId,
      signer: bed.stack.signerUrl,
      apiBase: bed.stack.sandbox.url,
      storage,
      syncTabs: false,
      verifyOnRestore: false,
    });

    /** Boots a game around `client`; resolves to the `plyr:ready` payloads the game saw. */
    async function boot(client: PlyrClient): Promise<unknown[]> {
      const seen: unknown[] = [];
      await bed.boot({
        data: { client },
        preBoot: (game) => game.events.on('plyr:ready', (payload: unknown) => seen.push(payload)),
      });
      await client.ready;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return seen;
    }

    it('re-tells ready to the game once when the client was ready (with a stored session) before the plugin started', async () => {
      const first = createPlyr(options());
      const guest = await first.registerGuest();
      first.destroy();
      const client = createPlyr(options());
      const session = await client.ready;
      expect(session?.plyrId).toBe(guest.plyrId);
      const seen = await boot(client);
      expect(seen).toEqual([{ session }]);
      client.destroy();
    });

    it('forwards ready once when the client becomes ready after the plugin started', async () => {
      stored.clear();
      const client = createPlyr(options());
      const seen = await boot(client);
      expect(seen).toEqual([{ session: null }]);
      client.destroy();
    });
  },
);
