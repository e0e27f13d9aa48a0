// The demo server over real HTTP: static files with the right types and CSP, no traversal, the signing endpoint
// wired to the sandbox, the dev panel's sandbox routes, relay mode and the real-platform switch.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DemoServer } from '../../demo/server.mjs';
import { startDemo } from '../helpers/e2e-demo.js';

/** GET with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function metaContent(html: string, name: string): string | undefined {
  return new RegExp(`<meta name="${name}" content="([^"]*)">`).exec(html)?.[1];
}

describe('demo server on the sandbox (sign mode)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemo({ mode: 'sign' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('serves the page with a strict CSP that lets the browser reach only itself and the platform', async () => {
    const res = await fetch(`${demo.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`default-src 'self'`);
    expect(csp).toContain(`script-src 'self';`);
    expect(csp).toContain(`style-src 'self';`);
    expect(csp).toContain(`img-src 'self' data: https:`);
    expect(csp).toContain(`connect-src 'self' ${demo.sandbox?.url}`);
    // Only the sandbox's PLYR[CONNECT] page may be framed (iframe mode).
    expect(csp).toContain(`frame-src ${demo.sandbox?.url};`);
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(metaContent(html, 'plyr-game-id')).toBe(demo.gameId);
    expect(metaContent(html, 'plyr-api-base')).toBe(demo.sandbox?.url);
    expect(metaContent(html, 'plyr-signer')).toBe('/plyr/sign');
    expect(metaContent(html, 'plyr-signer-mode')).toBe('sign');
    expect(metaContent(html, 'plyr-sandbox')).toBe('1');
    expect(metaContent(html, 'plyr-demo-player')).toBe('demo-player');
    expect(metaContent(html, 'plyr-second-player')).toBe('second-player');
    expect(metaContent(html, 'plyr-match')).toBe('/demo/match');
    // Nothing inline for the CSP to block: every script has a src, no style attributes or elements.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toContain('%');
  });

  it.each([
    ['/demo.js', 'text/javascript; charset=utf-8'],
    ['/demo.css', 'text/css; charset=utf-8'],
    ['/vendor/phaser.min.js', 'text/javascript; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/demo.js.map', 'application/json; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const res = await fetch(`${demo.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it.each([
    '/../server.mjs',
    '/..%2fserver.mjs',
    '/%2e%2e/%2e%2e/package.json',
    '/..%5c..%5cpackage.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/public/../../package.json',
    '/.gitignore',
    '/src/',
    '/vendor/../../package.json',
    '/%00',
    '/%E0%A4%A',
  ])('never serves files outside the demo folders: %s', async (path) => {
    const res = await rawGet(demo.url, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('"devDependencies"');
    expect(res.body).not.toContain('startDemoServer');
  });

  it('refuses other methods on static files', async () => {
    const res = await fetch(`${demo.url}/demo.js`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it.each(['demo-player', 'second-player'])(
    "proxies the seeded player %s's current code from the sandbox",
    async (plyrId) => {
      const sandbox = demo.sandbox;
      if (!sandbox) throw new Error('expected the sandbox');
      const before = sandbox.totp(plyrId);
      const res = await fetch(`${demo.url}/sandbox/totp/${plyrId}`);
      const after = sandbox.totp(plyrId);
      expect(res.status).toBe(200);
      const { otp } = (await res.json()) as { otp: string };
      expect(otp).toMatch(/^\d{6}$/);
      expect([before, after]).toContain(otp);
    },
  );

  it("proxies no other player's code and no other sandbox route", async () => {
    expect((await fetch(`${demo.url}/sandbox/totp/someone-else`)).status).toBe(404);
    expect((await fetch(`${demo.url}/sandbox/fault`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it("passes the sandbox's refusal of an unknown claiming code through", async () => {
    const res = await fetch(`${demo.url}/sandbox/claim/0000-0000-0000-0000`, { method: 'POST' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await fetch(`${demo.url}/sandbox/claim/..%2f..%2fx`, { method: 'POST' })).status).toBe(404);
  });

  it('signs requests for the page, and the sandbox accepts what it signed', async () => {
    const signed = await fetch(`${demo.url}/plyr/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url },
      body: JSON.stringify({ method: 'GET', path: '/api/user/exists/demo-player' }),
    });
    expect(signed.status).toBe(200);
    const { headers } = (await signed.json()) as { headers: Record<string, string> };
    expect(headers.apikey).toBe(demo.sandbox?.apiKey);
    const platform = await fetch(`${demo.apiBase}/api/user/exists/demo-player`, { headers });
    expect(platform.status).toBe(200);
  });

  it('refuses to sign for another origin', async () => {
    const res = await fetch(`${demo.url}/plyr/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ method: 'GET', path: '/api/user/exists/demo-player' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('ORIGIN_NOT_ALLOWED');
  });
});

describe('demo server in relay mode (the default)', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('lets the browser connect only to itself and forwards platform calls', async () => {
    const page = await fetch(`${demo.url}/`);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self';`);
    const html = await page.text();
    expect(metaContent(html, 'plyr-signer')).toBe('/plyr/relay');
    expect(metaContent(html, 'plyr-signer-mode')).toBe('relay');
    const res = await fetch(`${demo.url}/plyr/relay/api/user/exists/demo-player`, {
      headers: { origin: demo.url },
    });
    expect(res.status).toBe(200);
  });
});

describe('demo server against a "real" platform (the PLYR_* variables)', () => {
  let platform: DemoServer;
  let demo: DemoServer;
  beforeAll(async () => {
    // A second demo's sandbox stands in for the real platform: the demo under test must not start its own.
    platform = await startDemo();
    const sandbox = platform.sandbox;
    if (!sandbox) throw new Error('expected the sandbox');
    demo = await startDemo({
      env: {
        PLYR_API_BASE: `${sandbox.url}/`,
        PLYR_API_KEY: sandbox.apiKey,
        PLYR_SECRET_KEY: sandbox.secretKey,
        PLYR_GAME_ID: sandbox.gameId,
      },
    });
  });
  afterAll(async () => {
    await demo?.close();
    await platform?.close();
  });

  it('talks to that platform and hides the sandbox-only routes', async () => {
    expect(demo.sandbox).toBeNull();
    expect(demo.apiBase).toBe(platform.sandbox?.url);
    const html = await (await fetch(`${demo.url}/`)).text();
    expect(metaContent(html, 'plyr-sandbox')).toBe('0');
    expect(metaContent(html, 'plyr-api-base')).toBe(platform.sandbox?.url);
    expect(metaContent(html, 'plyr-match')).toBe('');
    expect((await fetch(`${demo.url}/sandbox/totp/demo-player`)).status).toBe(404);
    // No matches against the real platform: the demo would move real tokens.
    expect((await fetch(`${demo.url}/demo/match/player`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a partial configuration with the names of the missing variables', async () => {
    await expect(
      startDemo({ env: { PLYR_API_BASE: 'https://api-testnet.plyr.network', PLYR_API_KEY: 'k' } }),
    ).rejects.toThrow(/PLYR_SECRET_KEY, PLYR_GAME_ID/);
  });
});
