// docs/platform/plyr-api.md#hmac-signing: HMAC request signing, check order, ±5 min window, roles, what gets signed
// for each content type.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signRequest, startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

const FIVE_MIN = 5 * 60 * 1000;

describe('hmacAuth', () => {
  it('accepts a GET signed over "{}" and refuses one signed over "null"', async () => {
    expect((await t.client.get('/api/now')).status).toBe(200);
    const res = await t.client.get('/api/now', { signText: 'null' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Invalid signature' });
  });

  it.each(['apikey', 'signature', 'timestamp'])('refuses a request without the %s header', async (name) => {
    const res = await t.client.get('/api/now', { headers: { [name]: undefined } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Missing authentication headers' });
  });

  it('checks the headers before the API key', async () => {
    const res = await t.client.get('/api/now', { headers: { apikey: 'nope', timestamp: undefined } });
    expect(res.json).toEqual({ error: 'Missing authentication headers' });
  });

  it('refuses an unknown API key', async () => {
    const res = await t.client.withKey('0'.repeat(32), t.sb.secretKey).get('/api/now');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Invalid API key' });
  });

  it('refuses a signature made with another secret or over another body', async () => {
    const wrongSecret = await t.client.withKey(t.sb.apiKey, 'f'.repeat(64)).get('/api/now');
    expect(wrongSecret.json).toEqual({ error: 'Invalid signature' });
    const otherBody = await t.client.post(
      '/api/user/session/verify',
      { sessionJwt: 'x' },
      { signText: '{}' },
    );
    expect(otherBody.status).toBe(401);
    expect(otherBody.json).toEqual({ error: 'Invalid signature' });
  });

  it('compares the signature exactly (upper-case hex fails)', async () => {
    const ts = String(t.clock.now());
    const signature = signRequest(t.sb.secretKey, ts, '{}').toUpperCase();
    const res = await t.client.get('/api/now', { headers: { signature } });
    expect(res.json).toEqual({ error: 'Invalid signature' });
  });

  it('treats the secret as UTF-8 text, not as hex bytes', async () => {
    const ts = String(t.clock.now());
    const hexKeyed = (await import('node:crypto'))
      .createHmac('sha256', Buffer.from(t.sb.secretKey, 'hex'))
      .update(`${ts}{}`)
      .digest('hex');
    const res = await t.client.get('/api/now', { timestamp: ts, headers: { signature: hexKeyed } });
    expect(res.json).toEqual({ error: 'Invalid signature' });
  });

  it('allows ±5 min of skew and refuses more, in both directions', async () => {
    const now = t.clock.now();
    for (const ts of [now - FIVE_MIN, now + FIVE_MIN]) {
      expect((await t.client.get('/api/now', { timestamp: ts })).status).toBe(200);
    }
    for (const ts of [now - FIVE_MIN - 1, now + FIVE_MIN + 1]) {
      const res = await t.client.get('/api/now', { timestamp: ts });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'Request expired' });
    }
  });

  it('reads a timestamp in seconds as 1970 (Request expired)', async () => {
    const res = await t.client.get('/api/now', { timestamp: Math.floor(t.clock.now() / 1000) });
    expect(res.json).toEqual({ error: 'Request expired' });
  });

  it('checks the signature before the time', async () => {
    const res = await t.client.get('/api/now', { timestamp: 1000, signText: 'tampered' });
    expect(res.json).toEqual({ error: 'Invalid signature' });
  });

  it('skips the window for a non-numeric timestamp (a platform weakness)', async () => {
    expect((await t.client.get('/api/now', { timestamp: 'soon' })).status).toBe(200);
  });

  it('accepts a replay inside the window (no nonce)', async () => {
    const ts = t.clock.now();
    expect((await t.client.get('/api/now', { timestamp: ts })).status).toBe(200);
    expect((await t.client.get('/api/now', { timestamp: ts })).status).toBe(200);
  });

  it('does not sign the path or the query', async () => {
    const res = await t.client.get('/api/user/exists/demo-player?x=1');
    expect(res.json).toEqual({ exists: true });
  });

  it('reads header names case-insensitively', async () => {
    const ts = String(t.clock.now());
    const res = await fetch(`${t.sb.url}/api/now`, {
      headers: { ApiKey: t.sb.apiKey, Timestamp: ts, SIGNATURE: signRequest(t.sb.secretKey, ts, '{}') },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a user-role key on an admin route (403) and serves the admin key', async () => {
    const res = await t.client.get('/api/status');
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'Insufficient permissions' });
    const admin = await t.client.withKey(t.sb.admin.apiKey, t.sb.admin.secretKey).get('/api/status');
    expect(admin.status).toBe(200);
    expect(admin.json.status).toBe('operational');
  });

  it('signs the parsed body, so whitespace in the sent JSON does not matter', async () => {
    const res = await t.client.post('/api/user/session/verify', undefined, {
      rawBody: '{ "sessionJwt" : "x" }',
      signText: '{"sessionJwt":"x"}',
    });
    expect(res.json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('parses text/plain as {} (so a signature over the text fails, one over "{}" passes)', async () => {
    const text = JSON.stringify({ sessionJwt: 'x' });
    const overText = await t.client.post('/api/user/session/verify', undefined, {
      rawBody: text,
      contentType: 'text/plain',
    });
    expect(overText.json).toEqual({ error: 'Invalid signature' });
    const overEmpty = await t.client.post('/api/user/session/verify', undefined, {
      rawBody: text,
      contentType: 'text/plain',
      signText: '{}',
    });
    expect(overEmpty.json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('parses the other JSON content types and url-encoded forms', async () => {
    const body = JSON.stringify({ sessionJwt: 'x' });
    const vnd = await t.client.post('/api/user/session/verify', undefined, {
      rawBody: body,
      contentType: 'application/vnd.api+json; charset=utf-8',
    });
    expect(vnd.json).toEqual({ error: 'Invalid sessionJwt' });
    const form = await t.client.post('/api/user/session/verify', undefined, {
      rawBody: 'sessionJwt=x',
      signText: body,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('signs "{}" for a POST with an empty JSON body', async () => {
    const res = await t.client.post('/api/user/session/verify', undefined, { rawBody: '', signText: '{}' });
    expect(res.json).toEqual({ error: 'Invalid sessionJwt' });
  });
});
