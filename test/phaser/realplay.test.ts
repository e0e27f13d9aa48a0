/** @jest-environment ./test/helpers/phaser-environment.mjs */
/**
 * `this.plyr.realPlay` in a real Phaser game: the plugin holds the MG+ real-play client given in its data,
 * authenticates a sandbox launch through the MG+ relay on loopback (no PLYR sign-in), and re-emits the client's
 * events on `game.events`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { PlyrError } from '../../src/core/errors.js';
import type { PlyrPluginData } from '../../src/phaser/index.js';
import { createRealPlay, type RealPlay, type RealPlayOptions } from '../../src/realplay/index.js';
import { MGPLUS_SANDBOX_GAME } from '../../src/sandbox/mgplus/emulator.js';
import { MGPLUS_SANDBOX_PLAYERS } from '../../src/sandbox/mgplus/players.js';
import {
  createMgPlusClient,
  createRelayHandler,
  type MgPlusClient,
  type RelayHandlerOptions,
  toNodeListener,
} from '../../src/server/index.js';
import {
  bootGame,
  PHASER_VERSIONS,
  type PhaserModule,
  recordingScene,
  type Stack,
  startStack,
  type TestGame,
  waitFor,
} from '../helpers/phaser-game.js';
import { rejection } from '../helpers/rejection.js';

const PROVIDER = 'plyr-kit';
const EUR = MGPLUS_SANDBOX_PLAYERS.find((p) => p.label === 'eur');

let stack: Stack;
/** The studio's MG+ client: the relay opens sessions in it, its round handler finds them by `sessionId`. */
let studio: MgPlusClient;
const relayServers: Server[] = [];
let relayUrl: string;

