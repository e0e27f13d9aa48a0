/**
 * Helpers for the signing-endpoint tests: a handler with test keys and a controllable clock, request builders for
 * both modes, a recording stand-in for the platform's fetch, and an independent HMAC check (node:crypto).
 */
import { createHmac } from 'node:crypto';
import type { Sandbox } from '../../src/sandbox/index.js';
import {
  createSigningHandler,
  type SigningHandler,
  type SigningHandlerOptions,
} from '../../src/server/index.js';

export const TEST_KEYS = {
  apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  secretKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  gameId: 'test-game',
  apiBase: 'https://platform.test',
} as const;

export const PAGE_ORIGIN = 'https://game.test';

/** The keys and platform of a sandbox's main game: what a signing endpoint in front of that sandbox is given. */
export const sandboxKeys = (sandbox: Pick<Sandbox, 'apiKey' | 'secretKey' | 'gameId' | 'url'>) => ({
  apiKey: sandbox.apiKey,
  secretKey: sandbox.secretKey,
  gameId: sandbox.gameId,
  apiBase: sandbox.url,
});

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = 1_700_000_000_000) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** One call the handler made to the platform. */
export interface Forwarded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch stand-in that records calls and answers with `reply` (default 200 `{"ok":true}`). */
export function recordingFetch(reply?: (call: Forwarded) => Response | Promise<Response>) {
  const calls: Forwarded[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const call: Forwarded = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    return reply
      ? reply(call)
      : new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch };
}

/**
 * A handler with the test keys, no rate limits and the given overrides; in sign mode unless `mode` says otherwise
 * (relay is the handler's default, but most refusals are easiest to drive through the sign envelope).
 */
export function testHandler(overrides: Partial<SigningHandlerOptions> = {}): SigningHandler {
  return createSigningHandler({
    ...TEST_KEYS,
    mode: 'sign',
    rateLimit: false,
    origins: [PAGE_ORIGIN],
    ...overrides,
  });
}

/** A sign-mode request: `POST <url>` with the JSON envelope (or a raw body text). */
export function signRequest(
  envelope: unknown,
  init: { url?: string; headers?: Record<string, string>; raw?: string } = {},
): Request {
  return new Request(init.url ?? 'https://game.test/plyr/sign', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(envelope),
  });
}

/** A relay-mode request to `https://game.test/plyr/relay<path>`. */
export function relayRequest(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Request {
  const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(`https://game.test/plyr/relay${path}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(hasBody ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

/** The platform signature of docs/platform/plyr-api.md#hmac-signing, computed independently of src/server. */
export const expectedSignature = (secretKey: string, timestamp: string, bodyText: string): string =>
  createHmac('sha256', secretKey)
    .update(timestamp + bodyText)
    .digest('hex');

/** A response read as status, headers and parsed JSON (`undefined` when the body is not JSON). */
export async function readAnswer(response: Response) {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> };
}

/** A node:http server on a free loopback port. */
export async function listenOnLoopback(
  listener: import('node:http').RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends `head` (request line and headers, without the final blank line) and `body` as raw bytes over TCP, so a
 * test can send what `fetch` refuses to (methods such as TRACE, malformed `Host` headers); resolves to the status
 * and the body text of the answer.
 */
export async function rawHttp(
  url: string,
  head: string,
  body = '',
): Promise<{ status: number; body: string }> {
  const { connect } = await import('node:net');
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    const length = Buffer.byteLength(body);
    // Written, not ended: a half-closed socket makes node:http drop an answer still on its way.
    socket.write(`${head}\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n${body}`);
  });
}
