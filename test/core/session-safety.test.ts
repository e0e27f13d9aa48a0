/**
 * Session-safety guards found by a manual mutation-testing pass: behaviour no other test pinned down. A guest is
 * kept through JWT errors, a full account is not; late answers about an older session never end a newer one; a
 * restore never overwrites a fresher login; a guest's storage write is awaited; logout outcomes; tab messages are
 * checked and scoped to one game; stored records of another version are read. Platform: the sandbox over
 * loopback through the real signing endpoint; IndexedDB is fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { set } from 'idb-keyval';
import type { PlyrEvents, Session, SessionStorageAdapter } from '../../src/index.js';
import {
  nextEvent,
  recordKeyOf,
  sessionIdb,
  storedRecord,
  until,
  useCoreEnv,
} from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';

const env = useCoreEnv();

/** Collects the logout reasons a client emits. */
function logouts(client: { on: (e: 'logout', l: (p: PlyrEvents['logout']) => void) => unknown }) {
  const reasons: string[] = [];
  client.on('logout', ({ reason }) => reasons.push(reason));
  return reasons;
}

describe('JWT errors: a guest is kept, a full account ends', () => {
  it('a guest whose JWT the platform calls expired is kept (and stays stored)', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    const reasons = logouts(client);
    env.clock.ms = (guest.expiresAt ?? 0) + 1000;
    const error = await rejection(client.verifySession());
    expect(error.code).toBe('SESSION_EXPIRED');
    expect(client.session).toEqual(guest);
    expect(reasons).toEqual([]);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('a guest is kept when the platform calls its JWT invalid', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    const reasons = logouts(client);
    env.sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 401,
      body: { error: 'JWT and API key mismatch' },
      times: 1,
    });
    expect((await rejection(client.verifySession())).code).toBe('INVALID_JWT');
    expect(client.session).toEqual(guest);
    expect(reasons).toEqual([]);
  });

  it('a full account whose JWT the platform calls invalid is ended with reason expired', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    const reasons = logouts(client);
    env.sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 401,
      body: { error: 'JWT and API key mismatch' },
      times: 1,
    });
    expect((await rejection(client.verifySession())).code).toBe('INVALID_JWT');
    expect(client.session).toBeNull();
    expect(reasons).toEqual(['expired']);
  });
});

describe('late answers never end a newer session', () => {
  it('a revocation of the old session that arrives after a new login leaves the new session alone', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 401,
      body: { error: 'JWT nonce is expired' },
      delayMs: 300,
      times: 1,
    });
    const verifying = rejection(client.verifySession());
    const newer = await client.login({ plyrId: 'second-player', otp: env.otp('second-player') });
    expect((await verifying).code).toBe('SESSION_REVOKED');
    expect(client.session).toEqual(newer);
  });

  it('a restore that finishes after a login does not overwrite it', async () => {
    // A stored session of another player, read by a storage adapter that answers only when released.
    const old = await env
      .client({ storage: 'memory', syncTabs: false })
      .login({ plyrId: 'second-player', otp: env.otp('second-player') });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const adapter: SessionStorageAdapter = {
      get: async () => {
        await released;
        return { v: 1, session: old };
      },
      set: async () => undefined,
      del: async () => undefined,
    };
    const client = env.client({ storage: adapter, syncTabs: false, verifyOnRestore: false });
    const login = client.login({ plyrId: 'demo-player', otp: env.otp() });
    // The login has its answer and is being stored (a write reads the record first: it waits for the release too).
    await until(() => client.session !== null);
    release();
    const fresh = await login;
    expect(await client.ready).toEqual(fresh);
    expect(client.session).toEqual(fresh);
  });

  it('a logout whose answer arrives after a new login keeps the new session', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sandbox.injectFault({ path: '/api/user/logout', delayMs: 300, times: 1 });
    const loggingOut = client.logout();
    const newer = await client.login({ plyrId: 'second-player', otp: env.otp('second-player') });
    await loggingOut;
    expect(client.session).toEqual(newer);
  });
});

describe('a guest is stored before registerGuest resolves', () => {
  it('waits for a slow storage write', async () => {
    const records = new Map<string, unknown>();
    const slow: SessionStorageAdapter = {
      get: async (key) => records.get(key),
      set: async (key, value) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        records.set(key, value);
      },
      del: async (key) => void records.delete(key),
    };
    const client = env.client({ storage: slow, syncTabs: false });
    await client.ready;
    const guest = await client.registerGuest();
    expect(records.get(recordKeyOf(env))).toEqual({ v: 1, session: guest });
  });
});

