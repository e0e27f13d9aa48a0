/**
 * The built plyr-kit/server (dist/server.js, as `npm test` builds it) in a runtime with Fetch-API types and
 * WebCrypto but no Node built-ins: headless Chromium stands in for an edge runtime. The signing handler, the MG+
 * client and the MG+ relay must pick WebCrypto on their own and produce signatures the platform accepts.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchChromium } from '../helpers/e2e-browser.js';
import { authenticateAnswer } from '../helpers/mgplus-answers.js';
import { expectedSignature, listenOnLoopback, TEST_KEYS } from '../helpers/server-harness.js';

const DIST = new URL('../../dist/server.js', import.meta.url);
const MG_SECRET = 'edge-mgplus-secret';
const EDGE_PLAYER_TOKEN = 'edge-player-token-0123456789abcdef';

describeInBrowser('plyr-kit/server in a non-Node runtime (Chromium)', () => {
  let browser: Browser;
  let site: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    let bundle: string;
    try {
      bundle = readFileSync(DIST, 'utf8');
    } catch {
      throw new Error('dist/server.js is missing: run `npm run build` first (npm test does).');
    }
    site = await listenOnLoopback((req, res) => {
      if (req.url === '/v1/authenticate') {
        // A stand-in MG+ authenticate route: checks the hex HMAC of the exact bytes, answers the guide's shape.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const expected = createHmac('sha256', MG_SECRET).update(Buffer.concat(chunks)).digest('hex');
          const ok = req.headers['x-hmac-signature'] === expected;
          res.writeHead(ok ? 200 : 401, {
            'content-type': 'application/json',
            'x-request-id': String(req.headers['x-request-id']),
          });
          res.end(
            JSON.stringify(
              ok
                ? authenticateAnswer({ playerToken: EDGE_PLAYER_TOKEN })
                : { error: { code: 'SERVER_UNAUTHORIZED', message: 'no' } },
            ),
          );
        });
        return;
      }
      if (req.url === '/v1/balance') {
        // A stand-in MG+ balance route that checks the base64 HMAC of the exact body bytes.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const expected = createHmac('sha256', MG_SECRET).update(Buffer.concat(chunks)).digest('base64');
          const ok =
            req.headers['x-hmac-signature'] === expected && req.headers.authorization === 'Bearer tok';
          res.writeHead(ok ? 200 : 401, {
            'content-type': 'application/json',
            'x-request-id': String(req.headers['x-request-id']),
          });
          res.end(
            JSON.stringify(ok ? { balance: 42 } : { error: { code: 'SERVER_UNAUTHORIZED', message: 'no' } }),
          );
        });
        return;
      }
      if (req.url === '/server.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(bundle);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>edge</title>');
      }
    });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('signs with WebCrypto and refuses off-list paths, without node:crypto or process', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const result = await page.evaluate(async (keys) => {
      const url = '/server.js';
      const { createSigningHandler } = await import(url);
      const handler = createSigningHandler({
        ...keys,
        mode: 'sign',
        basePath: '/plyr/sign',
        rateLimit: false,
      });
      const ask = async (envelope: unknown) => {
        const response = await handler(
          new Request(`${location.origin}/plyr/sign`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(envelope),
          }),
        );
        return { status: response.status, json: await response.json() };
      };
      return {
        hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        login: await ask({
          method: 'POST',
          path: '/api/user/login',
          body: { plyrId: 'demo-player', otp: '123456' },
        }),
        refused: await ask({ method: 'GET', path: '/api/status' }),
      };
    }, TEST_KEYS);
    await page.close();

    expect(result.hasProcess).toBe(false);
    expect(result.login.status).toBe(200);
    const { headers, body } = result.login.json as { headers: Record<string, string>; body: string };
    expect(body).toBe(`{"plyrId":"demo-player","otp":"123456","gameId":"${TEST_KEYS.gameId}"}`);
    expect(headers.signature).toBe(expectedSignature(TEST_KEYS.secretKey, headers.timestamp!, body));
    expect(result.refused).toEqual({
      status: 403,
      json: { error: expect.any(String), code: 'PATH_NOT_ALLOWED' },
    });
  });

  it('calls MG+ with a WebCrypto signature (base64) from createMgPlusClient', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const result = await page.evaluate(async (secret) => {
      const url = '/server.js';
      const { createMgPlusClient } = await import(url);
      const mg = createMgPlusClient({
        baseUrl: location.origin,
        sharedSecret: secret,
        provider: 'edge',
        signatureEncoding: 'base64',
      });
      return mg.balance({ playerId: 'p', playerToken: 'tok', game: 'g', ip: '198.51.100.7' });
    }, MG_SECRET);
    await page.close();
    expect(result).toEqual({ balance: 42, freeGames: [] });
  });

  it('runs the MG+ relay on the client: the browser gets a sessionId, the token stays in the client', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const result = await page.evaluate(async (secret) => {
      const url = '/server.js';
      const { createMgPlusClient, createRelayHandler } = await import(url);
      const mg = createMgPlusClient({ baseUrl: location.origin, sharedSecret: secret, provider: 'edge' });
      const relay = createRelayHandler({ client: mg, rateLimit: false });
      const response = await relay(
        new Request(`${location.origin}/v1/authenticate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ launchToken: 'eyJhbG9hshdgjh38Gsjsk3jdl', game: 'g', platform: 'desktop' }),
        }),
        { clientIp: '198.51.100.7' },
      );
      const text = await response.text();
      const { sessionId } = JSON.parse(text) as { sessionId: string };
      return { status: response.status, text, session: await mg.session(sessionId) };
    }, MG_SECRET);
    await page.close();
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toMatchObject({
      playerId: '44-10000-00042',
      sessionId: expect.any(String),
    });
    expect(result.text).not.toContain(EDGE_PLAYER_TOKEN);
    expect(result.session).toMatchObject({ playerToken: EDGE_PLAYER_TOKEN, game: 'g', ip: '198.51.100.7' });
  });
});
