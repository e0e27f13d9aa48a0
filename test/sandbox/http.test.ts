// docs/platform/plyr-api.md#base-urls-and-cors, #http-behaviour, #body-parsing conventions: CORS as @koa/cors 5,
// Koa's plain-text 404/405/501/400/413, routing details.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox-client.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.sb.close());

describe('CORS', () => {
  it('answers a preflight with 204, any origin, the methods and the requested headers echoed', async () => {
    const res = await fetch(`${t.sb.url}/api/user/login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://game.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey,signature,timestamp,content-type,x-custom',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,PUT,POST,DELETE,PATCH');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'apikey,signature,timestamp,content-type,x-custom',
    );
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('answers a preflight for unknown paths too', async () => {
    const res = await fetch(`${t.sb.url}/nowhere`, {
      method: 'OPTIONS',
      headers: { origin: 'https://x.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
  });

  it('adds Access-Control-Allow-Origin: * to answers for a request with an Origin, even errors', async () => {
    const ok = await t.client.get('/api', { headers: { origin: 'https://game.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-expose-headers')).toBeNull();
    const refused = await t.client.get('/api/now', {
      unsigned: true,
      headers: { origin: 'https://game.example' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const badJson = await t.client.post('/api/user/login', undefined, {
      rawBody: '{',
      headers: { origin: 'https://game.example' },
    });
    expect(badJson.headers.get('access-control-allow-origin')).toBe('*');
    expect(badJson.headers.get('vary')).toBe('Origin');
  });

  it('sets no CORS headers without an Origin header, and treats OPTIONS without a request method as no preflight', async () => {
    const res = await t.client.get('/api');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
    const options = await fetch(`${t.sb.url}/api/user/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://a.b' },
    });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('POST');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('Koa defaults', () => {
  it('answers an unknown route with plain-text 404 Not Found', async () => {
    const res = await t.client.get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.text).toBe('Not Found');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('answers a wrong method with plain-text 405 and the Allow header', async () => {
    const post = await t.client.post('/api/user/info/demo-player', {});
    expect(post.status).toBe(405);
    expect(post.text).toBe('Method Not Allowed');
    expect(post.headers.get('allow')).toBe('HEAD, GET');
    const get = await t.client.get('/api/user/login');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('checks nothing before the router: an unsigned wrong method is still 405', async () => {
    const res = await fetch(`${t.sb.url}/api/user/login`, { method: 'PUT' });
    expect(res.status).toBe(405);
  });

  it('answers invalid JSON with plain-text 400 Bad Request, before routing', async () => {
    for (const rawBody of ['{', '"a string"', '42', '{"__proto__":{"x":1}}']) {
      const res = await t.client.post('/api/user/login', undefined, { rawBody });
      expect(res.status).toBe(400);
      expect(res.text).toBe('Bad Request');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    }
    const unknown = await t.client.post('/api/unknown', undefined, { rawBody: '{' });
    expect(unknown.status).toBe(400);
  });

  it('accepts a top-level JSON array (strict mode allows it)', async () => {
    const res = await t.client.post('/api/user/session/verify', undefined, { rawBody: '[1,2]' });
    expect(res.json).toEqual({ error: 'Invalid sessionJwt' });
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    const rawBody = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    const res = await t.client.post('/api/user/login', undefined, { rawBody });
    expect(res.status).toBe(413);
    expect(res.text).toBe('request entity too large');
  });

  it('routes case-insensitively, with an optional trailing slash, and serves HEAD on GET routes', async () => {
    expect((await t.client.get('/api/user/info/demo-player/')).json.plyrId).toBe('demo-player');
    expect((await t.client.get('/API/User/Info/demo-player')).json.plyrId).toBe('demo-player');
    const head = await t.client.call('HEAD', '/api', undefined, { unsigned: true });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('serves the unauthenticated liveness route', async () => {
    for (const path of ['/api', '/api/']) {
      const res = await t.client.get(path, { unsigned: true });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ message: 'Welcome to the API' });
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
  });

  it('answers errors thrown in handlers as 500 {error, stack}', async () => {
    const res = await t.client.post('/api/user/login', { otp: '123456' });
    expect(res.status).toBe(500);
    expect(res.json.error).toBe("Cannot read properties of undefined (reading 'toLowerCase')");
    expect(typeof res.json.stack).toBe('string');
  });
});