describe('logout outcomes', () => {
  it('logging out a session already past exp resolves and forgets it', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    env.clock.advance(61_000);
    await expect(client.logout()).resolves.toBeUndefined();
    expect(client.session).toBeNull();
  });

  it('a platform failure during logout is reported, and the player is still logged out locally', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sandbox.injectFault({ path: '/api/user/logout', status: 503, times: 1 });
    const error = await rejection(client.logout());
    expect(error.code).toBe('SERVER');
    expect(client.session).toBeNull();
  });

  it('a logout of a session revoked elsewhere is reported as the user logging out', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    const reasons = logouts(client);
    await client.logout();
    expect(reasons).toEqual(['user']);
  });
});

describe('tab messages', () => {
  it('a message whose session is malformed is ignored', async () => {
    const client = env.client();
    await client.ready;
    const heard: unknown[] = [];
    client.on('session', (event) => heard.push(event));
    const channel = new BroadcastChannel(`plyr-kit:${recordKeyOf(env)}`);
    try {
      channel.postMessage({ session: { plyrId: 'demo-player', sessionJwt: 'not-a-jwt' }, method: 'otp' });
      // A well-formed message after it shows the channel delivered both.
      const valid = await env
        .client({ storage: 'memory', syncTabs: false })
        .login({ plyrId: 'demo-player', otp: env.otp() });
      const next = nextEvent(client, 'session');
      channel.postMessage({ session: valid, method: 'otp' });
      expect((await next).session).toEqual(valid);
      expect(heard).toEqual([{ session: valid }]);
    } finally {
      channel.close();
    }
  });

  it("another game's client on the same platform hears nothing", async () => {
    const other = env.client({ gameId: 'other-game' });
    const mine = env.client();
    const peer = env.client();
    await Promise.all([other.ready, mine.ready, peer.ready]);
    let heard = false;
    other.on('session', () => {
      heard = true;
    });
    const reached = nextEvent(peer, 'login');
    await mine.login({ plyrId: 'demo-player', otp: env.otp() });
    await reached;
    expect(heard).toBe(false);
    expect(other.session).toBeNull();
  });
});

describe('destroy', () => {
  it('a client destroyed before its restore finishes restores nothing', async () => {
    const first = env.client();
    await first.login({ plyrId: 'demo-player', otp: env.otp() });
    await until(async () => (await storedRecord(env)) !== undefined);
    first.destroy();
    const client = env.client();
    client.destroy();
    expect(await client.ready).toBeNull();
    expect(client.session).toBeNull();
  });
});

describe('stored records', () => {
  it('a record of another version that holds a session JWT is read and rewritten, not removed', async () => {
    const first = env.client();
    const session: Session = await first.login({ plyrId: 'demo-player', otp: env.otp() });
    await until(async () => (await storedRecord(env)) !== undefined);
    first.destroy();
    await set(recordKeyOf(env), { v: 2, session }, sessionIdb());
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(session);
    expect(await storedRecord(env)).toEqual({ v: 1, session });
  });
});

describe('local JWT verification', () => {
  it('refuses a genuine platform JWT of another game', async () => {
    const [, otherGame] = env.sandbox.games;
    if (!otherGame) throw new Error('the sandbox has a second game');
    const signer = await env.extraSigner({
      gameId: otherGame.gameId,
      apiKey: otherGame.apiKey,
      secretKey: otherGame.secretKey,
    });
    const foreign = await env
      .client({ gameId: otherGame.gameId, signer, storage: 'memory', syncTabs: false })
      .login({ plyrId: 'demo-player', otp: env.otp() });
    const client = env.client({ storage: 'memory', syncTabs: false });
    const error = await rejection(client.verifyJwtLocally(foreign.sessionJwt));
    expect(error.code).toBe('INVALID_JWT');
    expect(error.message).not.toMatch(/eyJ/);
  });

  it('a failed public-key fetch is not cached: the next verification fetches it again', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sandbox.injectFault({ path: '/api/jwt/publicKey', status: 503, times: 1 });
    expect((await rejection(client.verifyJwtLocally())).code).toBe('SERVER');
    await expect(client.verifyJwtLocally()).resolves.toMatchObject({ plyrId: 'demo-player' });
  });
});

describe('the background check after a restore', () => {
  it('a session it ends is told as a logout only, never also as an error', async () => {
    await env.client().login({ plyrId: 'demo-player', otp: env.otp() });
    await until(async () => (await storedRecord(env)) !== undefined);
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    const client = env.client({ syncTabs: false });
    const events: string[] = [];
    client.on('logout', ({ reason }) => events.push(`logout:${reason}`));
    client.on('error', (e) => events.push(`error:${e.code}`));
    const logout = nextEvent(client, 'logout');
    await client.ready;
    await logout;
    // Let the background check's rejection settle (it follows the logout within a few turns).
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['logout:revoked']);
  });
});
