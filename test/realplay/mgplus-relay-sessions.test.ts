/**
 * What the MG+ relay gives the browser and keeps for the studio's round handler, over real HTTP against the sandbox
 * MG+: MG+'s answer without the player token plus a `sessionId` the round handler's client (the same one) finds
 * the player by and plays money rounds with; the token only on opt-in (either form); opaque launch tokens go to MG+
 * as they are, and MG+ judges them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MgPlusEmulator } from '../../src/sandbox/mgplus/emulator.js';
import { createMgPlusClient, createRelayHandler, type MgPlusClient } from '../../src/server/index.js';
import { seededPlayer } from '../helpers/realplay-players.js';
import { type Started, startFetchHandler, startMgPlus } from '../helpers/realplay-servers.js';

const SECRET = 'relay-sessions-secret';
const PROVIDER = 'plyr-studio';
const GAME = 'plyr-kit-demo';
const SESSION_ID = /^[A-Za-z0-9_-]{32}$/;
/** The launch token of the guide's own authenticate example: not a JWT. */
const GUIDE_TOKEN = 'eyJhbG9hshdgjh38Gsjsk3jdl';

let mg: Started & { emulator: MgPlusEmulator };
const servers: Started[] = [];
beforeAll(async () => {
  mg = await startMgPlus({ sharedSecret: SECRET });
  servers.push(mg);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The studio's MG+ client on the sandbox (what its round handler uses). */
const studioClient = (includePlayerToken = false): MgPlusClient =>
  createMgPlusClient({
    baseUrl: mg.url,
    sharedSecret: SECRET,
    provider: PROVIDER,
    timeoutMs: 2_000,
    sessions: { includePlayerToken },
  });

async function relayOn(options: Parameters<typeof createRelayHandler>[0]): Promise<Started> {
  const started = await startFetchHandler(createRelayHandler({ rateLimit: false, ...options }));
  servers.push(started);
  return started;
}

/** The browser's launch call: status and JSON body. */
async function launch(relay: Started, launchToken: string) {
  const res = await fetch(`${relay.url}/v1/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ launchToken, game: GAME, platform: 'desktop' }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a relay sharing the round handler’s client', () => {
  let client: MgPlusClient;
  let relay: Started;
  beforeAll(async () => {
    client = studioClient();
    relay = await relayOn({ client });
  });

  it('answers a session id the round handler finds the player by, and no player token', async () => {
    const eur = seededPlayer('eur');
    const { status, body } = await launch(relay, await mg.emulator.mintLaunchToken({ player: 'eur' }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ playerId: eur.playerId, balance: eur.balance, brand: eur.brand });
    expect(body.sessionId).toMatch(SESSION_ID);
    expect(JSON.stringify(body)).not.toMatch(/playerToken/i);

    const session = await client.session(String(body.sessionId));
    expect(session).toMatchObject({
      playerId: eur.playerId,
      game: GAME,
      ip: '127.0.0.1',
      provider: PROVIDER,
      currency: eur.currency,
    });
    expect(session?.playerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(body)).not.toContain(session?.playerToken);
  });

  it('plays a round with that session: the sandbox ledger moves the bet and the win, once each', async () => {
    const eur = seededPlayer('eur');
    const { body } = await launch(relay, await mg.emulator.mintLaunchToken({ player: 'eur' }));
    const session = await client.session(String(body.sessionId));
    if (session === undefined) throw new Error('the relay opened no session in the shared client');
    const before = mg.emulator.ledger().balances[eur.playerId]!;

    const round = await client.playRound(session, { bet: 2, payout: () => 5 });

    expect(round).toMatchObject({ bet: 2, win: 5, balance: before + 3 });
    const ledger = mg.emulator.ledger();
    expect(ledger.balances[eur.playerId]).toBeCloseTo(before + 3, 8);
    const moves = ledger.entries.filter((e) => e.roundId === round.roundId);
    expect(moves.map((e) => [e.playerId, e.kind, e.change])).toEqual([
      [eur.playerId, 'debit', -2],
      [eur.playerId, 'credit', 5],
    ]);
    expect(ledger.openRounds).not.toContain(round.roundId);
  });

  it('gives each launch its own session; an id the relay never gave finds nothing', async () => {
    const first = await launch(relay, await mg.emulator.mintLaunchToken({ player: 'eur' }));
    const second = await launch(relay, await mg.emulator.mintLaunchToken({ player: 'btc' }));
    expect(first.body.sessionId).not.toBe(second.body.sessionId);
    expect((await client.session(String(second.body.sessionId)))?.playerId).toBe(
      seededPlayer('btc').playerId,
    );
    expect(await client.session('A'.repeat(32))).toBeUndefined();
  });

  it("passes the guide's opaque example token to MG+ as it is: MG+ refuses it, in MG+'s words", async () => {
    const { status, body } = await launch(relay, GUIDE_TOKEN);
    expect(status).toBe(401);
    expect(body).toEqual({
      error: { code: 'PLAYER_UNAUTHORIZED', message: 'The launch token is not valid.' },
    });
  });

  it('authenticates an opaque token minted by the sandbox, end to end', async () => {
    const opaque = seededPlayer('opaque');
    const token = await mg.emulator.mintLaunchToken({ player: 'opaque' });
    expect(token.split('.')).toHaveLength(1);
    const { status, body } = await launch(relay, token);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      playerId: opaque.playerId,
      balance: opaque.balance,
      balanceInfo: { currency: 'vnd', currencyTruncation: 1000 },
    });
    expect((await client.session(String(body.sessionId)))?.playerId).toBe(opaque.playerId);
  });

  it.each([
    ['an expired launch token', { expired: true }, 'The launch token has expired.'],
    ['a locked player', { player: 'locked' }, 'The player account is locked.'],
  ])(
    "passes MG+'s PLAYER_UNAUTHORIZED for %s with MG+'s status and message",
    async (_name, mint, message) => {
      const { status, body } = await launch(relay, await mg.emulator.mintLaunchToken(mint));
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: 'PLAYER_UNAUTHORIZED', message } });
    },
  );

  it("passes MG+'s SERVER_UNAUTHORIZED (wrong shared secret) with MG+'s status and message", async () => {
    const wrong = await relayOn({ baseUrl: mg.url, sharedSecret: 'not-the-secret', provider: PROVIDER });
    const { status, body } = await launch(wrong, await mg.emulator.mintLaunchToken());
    expect(status).toBe(401);
    expect(body).toEqual({
      error: { code: 'SERVER_UNAUTHORIZED', message: 'X-HMAC-Signature does not match the request body.' },
    });
  });
});

describe('the player-token opt-in', () => {
  it('passPlayerToken (the relay’s own client) hands the token MG+ issued, which MG+ honours', async () => {
    const relay = await relayOn({
      baseUrl: mg.url,
      sharedSecret: SECRET,
      provider: PROVIDER,
      passPlayerToken: true,
    });
    const eur = seededPlayer('eur');
    const { status, body } = await launch(relay, await mg.emulator.mintLaunchToken({ player: 'eur' }));
    expect(status).toBe(200);
    expect(body.sessionId).toMatch(SESSION_ID);
    expect(body.playerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // A real MG+ token for this player: a balance call with it, from another client, is answered.
    const session = {
      playerId: eur.playerId,
      playerToken: String(body.playerToken),
      game: GAME,
      ip: '127.0.0.1',
    };
    expect((await studioClient().balance(session)).balance).toBe(mg.emulator.ledger().balances[eur.playerId]);
  });

  it('without the opt-in the relay’s own client keeps the token', async () => {
    const relay = await relayOn({ baseUrl: mg.url, sharedSecret: SECRET, provider: PROVIDER });
    const { body } = await launch(relay, await mg.emulator.mintLaunchToken());
    expect(body.sessionId).toMatch(SESSION_ID);
    expect(JSON.stringify(body)).not.toMatch(/playerToken/i);
  });

  it('sessions.includePlayerToken on a shared client hands the token its session holds', async () => {
    const client = studioClient(true);
    const relay = await relayOn({ client });
    const { body } = await launch(relay, await mg.emulator.mintLaunchToken());
    const session = await client.session(String(body.sessionId));
    expect(body.playerToken).toBe(session?.playerToken);
    expect(body.playerToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
