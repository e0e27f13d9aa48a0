/**
 * PLYR[CONNECT] URL building and request data: where the hosted page is for each apiBase, the attempt URL, the
 * base64 JSON encoding, and fresh unguessable ids per attempt. The sandbox serves its page where the rule says.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newAttempt } from '../../src/core/connect/attempt.js';
import { decodeBase64Json, encodeBase64Json, PLATFORM_MODES } from '../../src/core/connect/request-data.js';
import { attemptUrl, connectPageUrl } from '../../src/core/connect/url.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { rejection } from '../helpers/rejection.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('connectPageUrl', () => {
  it('maps the platform API hosts to their hosted pages', () => {
    expect(connectPageUrl('https://api.plyr.network').href).toBe('https://connect.plyr.network/');
    expect(connectPageUrl('https://api-testnet.plyr.network').href).toBe(
      'https://connect-testnet.plyr.network/',
    );
  });

  it('uses <apiBase>/connect/ for any other origin (the sandbox)', () => {
    expect(connectPageUrl('http://127.0.0.1:41234').href).toBe('http://127.0.0.1:41234/connect/');
    expect(connectPageUrl('https://staging.example.com').href).toBe('https://staging.example.com/connect/');
  });

  it('prefers the connectUrl option', () => {
    expect(connectPageUrl('https://api.plyr.network', 'https://login.example.com/plyr/').href).toBe(
      'https://login.example.com/plyr/',
    );
  });

  it('rejects a malformed connectUrl or apiBase with INVALID_INPUT', async () => {
    for (const [apiBase, override] of [
      ['https://api.plyr.network', 'not a url'],
      ['nope', undefined],
    ] as const) {
      const error = await rejection(Promise.resolve().then(() => connectPageUrl(apiBase, override)));
      expect(error.code).toBe('INVALID_INPUT');
    }
  });
});

describe('attemptUrl and requestData', () => {
  it('puts action and base64 JSON requestData in the query, keeping the page path', () => {
    const data = {
      gameId: 'plyr-kit-demo',
      mode: 'opener',
      callbackString: 'cb',
      callbackUrl: 'https://g.test/',
    };
    const url = new URL(
      attemptUrl(new URL('https://connect.plyr.network/?lang=en'), 'login', encodeBase64Json(data)),
    );
    expect(url.origin + url.pathname).toBe('https://connect.plyr.network/');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('action')).toBe('login');
    expect(decodeBase64Json(url.searchParams.get('requestData'))).toEqual(data);
  });

  it('encodes UTF-8 text (not Latin-1 only) and round-trips it', () => {
    const value = { name: 'Jörg 🎮', amounts: [1.5, '2'] };
    const encoded = encodeBase64Json(value);
    expect(encoded).toBe(Buffer.from(JSON.stringify(value), 'utf8').toString('base64'));
    expect(decodeBase64Json(encoded)).toEqual(value);
  });

  it('refuses what is not base64 JSON', () => {
    for (const bad of [42, 'not base64!!', btoa('{oops'), btoa(String.fromCharCode(0xff, 0xfe))])
      expect(() => decodeBase64Json(bad)).toThrow();
  });

  it('names the modes as the hosted page does', () => {
    expect(PLATFORM_MODES).toEqual({ popup: 'opener', iframe: 'iframe', redirect: 'redirect' });
  });
});

describe('newAttempt', () => {
  it('makes a distinct UUID v4 uid and callbackString for every attempt', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const attempt = newAttempt('popup', 'login', 'https://connect.plyr.network', 1000);
      expect(attempt.uid).toMatch(UUID_V4);
      expect(attempt.callbackString).toMatch(UUID_V4);
      seen.add(attempt.uid).add(attempt.callbackString);
    }
    expect(seen.size).toBe(100);
  });
});

describe('the sandbox serves its hosted page where connectPageUrl points', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers the page and its script with a strict CSP and proper types', async () => {
    const page = connectPageUrl(sandbox.url);
    const html = await fetch(attemptUrl(page, 'login', encodeBase64Json({ gameId: sandbox.gameId })));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const text = await html.text();
    expect(text).toContain('data-connect="approve"');
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await fetch(new URL('connect.js', page));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("vendor: 'plyrconnect'");
  });
});
