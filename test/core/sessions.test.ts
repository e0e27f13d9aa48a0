/**
 * Session life across client instances and tabs: restore (0 requests before `ready`, then a background check),
 * revoked/expired/claimed sessions, guests surviving 5xx and timeouts, corrupt records, IndexedDB failing, and
 * two clients on one BroadcastChannel. IndexedDB is fake-indexeddb; the platform is the sandbox over loopback.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { set } from 'idb-keyval';
import type { PlyrClient, PlyrError, SessionStorageAdapter } from '../../src/index.js';
import {
  type CoreEnv,
  nextEvent,
  recordKeyOf,
  sessionIdb,
  storedRecord,
  until,
  useCoreEnv,
} from '../helpers/core-fixture.js';

const env = useCoreEnv();

const platformPaths = () =>
  env.sent.filter((r) => r.url.startsWith(env.sandbox.url)).map((r) => new URL(r.url).pathname);

/** Starts a client and records what happened up to `ready`: events and how many requests were sent. */
function startClient(options: Parameters<CoreEnv['client']>[0] = {}) {
  env.sent.length = 0;
  const client = env.client(options);
  const log: string[] = [];
  let sentBeforeReady = -1;
  client.on('login', ({ method }) => log.push(`login:${method}`));
  client.on('logout', ({ reason }) => log.push(`logout:${reason}`));
  client.on('guest:claimed', () => log.push('guest:claimed'));
  client.on('error', (e) => log.push(`error:${e.code}`));
  client.on('ready', ({ session }) => {
    sentBeforeReady = env.sent.length;
    log.push(`ready:${session ? session.plyrId : 'none'}`);
  });
  return { client, log, sentBeforeReady: () => sentBeforeReady };
}

