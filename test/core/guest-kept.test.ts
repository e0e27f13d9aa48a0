/**
 * A guest's session JWT is its account's only credential (issue #14): signing in over a guest (same tab, another
 * tab, before `ready`) keeps it beside the new session and brings it back when that session ends; stored records
 * that differ a little are read and rewritten, never deleted; only the platform's own JSON answer with the
 * route's status ends a guest; the session's expiry comes from the JWT, not from the stored field. The sandbox over
 * loopback through the real signing endpoint; IndexedDB is fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from '@jest/globals';
import { set } from 'idb-keyval';
import { type PlyrClient, PlyrError, type Session, type SignRequest } from '../../src/index.js';
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

/** What a client tells: `login:<method>:<plyrId>`, `logout:<reason>:<plyrId>`, `error:<code>`. */
function told(client: PlyrClient): string[] {
  const log: string[] = [];
  client.on('login', ({ session, method }) => log.push(`login:${method}:${session.plyrId}`));
  client.on('logout', ({ plyrId, reason }) => log.push(`logout:${reason}:${plyrId}`));
  client.on('error', (e) => log.push(`error:${e.code}`));
  return log;
}

const platformPaths = () =>
  env.sent.filter((r) => r.url.startsWith(env.sandbox.url)).map((r) => new URL(r.url).pathname);
/** A guest session, made by a client that keeps nothing. */
const newGuest = () => env.client({ storage: 'memory', syncTabs: false }).registerGuest();
const plant = (record: unknown) => set(recordKeyOf(env), record, sessionIdb());
/** Waits until the stored record holds `guest` beside another session. */
const storedBeside = (guest: Session) =>
  until(
    async () =>
      ((await storedRecord(env)) as { guest?: Session } | undefined)?.guest?.plyrId === guest.plyrId,
  );

