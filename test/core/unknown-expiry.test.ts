/**
 * Issue #23, part 4: a stored session whose JWT has no `exp` is kept, with its expiry unknown (`expiresAt: null`),
 * and the platform decides about it: never the local clock. For a guest the record is the account's only
 * credential: only the platform saying the account is gone removes it. A full account of unknown expiry is kept too
 * until the platform's check answers. The sandbox over loopback through the real signing endpoint; IndexedDB is
 * fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { set } from 'idb-keyval';
import type { PlyrClient, Session } from '../../src/index.js';
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

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * `session` with a JWT whose payload lost its `exp` (the signature no longer matches: the sandbox calls it invalid,
 * as the platform would). `expiresAt: null` is what the client reads it as.
 */
function withoutExp(session: Session): Session {
  const [header, payload, signature] = session.sessionJwt.split('.') as [string, string, string];
  const { exp: _exp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  return {
    ...session,
    sessionJwt: `${header}.${base64url(JSON.stringify(claims))}.${signature}`,
    expiresAt: null,
  };
}

const plant = (record: unknown) => set(recordKeyOf(env), record, sessionIdb());
const newGuest = () => env.client({ storage: 'memory', syncTabs: false }).registerGuest();
const newFullSession = () =>
  env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });

/** What a client tells: `login:<method>`, `logout:<reason>`, `error:<code>`, `guest:claimed`. */
function told(client: PlyrClient): string[] {
  const log: string[] = [];
  client.on('login', ({ method }) => log.push(`login:${method}`));
  client.on('logout', ({ reason }) => log.push(`logout:${reason}`));
  client.on('guest:claimed', () => log.push('guest:claimed'));
  client.on('error', (e) => log.push(`error:${e.code}`));
  return log;
}

describe('a guest is never lost to a missing exp', () => {
  it('is restored with expiresAt null and stays stored, whatever the local clock says', async () => {
    const guest = withoutExp(await newGuest());
    await plant({ v: 1, session: guest });
    env.clock.advance(100 * 365 * 86_400_000);
    const client = env.client({ verifyOnRestore: false });
    const log = told(client);
    expect(await client.ready).toEqual(guest);
    expect(client.session?.expiresAt).toBeNull();
    expect(log).toEqual(['login:restore']);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('is kept when its JWT has neither exp nor iat: both times unknown', async () => {
    const guest = await newGuest();
    const [header, payload, signature] = guest.sessionJwt.split('.') as [string, string, string];
    const {
      exp: _exp,
      iat: _iat,
      ...claims
    } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const timeless = {
      ...guest,
      sessionJwt: `${header}.${base64url(JSON.stringify(claims))}.${signature}`,
      issuedAt: null,
      expiresAt: null,
    };
    await plant({ v: 1, session: timeless });
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(timeless);
    expect(await storedRecord(env)).toEqual({ v: 1, session: timeless });
  });

  it('a record without the guest flag whose JWT has no exp reads as a guest (the account a wrong guess loses)', async () => {
    const guest = withoutExp(await newGuest());
    await plant({ v: 1, session: { sessionJwt: guest.sessionJwt, avatar: guest.avatar } });
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(guest);
    expect(client.session?.isGuest).toBe(true);
  });

  it('kept beside a full account, it comes back when that account logs out', async () => {
    const guest = withoutExp(await newGuest());
    const full = await newFullSession();
    await plant({ v: 1, session: full, guest });
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(full);
    expect(client.keptGuest).toEqual(guest);
    await client.logout();
    expect(client.session).toEqual(guest);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('the platform calling the JWT invalid keeps it (INVALID_JWT: a JWT without exp cannot have expired)', async () => {
    const guest = withoutExp(await newGuest());
    await plant({ v: 1, session: guest });
    const client = env.client();
    const log = told(client);
    const error = nextEvent(client, 'error');
    expect(await client.ready).toEqual(guest);
    expect((await error).code).toBe('INVALID_JWT');
    expect(log).toEqual(['login:restore', 'error:INVALID_JWT']);
    expect(client.session).toEqual(guest);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it("only the platform's own answer that the account is gone removes it", async () => {
    const guest = withoutExp(await newGuest());
    await plant({ v: 1, session: guest });
    const client = env.client({ verifyOnRestore: false });
    const log = told(client);
    expect(await client.ready).toEqual(guest);
    env.sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 401,
      body: { error: 'User not found' },
      times: 1,
    });
    expect((await rejection(client.verifySession())).code).toBe('ACCOUNT_CLAIMED');
    expect(log).toEqual(['login:restore', 'guest:claimed', 'logout:claimed']);
    expect(client.session).toBeNull();
    expect(await storedRecord(env)).toBeUndefined();
  });
});

describe('a full account without exp is kept until the platform answers', () => {
  it('is restored with expiresAt null, not ended by the local clock', async () => {
    const full = withoutExp(await newFullSession());
    await plant({ v: 1, session: full });
    env.clock.advance(100 * 365 * 86_400_000);
    const client = env.client({ verifyOnRestore: false });
    const log = told(client);
    expect(await client.ready).toEqual(full);
    expect(log).toEqual(['login:restore']);
    expect(await storedRecord(env)).toEqual({ v: 1, session: full });
  });

  it("the platform's confirmation keeps it", async () => {
    const full = withoutExp(await newFullSession());
    await plant({ v: 1, session: full });
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(full);
    env.sandbox.injectFault({
      path: '/api/user/session/verify',
      status: 200,
      body: { success: true },
      times: 1,
    });
    expect(await client.verifySession()).toEqual(full);
    expect(await storedRecord(env)).toEqual({ v: 1, session: full });
  });

  it('the background check ends it when the platform calls the JWT invalid', async () => {
    const full = withoutExp(await newFullSession());
    await plant({ v: 1, session: full });
    const client = env.client();
    const log = told(client);
    const logout = nextEvent(client, 'logout');
    expect(await client.ready).toEqual(full);
    expect(await logout).toEqual({ plyrId: 'demo-player', reason: 'expired' });
    expect(log).toEqual(['login:restore', 'logout:expired']);
    await until(async () => (await storedRecord(env)) === undefined);
  });
});

describe('tabs', () => {
  it('a session without exp sent by another tab is taken', async () => {
    const client = env.client();
    await client.ready;
    const guest = withoutExp(await newGuest());
    const channel = new BroadcastChannel(`plyr-kit:${recordKeyOf(env)}`);
    try {
      const login = nextEvent(client, 'login');
      channel.postMessage({ session: guest, guest: null, method: 'guest' });
      expect(await login).toEqual({ session: guest, method: 'guest' });
    } finally {
      channel.close();
    }
  });
});
