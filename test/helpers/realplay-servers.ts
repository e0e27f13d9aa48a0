/**
 * Loopback servers for the real-play tests: the MG+ emulator mounted on its own node:http server, the MG+ relay
 * behind a minimal Fetch-API adapter (passing the connection's address as `clientIp`), and a scriptable stub
 * that stands in for a misbehaving MG+ or relay.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createMgPlusEmulator,
  type MgPlusEmulator,
  type MgPlusEmulatorOptions,
} from '../../src/sandbox/mgplus/emulator.js';
import type { RelayHandler } from '../../src/server/mgplus/relay.js';
import { listenOnLoopback } from './server-harness.js';

/** A started loopback server. */
export interface Started {
  url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The MG+ emulator on its own server (404 for routes it does not handle). */
export async function startMgPlus(
  options: Omit<MgPlusEmulatorOptions, 'baseUrl'> = {},
): Promise<Started & { emulator: MgPlusEmulator }> {
  let emulator: MgPlusEmulator | undefined;
  const started = await listenOnLoopback(async (req, res) => {
    // As startSandbox mounts it: raw bytes only for the emulator's routes, plus the sandbox's CORS header.
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
    if (emulator?.matches(req.method ?? 'GET', path)) {
      emulator.handle(req, res, await readBody(req), { 'access-control-allow-origin': '*' });
      return;
    }
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  emulator = createMgPlusEmulator({ ...options, baseUrl: started.url });
  return { ...started, emulator };
}

/** A Fetch-API handler on node:http, given the connection's address (like `toNodeListener` does). */
export async function startFetchHandler(handler: RelayHandler): Promise<Started> {
  return listenOnLoopback(async (req, res) => {
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.method !== 'GET' && req.method !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
    });
    const remote = req.socket.remoteAddress;
    const response = await handler(request, remote === undefined ? {} : { clientIp: remote });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

/** A request the stub received. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A stub server answering with `reply` (which may never end the response, to test timeouts). */
export async function startStub(
  reply: (req: Recorded, res: ServerResponse) => void,
): Promise<Started & { requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const started = await listenOnLoopback(async (req, res) => {
    const recorded = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(recorded);
    reply(recorded, res);
  });
  return { ...started, requests };
}

/** Answer `res` with JSON. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** HMAC-SHA256 of `bytes`, as MG+ checks it. */
export function hmac(secret: string, bytes: Buffer | string, encoding: 'hex' | 'base64' = 'hex'): string {
  return createHmac('sha256', secret).update(bytes).digest(encoding);
}

/** A stub reply that answers `status` with `body` and echoes the request's `X-Request-ID`, as MG+ does. */
export function echoing(status: number, body: unknown): (req: Recorded, res: ServerResponse) => void {
  return (req, res) =>
    sendJson(res, status, body, { 'x-request-id': String(req.headers['x-request-id'] ?? '') });
}