describe('signing in over a guest keeps it, and logging out comes back to it', () => {
  it.each([
    ['login', (c: PlyrClient) => c.login({ plyrId: 'demo-player', otp: env.otp() })],
    [
      'loginAndApprove',
      (c: PlyrClient) =>
        c.loginAndApprove({ plyrId: 'demo-player', otp: env.otp(), tokens: ['plyr'], amounts: [1] }),
    ],
  ])('%s in the same tab', async (_name, signIn) => {
    const client = env.client();
    const guest = await client.registerGuest();
    const log = told(client);
    const full = await signIn(client);
    expect(client.session).toEqual(full);
    expect(client.keptGuest).toEqual(guest);
    await storedBeside(guest);
    expect(await storedRecord(env)).toEqual({ v: 1, session: full, guest });

    await client.logout();
    expect(client.session).toEqual(guest);
    expect(client.keptGuest).toBeNull();
    expect(log).toEqual([
      'login:otp:demo-player',
      'logout:user:demo-player',
      `login:restore:${guest.plyrId}`,
    ]);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('a login in another tab that never heard of the guest keeps it in the stored record', async () => {
    const other = env.client({ syncTabs: false });
    await other.ready;
    const guest = await env.client({ syncTabs: false }).registerGuest();
    const full = await other.login({ plyrId: 'demo-player', otp: env.otp() });
    await storedBeside(guest);
    expect(other.keptGuest).toEqual(guest);

    // A later page load finds both, and logging out there comes back to the guest.
    const later = env.client({ syncTabs: false, verifyOnRestore: false });
    expect(await later.ready).toEqual(full);
    expect(later.keptGuest).toEqual(guest);
    await later.logout();
    expect(later.session).toEqual(guest);
  });

  it('tabs in sync: the other tab keeps the guest beside the new session too', async () => {
    const a = env.client();
    const b = env.client();
    await Promise.all([a.ready, b.ready]);
    const guest = await a.registerGuest();
    await until(() => b.session?.plyrId === guest.plyrId);
    const reached = nextEvent(b, 'login');
    await a.login({ plyrId: 'demo-player', otp: env.otp() });
    await reached;
    expect(b.keptGuest).toEqual(guest);
  });

  it('a login before the stored guest was restored keeps it', async () => {
    const guest = await env.client({ syncTabs: false }).registerGuest();
    const client = env.client({ syncTabs: false, verifyOnRestore: false });
    const full = await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await storedBeside(guest);
    expect(client.session).toEqual(full);
    expect(client.keptGuest).toEqual(guest);
  });

  it('a full account ended by the platform comes back to the guest (revoked)', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await env.client({ storage: 'memory', syncTabs: false }).login({ plyrId: 'demo-player', otp: env.otp() });
    const log = told(client);
    expect((await rejection(client.verifySession())).code).toBe('SESSION_REVOKED');
    expect(client.session).toEqual(guest);
    expect(log).toEqual(['logout:revoked:demo-player', `login:restore:${guest.plyrId}`]);
  });

  it('a full account past exp at restore gives way to the kept guest', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    await client.login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    await storedBeside(guest);
    client.destroy();
    env.clock.advance(61_000);
    const later = env.client({ verifyOnRestore: false });
    expect(await later.ready).toEqual(guest);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('registerGuest with a guest kept beside a full account logs that account out and comes back to the guest', async () => {
    const client = env.client();
    const guest = await client.registerGuest();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    env.sent.length = 0;
    expect(await client.registerGuest()).toEqual(guest);
    expect(platformPaths()).toEqual(['/api/user/logout']);
  });

  it('registerGuest signs in to a guest another tab stored instead of making a second one', async () => {
    const other = env.client({ syncTabs: false });
    await other.ready;
    const guest = await env.client({ syncTabs: false }).registerGuest();
    env.sent.length = 0;
    expect(await other.registerGuest()).toEqual(guest);
    expect(platformPaths()).toEqual([]);
  });

  it('forgetGuest, once back to the guest, forgets it for good', async () => {
    const client = env.client();
    await client.registerGuest();
    await client.login({ plyrId: 'demo-player', otp: env.otp() });
    await client.logout();
    await client.logout({ forgetGuest: true });
    expect(client.session).toBeNull();
    expect(await storedRecord(env)).toBeUndefined();
    expect(await env.client().ready).toBeNull();
  });
});

describe('stored records that differ a little are read and rewritten, never deleted', () => {
  /** A name, the record made from a guest session, and what the session reads as (default: the guest). */
  const variants: Array<[string, (s: Session) => unknown, ((s: Session) => Session)?]> = [
    ['v as a string', (s) => ({ v: '1', session: s })],
    ['avatar null', (s) => ({ v: 1, session: { ...s, avatar: null } }), (s) => ({ ...s, avatar: '' })],
    ['claimed missing', (s) => ({ v: 1, session: { ...s, claimed: undefined } })],
    ['an upper-case PLYR[ID]', (s) => ({ v: 1, session: { ...s, plyrId: s.plyrId.toUpperCase() } })],
    ['expiresAt as a string', (s) => ({ v: 1, session: { ...s, expiresAt: String(s.expiresAt) } })],
    ['expiresAt NaN', (s) => ({ v: 1, session: { ...s, expiresAt: Number.NaN } })],
    ['isGuest missing', (s) => ({ v: 1, session: { ...s, isGuest: undefined } })],
    [
      'only the JWT, the guest flag and the avatar',
      (s) => ({ v: 1, session: { sessionJwt: s.sessionJwt, isGuest: true, avatar: s.avatar } }),
    ],
    ['no version', (s) => ({ session: s })],
    ['another version', (s) => ({ v: 2, session: s })],
    ['the session itself as the record', (s) => s],
  ];

  it.each(variants)('a guest record with %s', async (_name, variant, reads = (s) => s) => {
    const made = await newGuest();
    await plant(variant(made));
    const guest = reads(made);
    const client = env.client({ verifyOnRestore: false });
    const log = told(client);
    expect(await client.ready).toEqual(guest);
    expect(log).toEqual([`login:restore:${guest.plyrId}`]);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it('a kept guest is read leniently too', async () => {
    const guest = await newGuest();
    const full = await env
      .client({ storage: 'memory', syncTabs: false })
      .login({ plyrId: 'demo-player', otp: env.otp() });
    await plant({ v: 1, session: full, guest: { ...guest, expiresAt: 'soon', claimed: 'false' } });
    const client = env.client({ verifyOnRestore: false });
    expect(await client.ready).toEqual(full);
    expect(client.keptGuest).toEqual(guest);
  });

  it('a record whose session is unreadable but that keeps a guest restores the guest', async () => {
    const guest = await newGuest();
    await plant({ v: 1, session: { sessionJwt: 'x.y.z' }, guest });
    expect(await env.client({ verifyOnRestore: false }).ready).toEqual(guest);
  });
});

describe('expiry comes from the JWT', () => {
  it('a stored full account whose JWT is past exp is dropped, whatever its stored expiresAt (NaN)', async () => {
    const full = await env
      .client({ storage: 'memory', syncTabs: false })
      .login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    env.clock.advance(61_000);
    await plant({ v: 1, session: { ...full, expiresAt: Number.NaN } });
    const client = env.client();
    const log = told(client);
    expect(await client.ready).toBeNull();
    expect(log).toEqual(['logout:expired:demo-player']);
    expect(await storedRecord(env)).toBeUndefined();
  });

  it('a stored expiresAt far in the future does not outlive the JWT', async () => {
    const full = await env
      .client({ storage: 'memory', syncTabs: false })
      .login({ plyrId: 'demo-player', otp: env.otp(), expiresIn: 60 });
    env.clock.advance(61_000);
    await plant({ v: 1, session: { ...full, expiresAt: Number.MAX_SAFE_INTEGER } });
    expect(await env.client().ready).toBeNull();
  });
});

describe("only the platform's own answer says a guest's account is gone", () => {
  /** A guest signed in, stored, and the verify answer the test injects. */
  async function guestFacing(fault: { status: number; body: unknown }) {
    const client = env.client();
    const guest = await client.registerGuest();
    env.sandbox.injectFault({ path: '/api/user/session/verify', times: 1, ...fault });
    const log = told(client);
    const error = await rejection(client.verifySession());
    return { client, guest, log, error };
  }

  it.each([
    ['a plain-text 404 from a proxy', 404, 'User not found'],
    ['a JSON answer with a 404', 404, { error: 'User not found' }],
    ['a JSON answer with a 500 on a route that says it with 401', 500, { error: 'User not found' }],
    ['a plain-text 401', 401, 'JWT nonce is expired'],
    ['a 200 that is not JSON', 200, 'User not found'],
  ])('%s keeps the guest', async (_name, status, body) => {
    const { client, guest, log } = await guestFacing({ status, body });
    expect(client.session).toEqual(guest);
    expect(log).toEqual([]);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it("a signer function's refusal with the platform's code keeps the guest", async () => {
    let refuse = false;
    const client = env.client({
      signer: async (request: SignRequest) => {
        if (refuse) throw new PlyrError('USER_NOT_FOUND', 'User not found', { status: 401 });
        const signed = await fetch(env.signUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        return signed.json() as never;
      },
    });
    const guest = await client.registerGuest();
    refuse = true;
    expect((await rejection(client.verifySession())).code).toBe('USER_NOT_FOUND');
    expect(client.session).toEqual(guest);
  });

  it("the relay's own refusal (JSON with an endpoint code) keeps the guest", async () => {
    const guest = await env.client({ signer: env.relayUrl }).registerGuest();
    // An endpoint that refuses the path (its `{ error, code }` body, 403).
    const refusing = await env.extraSigner({ mode: 'relay', allow: [] });
    const client = env.client({ signer: refusing, syncTabs: false, verifyOnRestore: false });
    expect(await client.ready).toEqual(guest);
    expect((await rejection(client.verifySession())).code).toBe('SIGNER_REJECTED');
    expect(client.session).toEqual(guest);
    expect(await storedRecord(env)).toEqual({ v: 1, session: guest });
  });

  it("the platform's 401 JSON answer ends it (claimed), and so does its 500 on reveal/claimingCode", async () => {
    const first = await guestFacing({ status: 401, body: { error: 'User not found' } });
    expect(first.error.code).toBe('ACCOUNT_CLAIMED');
    expect(first.client.session).toBeNull();
    first.client.destroy();

    const client = env.client();
    const guest = await client.registerGuest();
    env.sandbox.injectFault({
      path: '/api/instantPlayPass/reveal/claimingCode',
      status: 500,
      body: { error: 'User not found' },
      times: 1,
    });
    expect((await rejection(client.revealClaimingCode())).code).toBe('ACCOUNT_CLAIMED');
    expect(client.session).toBeNull();
    expect(await storedRecord(env)).toBeUndefined();
    expect(guest.isGuest).toBe(true);
  });
});
