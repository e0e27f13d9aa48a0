/**
 * Issue #23, part 5: nothing is announced before it is durable. Every way a session begins (2FA login,
 * loginAndApprove, guest registration; PLYR[CONNECT] in connect-client.test.ts) has its record in IndexedDB when
 * `login` fires and when the call resolves, so a reload at that moment finds it. When storage fails, the `error`
 * (`STORAGE`) comes first and the session lives in memory. The sandbox over loopback through the real signing
 * endpoint; IndexedDB is fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import type { PlyrClient, Session, SessionStorageAdapter } from '../../src/index.js';
import { durableStorage, recordKeyOf, until, useCoreEnv } from '../helpers/core-fixture.js';

const env = useCoreEnv();

/** Starts a client on {@link durableStorage}; `stored()` reads what IndexedDB holds for the game right now. */
async function durableClient() {
  const { storage, written } = durableStorage();
  const client = env.client({ storage });
  await client.ready;
  return { client, stored: () => written.get(recordKeyOf(env)) };
}

/** The record each `login` event found stored at the moment it fired. */
function storedAtLogin(client: PlyrClient, stored: () => unknown): unknown[] {
  const seen: unknown[] = [];
  client.on('login', () => seen.push(stored()));
  return seen;
}

const signIns: Array<[string, (client: PlyrClient) => Promise<Session>]> = [
  ['login', (c) => c.login({ plyrId: 'demo-player', otp: env.otp() })],
  [
    'loginAndApprove',
    (c) => c.loginAndApprove({ plyrId: 'demo-player', otp: env.otp(), tokens: ['plyr'], amounts: [1] }),
  ],
  ['registerGuest', (c) => c.registerGuest()],
];

describe('a session is stored before it is announced', () => {
  it.each(signIns)('%s: stored when login fires and when it resolves', async (_name, signIn) => {
    const { client, stored } = await durableClient();
    const atLogin = storedAtLogin(client, stored);
    const session = await signIn(client);
    expect(stored()).toEqual({ v: 1, session });
    expect(atLogin).toEqual([{ v: 1, session }]);
  });

  it('registerGuest called again while the new guest is being stored hands it out only once stored', async () => {
    const { client, stored } = await durableClient();
    const first = client.registerGuest();
    await until(() => client.session !== null); // the session is set; its write may not have ended
    const again = await client.registerGuest();
    expect(stored()).toEqual({ v: 1, session: again });
    expect(await first).toEqual(again);
  });

  it('signing in over a guest: the record holds both when login fires', async () => {
    const { client, stored } = await durableClient();
    const guest = await client.registerGuest();
    const atLogin = storedAtLogin(client, stored);
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(atLogin).toEqual([{ v: 1, session, guest }]);
  });

  it('a sign-in replaced while it is being stored is never announced; the newer one is, and keeps the guest', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const records = new Map<string, unknown>();
    const slow: SessionStorageAdapter = {
      get: async (key) => records.get(key),
      set: async (key, value) => {
        await released;
        records.set(key, value);
      },
      del: async (key) => void records.delete(key),
    };
    const client = env.client({ storage: slow, syncTabs: false });
    await client.ready;
    const told: string[] = [];
    client.on('login', ({ session, method }) =>
      told.push(`login:${method}:${session.isGuest ? 'guest' : session.plyrId}`),
    );
    const registering = client.registerGuest();
    await until(() => client.session !== null);
    const login = client.login({ plyrId: 'demo-player', otp: env.otp() });
    await until(() => client.session?.plyrId === 'demo-player');
    expect(told).toEqual([]);
    release();
    const [guest, session] = await Promise.all([registering, login]);
    expect(told).toEqual(['login:otp:demo-player']);
    expect(client.session).toEqual(session);
    expect(client.keptGuest).toEqual(guest);
    expect(records.get(recordKeyOf(env))).toEqual({ v: 1, session, guest });
  });

  it('a failed write is told first (STORAGE), and the session still begins, in memory', async () => {
    const records = new Map<string, unknown>();
    const failing: SessionStorageAdapter = {
      get: async (key) => records.get(key),
      set: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      del: async (key) => void records.delete(key),
    };
    const client = env.client({ storage: failing, syncTabs: false });
    await client.ready;
    const told: string[] = [];
    client.on('error', (e) => told.push(`error:${e.code}`));
    client.on('login', ({ method }) => told.push(`login:${method}`));
    const session = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    expect(told).toEqual(['error:STORAGE', 'login:otp']);
    expect(client.session).toEqual(session);
  });
});
