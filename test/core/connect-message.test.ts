/**
 * PLYR[CONNECT] answers: the postMessage checks (origin, vendor, callbackString, action, callbackData) and the
 * local verification of the session JWT inside an answer, with real answers from the sandbox's hosted page and
 * the client's real key fetch through the signing endpoint.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import { sessionFromConnectAnswer } from '../../src/core/connect/answer.js';
import { readConnectMessage } from '../../src/core/connect/message.js';
import { encodeBase64Json } from '../../src/core/connect/request-data.js';
import { decodeSessionJwt } from '../../src/index.js';
import { approveOnSandbox } from '../helpers/connect-sandbox.js';
import { type CoreEnv, startCoreEnv } from '../helpers/core-fixture.js';
import { rejection } from '../helpers/rejection.js';

const ORIGIN = 'https://connect.plyr.network';
const attempt = {
  origin: ORIGIN,
  callbackString: 'f5b1c7de-6a8e-4c11-9d2a-0b8a4c6e2f10',
  action: 'login' as const,
};
const message = (overrides: Record<string, unknown> = {}, data: unknown = { sessionJwt: 'a.b.c' }) => ({
  vendor: 'plyrconnect',
  action: 'login',
  callbackString: attempt.callbackString,
  callbackData: encodeBase64Json(data),
  ...overrides,
});

describe('readConnectMessage', () => {
  it('accepts the answer of this attempt from the hosted page and decodes callbackData', () => {
    const data = { sessionJwt: 'a.b.c', plyrId: 'demo-player', avatar: 'https://x/ä.png' };
    expect(readConnectMessage({ origin: ORIGIN, data: message({}, data) }, attempt)).toEqual({
      kind: 'answer',
      data,
    });
  });

  it('ignores messages that are not plyrconnect answers, from anywhere', () => {
    for (const data of [
      null,
      'plyrconnect',
      42,
      [],
      { vendor: 'other' },
      { ...message(), vendor: 'PlyrConnect' },
    ])
      expect(readConnectMessage({ origin: 'https://evil.test', data }, attempt)).toEqual({ kind: 'ignore' });
  });

  it('rejects a plyrconnect message from another origin (a forgery), even with the right callbackString', () => {
    for (const origin of [
      'https://evil.test',
      'http://connect.plyr.network',
      'https://connect.plyr.network:444',
      'null',
    ]) {
      const verdict = readConnectMessage({ origin, data: message() }, attempt);
      expect(verdict.kind).toBe('reject');
      if (verdict.kind === 'reject') expect(verdict.error.code).toBe('CONNECT_REJECTED');
    }
  });

  it('ignores an answer with another callbackString (an earlier attempt): the attempt goes on', () => {
    for (const callbackString of ['00000000-0000-4000-8000-000000000000', undefined, ''])
      expect(readConnectMessage({ origin: ORIGIN, data: message({ callbackString }) }, attempt)).toEqual({
        kind: 'ignore',
      });
  });

  it('rejects an answer for another action', () => {
    const verdict = readConnectMessage({ origin: ORIGIN, data: message({ action: 'approve' }) }, attempt);
    expect(verdict.kind === 'reject' && verdict.error.code).toBe('CONNECT_REJECTED');
  });

  it('rejects unreadable callbackData', () => {
    for (const callbackData of [
      undefined,
      42,
      '%%%',
      btoa('not json'),
      encodeBase64Json([1, 2]),
      encodeBase64Json('x'),
    ]) {
      const verdict = readConnectMessage({ origin: ORIGIN, data: message({ callbackData }) }, attempt);
      expect(verdict.kind === 'reject' && verdict.error.code).toBe('CONNECT_REJECTED');
    }
  });

  it('turns an answer without a session (the player declined) into CONNECT_DENIED with its reason', () => {
    const verdict = readConnectMessage(
      { origin: ORIGIN, data: message({}, { error: 'User rejected the request' }) },
      attempt,
    );
    expect(verdict.kind).toBe('reject');
    if (verdict.kind === 'reject') {
      expect(verdict.error.code).toBe('CONNECT_DENIED');
      expect(verdict.error.message).toContain('User rejected the request');
    }
  });
});

describe('sessionFromConnectAnswer (local JWT verification)', () => {
  let env: CoreEnv;
  beforeAll(async () => {
    env = await startCoreEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const request = (gameId = env.sandbox.gameId) => ({
    gameId,
    expiresIn: 3600,
    mode: 'opener',
    callbackString: attempt.callbackString,
    callbackUrl: 'http://game.test/',
  });
  const answer = async (gameId?: string) => {
    const approved = await approveOnSandbox(env.sandbox.url, request(gameId));
    expect(approved.status).toBe(200);
    return approved.data;
  };
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('builds the session from the verified claims, not from the fields around the JWT', async () => {
    const client = env.client();
    const data = await answer();
    const session = await sessionFromConnectAnswer(
      { ...data, plyrId: 'second-player', gameId: 'other-game', primaryAddress: '0xforged' },
      (jwt) => client.verifyJwtLocally(jwt),
    );
    const claims = decodeSessionJwt(String(data.sessionJwt));
    expect(session).toMatchObject({
      plyrId: 'demo-player',
      gameId: env.sandbox.gameId,
      primaryAddress: claims.primaryAddress,
      mirrorAddress: claims.mirrorAddress,
      sessionJwt: data.sessionJwt,
      isGuest: false,
    });
    expect(session.expiresAt).toBe((session.issuedAt ?? Number.NaN) + 3600_000);
  });

  it('rejects a JWT whose payload was changed (signature no longer matches) with INVALID_JWT', async () => {
    const client = env.client();
    const [header, payload, signature] = String((await answer()).sessionJwt).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const forged = `${header}.${b64url({ ...claims, plyrId: 'second-player' })}.${signature}`;
    const error = await rejection(
      sessionFromConnectAnswer({ sessionJwt: forged }, (jwt) => client.verifyJwtLocally(jwt)),
    );
    expect(error.code).toBe('INVALID_JWT');
  });

  it('rejects a JWT signed with another key with INVALID_JWT', async () => {
    const client = env.client();
    const { privateKey } = await generateKeyPair('ES256');
    const claims = decodeSessionJwt(String((await answer()).sessionJwt));
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(privateKey);
    const error = await rejection(
      sessionFromConnectAnswer({ sessionJwt: forged }, (jwt) => client.verifyJwtLocally(jwt)),
    );
    expect(error.code).toBe('INVALID_JWT');
  });

  it('rejects a genuine JWT of another game with INVALID_JWT', async () => {
    const client = env.client();
    const data = await answer('other-game');
    const error = await rejection(sessionFromConnectAnswer(data, (jwt) => client.verifyJwtLocally(jwt)));
    expect(error.code).toBe('INVALID_JWT');
  });

  it('rejects an expired JWT with SESSION_EXPIRED', async () => {
    const client = env.client();
    const data = await answer();
    env.clock.advance(3601_000);
    const error = await rejection(sessionFromConnectAnswer(data, (jwt) => client.verifyJwtLocally(jwt)));
    expect(error.code).toBe('SESSION_EXPIRED');
  });
});
