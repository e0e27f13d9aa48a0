// docs/platform/plyr-api.md#http-behaviour, #local-es256-verification, #task-status-and-action-log,
// #plyrconnect-hand-off, #session-jwt: /now, /jwt/publicKey (local verification), task status, action log, auth
// hand-off.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importSPKI, jwtVerify } from 'jose';
import { startSandbox } from '../../src/sandbox/index.js';
import {
  type JsonObject,
  SandboxClient,
  startTestSandbox,
  type TestSandbox,
} from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

describe('GET /api/now', () => {
  it('answers the sandbox clock as ISO-8601', async () => {
    expect((await t.client.get('/api/now')).json).toEqual({ now: new Date(t.clock.now()).toISOString() });
  });
});

describe('GET /api/jwt/publicKey', () => {
  it('answers base64 of an SPKI PEM that verifies the session JWTs (ES256)', async () => {
    const res = await t.client.get('/api/jwt/publicKey');
    expect(res.status).toBe(200);
    const pem = Buffer.from(String(res.json.publicKey), 'base64').toString('utf8');
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = await importSPKI(pem, 'ES256');
    const login = await t.login('demo-player');
    const { payload, protectedHeader } = await jwtVerify(String(login.json.sessionJwt), key, {
      currentDate: new Date(t.clock.now()),
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.plyrId).toBe('demo-player');
  });

  it('needs HMAC', async () => {
    expect((await t.client.get('/api/jwt/publicKey', { unsigned: true })).status).toBe(401);
  });

  it('differs between sandboxes, so a JWT of one is invalid on another', async () => {
    const other = await startSandbox({ now: t.clock.now });
    try {
      const login = await t.login('demo-player');
      const client = new SandboxClient(other.url, other.apiKey, other.secretKey, t.clock.now);
      const res = await client.post('/api/user/session/verify', { sessionJwt: login.json.sessionJwt });
      expect(res.json).toEqual({ error: 'Invalid sessionJwt' });
    } finally {
      await other.close();
    }
  });
});

describe('GET /api/task/status/:id', () => {
  it('answers NOT_FOUND for a well-formed id and 500 for a malformed one', async () => {
    expect((await t.client.get('/api/task/status/1722914434180-0')).json).toEqual({ status: 'NOT_FOUND' });
    const bad = await t.client.get('/api/task/status/not-an-id');
    expect(bad.status).toBe(500);
    expect(bad.json.error).toBe('ERR Invalid stream ID specified as stream command argument');
  });
});

describe('GET /api/actionLog/:plyrId', () => {
  it('lists the activity newest first with offset and limit', async () => {
    const fresh = await startTestSandbox();
    try {
      await fresh.login('demo-player');
      await fresh.login('demo-player', {}, fresh.other);
      const login = await fresh.login('demo-player');
      await fresh.client.post('/api/user/logout', { sessionJwt: login.json.sessionJwt });
      const all = await fresh.client.get('/api/actionLog/demo-player');
      const entries = all.json as unknown as JsonObject[];
      expect(entries.map((e) => [e.action, e.gameId])).toEqual([
        ['logout', 'plyr-kit-demo'],
        ['login', 'plyr-kit-demo'],
        ['login', 'other-game'],
        ['login', 'plyr-kit-demo'],
      ]);
      expect(entries[0]).toMatchObject({
        plyrId: 'demo-player',
        type: 'user',
        data: { gameId: 'plyr-kit-demo' },
        __v: 0,
      });
      expect(String(entries[0]!._id)).toMatch(/^[0-9a-f]{24}$/);
      expect(entries[0]!.timestamp).toBe(new Date(fresh.clock.now()).toISOString());
      const page = (await fresh.client.get('/api/actionLog/demo-player?offset=1&limit=2'))
        .json as unknown as JsonObject[];
      expect(page.map((e) => e.gameId)).toEqual(['plyr-kit-demo', 'other-game']);
      expect((await fresh.client.get('/api/actionLog/DEMO-PLAYER')).json).toEqual([]);
      expect((await fresh.client.get('/api/actionLog/demo-player?offset=-1')).status).toBe(500);
    } finally {
      await fresh.sb.close();
    }
  });
});

describe('PLYR[CONNECT] hand-off: uid, /api/auth/read/:uid, /api/auth/revoke/:uid', () => {
  it('stores the login answer under uid, readable by any key for 10 minutes', async () => {
    const uid = 'c2a0b7f3-4c55-4a7e-9a4c-1f4b0b7c1d11';
    const login = await t.login('demo-player', { uid });
    const read = await t.other.get(`/api/auth/read/${uid}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ data: login.json });
    t.clock.advance(10 * 60 * 1000);
    expect((await t.client.get(`/api/auth/read/${uid}`)).status).toBe(200);
    t.clock.advance(1);
    const expired = await t.client.get(`/api/auth/read/${uid}`);
    expect([expired.status, expired.json]).toEqual([404, { error: 'Auth expired' }]);
  });

  it('stores loginAndApprove answers too, and revokes', async () => {
    const uid = 'b1d2e3f4-0000-4000-8000-000000000001';
    const res = await t.client.post('/api/user/loginAndApprove', {
      plyrId: 'second-player',
      otp: t.freshCode('second-player'),
      gameId: t.sb.gameId,
      token: 'gamr',
      amount: 3,
      uid,
    });
    expect((await t.client.get(`/api/auth/read/${uid}`)).json).toEqual({ data: res.json });
    expect((await t.client.post(`/api/auth/revoke/${uid}`)).json).toEqual({ message: 'Auth data revoked' });
    const gone = await t.client.get(`/api/auth/read/${uid}`);
    expect([gone.status, gone.json]).toEqual([404, { error: 'Auth not found' }]);
    const again = await t.client.post(`/api/auth/revoke/${uid}`);
    expect([again.status, again.json]).toEqual([404, { error: 'Auth not found' }]);
  });

  it('fails a reused uid with 500 after the login took effect', async () => {
    const uid = 'dup-uid-0001';
    const first = await t.login('demo-player', { uid });
    expect(first.status).toBe(200);
    const second = await t.login('demo-player', { uid });
    expect(second.status).toBe(500);
    expect(String(second.json.error)).toMatch(/^E11000 duplicate key error/);
    const verify = await t.client.post('/api/user/session/verify', { sessionJwt: first.json.sessionJwt });
    expect(verify.json).toEqual({ error: 'JWT nonce is expired' });
  });
});
