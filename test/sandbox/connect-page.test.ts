/**
 * The sandbox's PLYR[CONNECT] stand-in: the approve route its page calls (session issued as a login, hand-off
 * stored under uid for /api/auth/read, loginAndApprove approvals, refusals) and the page's assets.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approveOnSandbox } from '../helpers/connect-sandbox.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const request = (extra: Record<string, unknown> = {}) => ({
  gameId: t.sb.gameId,
  expiresIn: '86400',
  mode: 'redirect',
  callbackString: 'cb',
  callbackUrl: 'http://game.test/',
  ...extra,
});

describe('POST /sandbox/connect/approve', () => {
  it('issues a session like /api/user/login (a string expiresIn read as seconds) and stores it under uid', async () => {
    const uid = crypto.randomUUID();
    const { status, data } = await approveOnSandbox(t.sb.url, request({ uid, expiresIn: '3600' }));
    expect(status).toBe(200);
    expect(Object.keys(data).sort()).toEqual(
      [
        'avatar',
        'gameId',
        'ippClaimed',
        'isIPP',
        'mirrorAddress',
        'plyrId',
        'primaryAddress',
        'sessionJwt',
      ].sort(),
    );
    const verify = await t.client.post('/api/user/session/verify', { sessionJwt: data.sessionJwt });
    expect(verify.status).toBe(200);
    const payload = verify.json.payload as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(3600);
    expect((await t.client.get(`/api/auth/read/${uid}`)).json).toEqual({ data });
    // A uid is single-use, as on the platform (500 after the login took effect).
    expect((await approveOnSandbox(t.sb.url, request({ uid }))).status).toBe(500);
  });

  it('bumps the nonce: the previous session of that player in that game is revoked', async () => {
    const first = (await approveOnSandbox(t.sb.url, request())).data;
    await approveOnSandbox(t.sb.url, request());
    const verify = await t.client.post('/api/user/session/verify', { sessionJwt: first.sessionJwt });
    expect(verify.json).toEqual({ error: 'JWT nonce is expired' });
  });

  it('approves tokens for loginAndApprove', async () => {
    const ok = await approveOnSandbox(t.sb.url, request({ tokens: ['plyr'], amounts: [5] }), {
      action: 'loginAndApprove',
    });
    expect(ok.status).toBe(200);
    const bad = await approveOnSandbox(t.sb.url, request({ tokens: ['nope'], amounts: [5] }), {
      action: 'loginAndApprove',
    });
    expect(bad).toMatchObject({ status: 401, error: 'Invalid token: nope' });
  });

  it('refuses what the hosted page would refuse', async () => {
    const cases: Array<[Record<string, unknown>, { plyrId?: string; action?: string }, number, string]> = [
      [request(), { action: 'approve' }, 400, 'action must be login or loginAndApprove'],
      [request({ gameId: 'no-such-game' }), {}, 400, 'Invalid game ID'],
      [request({ expiresIn: '1.5' }), {}, 400, 'expiresIn must be whole seconds'],
      [request(), { plyrId: 'nobody-here' }, 404, 'User not found'],
    ];
    for (const [data, options, status, error] of cases)
      expect(await approveOnSandbox(t.sb.url, data, options)).toMatchObject({ status, error });
    const guest = String((await t.registerGuest()).json.plyrId);
    expect(await approveOnSandbox(t.sb.url, request(), { plyrId: guest })).toMatchObject({ status: 403 });
    const raw = await fetch(`${t.sb.url}/sandbox/connect/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'login', requestData: '%%%', plyrId: 'demo-player' }),
    });
    expect(raw.status).toBe(400);
  });
});

describe('the page', () => {
  it('serves HTML, script and stylesheet under a CSP that allows framing (iframe mode)', async () => {
    for (const [path, type] of [
      ['/connect/', 'text/html'],
      ['/connect', 'text/html'],
      ['/connect/connect.js', 'text/javascript'],
      ['/connect/connect.css', 'text/css'],
    ] as const) {
      const res = await fetch(t.sb.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