/** A relay under /mg on loopback; its URL. */
async function startRelay(options: RelayHandlerOptions): Promise<string> {
  const server = createServer(
    toNodeListener(createRelayHandler({ allowedGames: [MGPLUS_SANDBOX_GAME], basePath: '/mg', ...options })),
  );
  relayServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mg`;
}

beforeAll(async () => {
  stack = await startStack();
  studio = createMgPlusClient({
    baseUrl: stack.sandbox.url,
    sharedSecret: stack.sandbox.mgplus.sharedSecret,
    signatureEncoding: stack.sandbox.mgplus.signatureEncoding,
    provider: PROVIDER,
  });
  relayUrl = await startRelay({ client: studio });
});
afterAll(async () => {
  for (const server of relayServers) server.closeAllConnections();
  await Promise.all(
    relayServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  await stack.close();
});

describe.each(PHASER_VERSIONS)('this.plyr.realPlay on %s', (_name, loadPhaser) => {
  let Phaser: PhaserModule;
  let tg: TestGame | null = null;

  beforeEach(async () => {
    Phaser = await loadPhaser();
  });
  afterEach(async () => {
    await tg?.destroy();
    tg = null;
  });

  const realPlayClient = (extra: Partial<RealPlayOptions> = {}): RealPlay =>
    createRealPlay({
      relay: relayUrl,
      provider: PROVIDER,
      game: MGPLUS_SANDBOX_GAME,
      platform: 'desktop',
      locale: 'en-US',
      ...extra,
    });

  async function boot(extra: Partial<PlyrPluginData> = {}): Promise<TestGame> {
    const main = recordingScene('Main');
    tg = await bootGame(Phaser, {
      data: stack.data(extra),
      scenes: [main.config],
    });
    await waitFor(() => main.starts.length === 1);
    return tg;
  }

  it('authenticates a launch from the page URL through the relay, without a PLYR sign-in', async () => {
    if (!EUR) throw new Error('the sandbox has no eur player');
    const launchToken = await stack.sandbox.mgplus.mintLaunchToken({ player: 'eur' });
    const { game, plyr } = await boot({
      realPlay: realPlayClient({
        url: stack.sandbox.mgplus.launchUrl(launchToken, 'https://game.example/'),
      }),
    });
    const authenticated: unknown[] = [];
    game.events.on('plyr:realplay:authenticated', (payload: unknown) => authenticated.push(payload));

    const player = await plyr.realPlay.authenticate();
    expect(player).toMatchObject({
      playerId: EUR.playerId,
      currency: 'eur',
      currencyTruncation: 1,
      balance: EUR.balance,
    });
    expect(plyr.realPlay.formatBalance()).toBe('€1,000.50');
    expect(plyr.realPlay.betLimits()).toEqual({ min: 0.1, max: 100, default: 1 });
    expect(plyr.realPlay.bet).toBe(1);
    expect(plyr.realPlay.playerToken).toBeNull();
    expect(plyr.realPlay.sessionId).toEqual(expect.any(String));
    expect(authenticated).toEqual([{ player }]);
    // One client for the game's life, and real play never signed anyone in to PLYR.
    expect(plyr.realPlay).toBe(plyr.realPlay);
    expect(plyr.session).toBeNull();
  });

  it('rejects an expired or forged launch token (MG+ decides) with a typed error, re-emitted as plyr:realplay:error', async () => {
    const { game, plyr } = await boot({ realPlay: realPlayClient() });
    const errors: unknown[] = [];
    game.events.on('plyr:realplay:error', (payload: unknown) => errors.push(payload));

    const expired = await stack.sandbox.mgplus.mintLaunchToken({ player: 'eur', expired: true });
    const stale = await rejection(plyr.realPlay.authenticate(expired));
    expect(stale).toMatchObject({ code: 'PLAYER_UNAUTHORIZED', status: 401 });

    const forged = await stack.sandbox.mgplus.mintLaunchToken({ player: 'eur', invalid: true });
    const refused = await rejection(plyr.realPlay.authenticate(forged));
    expect(refused.code).toBe('PLAYER_UNAUTHORIZED');

    expect(errors).toEqual([stale, refused]);
    expect(plyr.realPlay.player).toBeNull();
  });

  it("exposes the relay's sessionId, and the player token only when the relay passes it", async () => {
    const { plyr } = await boot({ realPlay: realPlayClient() });
    await plyr.realPlay.authenticate(await stack.sandbox.mgplus.mintLaunchToken({ player: 'eur' }));
    expect((await studio.session(plyr.realPlay.sessionId!))?.playerId).toBe(EUR?.playerId);
    expect(plyr.realPlay.playerToken).toBeNull();

    const passing = await startRelay({
      baseUrl: stack.sandbox.url,
      sharedSecret: stack.sandbox.mgplus.sharedSecret,
      signatureEncoding: stack.sandbox.mgplus.signatureEncoding,
      provider: PROVIDER,
      passPlayerToken: true,
    });
    const opted = realPlayClient({ relay: passing });
    await opted.authenticate(await stack.sandbox.mgplus.mintLaunchToken({ player: 'eur' }));
    expect(opted.sessionId).toEqual(expect.any(String));
    expect(opted.playerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('stops re-emitting while the plugin is stopped, and resumes when it starts again', async () => {
    const { game, plyr } = await boot({ realPlay: realPlayClient() });
    const errors: PlyrError[] = [];
    game.events.on('plyr:realplay:error', (payload: PlyrError) => errors.push(payload));
    game.plugins.stop('plyr');
    // Made while stopped: it must not forward either.
    const realPlay = plyr.realPlay;
    await rejection(realPlay.authenticate('not a token'));
    expect(errors).toEqual([]);
    game.plugins.start('plyr');
    const error = await rejection(realPlay.authenticate('not a token'));
    expect(errors).toEqual([error]);
  });

  it('says how to configure real play when the plugin data has none', async () => {
    const { plyr } = await boot();
    expect(() => plyr.realPlay).toThrow(
      /real play is not configured.*realPlay: createRealPlay\(\{ relay, provider, game \}\)/,
    );
  });
});
