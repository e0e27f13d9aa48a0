/**
 * A stand-in for the studio's relay as issue #13 wants it, for the browser client's tests until the real relay
 * (`src/server/mgplus-relay.ts`) changes: it signs and forwards authenticate to the sandbox MG+ with any launch
 * token (opaque ones too), then answers MG+'s body minus `playerToken` plus an opaque `sessionId`, or with the
 * token kept when the studio opted in. It keeps what a round handler would look up by session id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hmac, type Started, sendJson, startStub } from './realplay-servers.js';

/** Options of {@link startSessionRelay}. */
export interface SessionRelayOptions {
  /** Base URL of the sandbox MG+. */
  mgplusUrl: string;
  sharedSecret: string;
  provider: string;
  /** `strip` (the default the issue asks for) or `pass` (the studio opted in to hand the token to the browser). */
  playerToken?: 'strip' | 'pass';
  /** The player's IP the relay reports. Default a TEST-NET-2 address. */
  ip?: string;
}

/** The session relay: its URL, and the player tokens it kept by session id. */
export type SessionRelay = Started & { sessions: Map<string, string> };

/** Start a session relay on loopback; the client's relay URL is its `url`. */
export async function startSessionRelay(options: SessionRelayOptions): Promise<SessionRelay> {
  const sessions = new Map<string, string>();
  const stub = await startStub((req, res) => {
    void (async () => {
      const fields = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
      const text = JSON.stringify({
        ...fields,
        provider: options.provider,
        ip: options.ip ?? '198.51.100.7',
      });
      const answer = await fetch(`${options.mgplusUrl}/v1/authenticate`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': randomUUID(),
          'x-hmac-signature': hmac(options.sharedSecret, text),
        },
        body: text,
      });
      const body = (await answer.json()) as Record<string, unknown>;
      if (!answer.ok) return sendJson(res, answer.status, body);
      const { playerToken, ...rest } = body;
      const sessionId = randomBytes(16).toString('base64url');
      sessions.set(sessionId, String(playerToken));
      sendJson(res, 200, options.playerToken === 'pass' ? { ...body, sessionId } : { ...rest, sessionId });
    })().catch((error: unknown) =>
      sendJson(res, 502, { error: String(error), code: 'UPSTREAM_UNREACHABLE' }),
    );
  });
  return { url: stub.url, close: stub.close, sessions };
}
