/**
 * A signing endpoint set up for another game (its keys and `gameId`) signs players in to that game: the client
 * refuses such a session with `GAME_MISMATCH` and keeps nothing (no session, no event, no stored record).
 * The sandbox's second game (`other-game`) plays the other game, over loopback.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { isPlyrError, type PlyrClient } from '../../src/index.js';
import { type CoreEnv, startCoreEnv, storedRecord } from '../helpers/core-fixture.js';

let env: CoreEnv;
beforeEach(async () => {
  env = await startCoreEnv();
});
afterEach(async () => {
  await env.close();
});

/** A client of the sandbox's main game whose signer holds the other game's keys. */
async function clientWithOtherGamesSigner(): Promise<{ client: PlyrClient; events: string[] }> {
  const other = env.sandbox.games.find((game) => game.gameId !== env.sandbox.gameId);
  if (!other) throw new Error('expected a second sandbox game');
  const signer = await env.extraSigner({ ...other, mode: 'relay' });
  const client = env.client({ signer });
  await client.ready;
  const events: string[] = [];
  client.on('login', () => events.push('login'));
  client.on('session', () => events.push('session'));
  return { client, events };
}

it.each([
  ['a 2FA login', (client: PlyrClient) => client.login({ plyrId: 'demo-player', otp: env.otp() })],
  ['a guest registration', (client: PlyrClient) => client.registerGuest()],
])('%s signed for another game is GAME_MISMATCH, and no session is kept', async (_name, signIn) => {
  const { client, events } = await clientWithOtherGamesSigner();
  const error = await signIn(client).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isPlyrError(error, 'GAME_MISMATCH')).toBe(true);
  // The message names both games and the fix (the developer reads it in the console).
  expect((error as Error).message).toContain(`"${env.sandbox.gameId}"`);
  expect((error as Error).message).toMatch(/same gameId/);
  expect([client.session, events, await storedRecord(env)]).toEqual([null, [], undefined]);
});