describe('restore', () => {
  it('restores the session in a new client instance with 0 requests before ready, then verifies it', async () => {
    const first = env.client();
    const session = await first.login({ plyrId: 'demo-player', otp: env.otp() });
    first.destroy();

    const { client, log, sentBeforeReady } = startClient();
    expect(await client.ready).toEqual(session);
    expect(sentBeforeReady()).toBe(0);
    expect(log).toEqual(['login:restore', 'ready:demo-player']);
    await until(() => platformPaths().includes('/api/user/session/verify'));
    await client.verifySession();
    expect(client.session).toEqual(session);
  });

  it('a session revoked while away ends after ready with reason revoked (and no error event)', async () => {
    await env.client().login({ plyrId: 'demo-player', otp: env.otp() });
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    const { client, log } = startClient({ syncTabs: false });
    const logout = nextEvent(client, 'logout');
    expect((await client.ready)?.plyrId).toBe('demo-player');
    expect(await logout).toEqual({ plyrId: 'demo-player', reason: 'revoked' });
    expect(log).toEqual(['login:restore', 'ready:demo-player', 'logout:revoked']);
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('a session past exp is dropped locally: no request, reason expired, ready with null', async () => {
    await env.client().login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    env.clock.advance(61_000);
    const { client, log } = startClient();
    expect(await client.ready).toBeNull();
    expect(log).toEqual(['logout:expired', 'ready:none']);
    expect(env.sent).toEqual([]);
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('a guest claimed while away: guest:claimed, logout claimed, record cleared', async () => {
    const first = env.client();
    const guest = await first.registerGuest();
    const { claimingCode } = await first.revealClaimingCode();
    first.destroy();
    await fetch(`${env.sandbox.url}/sandbox/claim/${claimingCode}`, { method: 'POST' });

    const { client, log } = startClient();
    const logout = nextEvent(client, 'logout');
    expect((await client.ready)?.plyrId).toBe(guest.plyrId);
    expect(await logout).toEqual({ plyrId: guest.plyrId, reason: 'claimed' });
    expect(log).toEqual([`login:restore`, `ready:${guest.plyrId}`, 'guest:claimed', 'logout:claimed']);
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('writes stay in order: a login and an immediate logout leave nothing stored', async () => {
    const client = env.client();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await client.logout();
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('a guest is stored by the time registerGuest resolves (it is the only credential)', async () => {
    const guest = await env.client().registerGuest();
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it("'memory' storage does not outlive the instance", async () => {
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    expect(await env.client({ storage: 'memory' }).ready).toBeNull();
  });
});

describe('a guest session is the account: it survives failures', () => {
  async function restoredGuest() {
    const first = env.client();
    const guest = await first.registerGuest();
    first.destroy();
    return guest;
  }

  it.each([
    ['5xx', { status: 503 }, 'SERVER'],
    ['a 500 with a stack', { status: 500, body: { error: 'Redis down', stack: '...' } }, 'SERVER'],
    ['a timeout', { delayMs: 1000 }, 'TIMEOUT'],
    ['a broken connection', { reset: true }, 'NETWORK'],
  ])('keeps the guest through %s on the background check, and reports it', async (_name, fault, code) => {
    const guest = await restoredGuest();
    env.sandbox.injectFault({ path: '/api/user/session/verify', times: 1, ...fault });
    const { client, log } = startClient({ timeoutMs: 200 });
    const error = nextEvent(client, 'error');
    expect(await client.ready).toEqual(guest);
    expect((await error).code).toBe(code);
    expect(client.session).toEqual(guest);
    expect(log).not.toContain('logout:claimed');
    // Still stored, and still good once the platform is back.
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
    expect(await client.verifySession()).toEqual(guest);
  });

  it('verifySession rejects on a 5xx but keeps the guest', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    env.sandbox.injectFault({ path: '/api/user/session/verify', status: 502, times: 1 });
    await expect(client.verifySession()).rejects.toMatchObject({ code: 'SERVER', status: 502 });
    expect(client.session).toEqual(guest);
  });
});

describe('storage failures', () => {
  it.each([
    ['garbage', 'not a record'],
    ['an unknown version', { v: 99, session: {} }],
    ['a broken session', { v: 1, session: { plyrId: 'demo-player', sessionJwt: 'x.y.z' } }],
  ])('a corrupt record (%s) is removed with an error event', async (_name, record) => {
    await set(recordKeyOf(env), record, sessionIdb());
    const { client, log } = startClient();
    const error = nextEvent(client, 'error');
    expect(await client.ready).toBeNull();
    expect((await error).code).toBe('STORAGE');
    expect(log).toEqual(['error:STORAGE', 'ready:none']);
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('a storage adapter that throws: STORAGE warning, the session lives in memory', async () => {
    const broken: SessionStorageAdapter = {
      get: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      set: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      del: async () => undefined,
    };
    const { client, log } = startClient({ storage: broken });
    expect(await client.ready).toBeNull();
    expect(log).toEqual(['error:STORAGE', 'ready:none']);
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(client.session).toEqual(session);
    expect(log.filter((l) => l === 'error:STORAGE')).toHaveLength(1);
  });

  it('an indexedDB whose open throws (private mode): STORAGE warning, nothing crashes', async () => {
    const real = globalThis.indexedDB;
    const throwing = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    Object.defineProperty(globalThis, 'indexedDB', { value: throwing, configurable: true, writable: true });
    try {
      const { client, log } = startClient();
      const error = nextEvent(client, 'error');
      expect(await client.ready).toBeNull();
      expect(((await error) as PlyrError).code).toBe('STORAGE');
      expect(log).toEqual(['error:STORAGE', 'ready:none']);
      await client.login({ plyrId: 'demo-player', otp: env.otp() });
      await client.logout();
      expect(client.session).toBeNull();
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { value: real, configurable: true, writable: true });
    }
  });
});

describe('tabs', () => {
  async function twoTabs(storage?: 'memory'): Promise<[PlyrClient, PlyrClient]> {
    const a = env.client(storage ? { storage } : {});
    const b = env.client(storage ? { storage } : {});
    await Promise.all([a.ready, b.ready]);
    return [a, b];
  }

  it.each([
    ['IndexedDB', undefined],
    ['memory', 'memory' as const],
  ])('a login and a logout in one tab reach the other (%s storage)', async (_name, storage) => {
    const [a, b] = await twoTabs(storage);
    const login = nextEvent(b, 'login');
    const session = await a.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(await login).toEqual({ session, method: 'otp' });
    expect(b.session).toEqual(session);

    const logout = nextEvent(b, 'logout');
    await a.logout();
    expect(await logout).toEqual({ plyrId: 'demo-player', reason: 'other-tab' });
    expect(b.session).toBeNull();
  });

  it('a guest registered in one tab is the session of the other; a destroyed client hears nothing', async () => {
    const [a, b] = await twoTabs();
    const c = env.client();
    await c.ready;
    c.destroy();
    const session = nextEvent(b, 'session');
    const guest = await a.registerGuest();
    expect((await session).session).toEqual(guest);
    expect(c.session).toBeNull();
  });

  it('syncTabs: false opts out', async () => {
    const a = env.client();
    const b = env.client({ syncTabs: false });
    await Promise.all([a.ready, b.ready]);
    let heard = false;
    b.on('session', () => {
      heard = true;
    });
    const other = env.client();
    const reached = nextEvent(other, 'login');
    await a.login({ plyrId: 'demo-player', otp: env.otp() });
    await reached;
    expect(heard).toBe(false);
  });
});
