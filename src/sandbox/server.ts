/**
 * The sandbox's node:http plumbing, in the platform's middleware order (docs/platform/plyr-api.md#http-behaviour):
 * CORS (@koa/cors 5 defaults) → [sandbox fault injection] → body parser → error handler → router (+ allowedMethods).
 * The MG+ emulator's routes (`/v1/authenticate`, `/sandbox/mgplus/*`) are handed their raw body after CORS and faults.
 * Response shapes follow Koa: objects as compact JSON, strings as text, empty statuses as their status text.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { FaultRegistry } from './faults.js';
import type { MgPlusEmulator } from './mgplus/emulator.js';
import { parseBody } from './plyr/body-parser.js';
import type { Reply, RequestContext } from './plyr/context.js';
import { PlainHttpError, stackOf } from './plyr/errors.js';
import { IMPLEMENTED_METHODS, type Router } from './plyr/router.js';

const CORS_ALLOW_METHODS = 'GET,HEAD,PUT,POST,DELETE,PATCH';

type Headers = Record<string, string>;

function contentTypeOf(body: string): string {
  return /^\s*</.test(body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
}

/** Writes a Koa-style answer: `undefined` body → the status text (none for 204/304). */
function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Headers,
): void {
  if (res.headersSent || res.destroyed) return;
  let text = '';
  const out: Headers = { ...headers };
  if (status !== 204 && status !== 304) {
    if (body === undefined) body = STATUS_CODES[status] ?? String(status);
    if (typeof body === 'string') {
      text = body;
      out['content-type'] ??= contentTypeOf(text);
    } else {
      text = JSON.stringify(body);
      out['content-type'] = 'application/json; charset=utf-8';
    }
    out['content-length'] = String(Buffer.byteLength(text));
  }
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** @koa/cors 5 with no options. Returns true when it answered a preflight itself. */
function applyCors(req: IncomingMessage, headers: Headers): boolean {
  headers.vary = 'Origin';
  const origin = req.headers.origin;
  if (!origin) return false;
  if (req.method !== 'OPTIONS') {
    headers['access-control-allow-origin'] = '*';
    return false;
  }
  if (!req.headers['access-control-request-method']) return false;
  headers['access-control-allow-origin'] = '*';
  headers['access-control-allow-methods'] = CORS_ALLOW_METHODS;
  const requested = req.headers['access-control-request-headers'];
  if (requested) headers['access-control-allow-headers'] = requested;
  return true;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** What the server needs from its sandbox. */
export interface ServerDeps {
  router: Router;
  faults: FaultRegistry;
  /** Aborted by close(): pending fault delays end and their connections are dropped. */
  closing: AbortSignal;
  /** The MG+ emulator, mounted next to the PLYR API (set once the server listens and its URL is known). */
  mgplus?: MgPlusEmulator;
}

const MGPLUS_BODY_LIMIT = 1024 * 1024;

/** The raw request body (the MG+ HMAC covers the exact bytes), refusing more than 1 MB. */
async function readRaw(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MGPLUS_BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function runSteps(ctx: RequestContext, router: Router): Promise<Reply> {
  if (!IMPLEMENTED_METHODS.includes(ctx.method)) return { status: 501, body: undefined };
  const match = router.match(ctx.method, ctx.path);
  if (!match.route) {
    if (match.allowed.length === 0) return { status: 404, body: undefined };
    if (ctx.method === 'OPTIONS') return { status: 200, body: '' };
    return { status: 405, body: undefined };
  }
  ctx.params = match.params;
  for (const step of match.route.steps) {
    const answer = await step(ctx);
    if (answer) return answer;
  }
  return { status: 404, body: undefined };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const headers: Headers = {};
  if (applyCors(req, headers)) {
    req.resume();
    return send(req, res, 204, undefined, headers);
  }
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.search(/[?#]/);
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const method = (req.method ?? 'GET').toUpperCase();

  if (path.startsWith('/api') || path.startsWith('/v1/')) {
    const fault = deps.faults.take(method, path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs, deps.closing);
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        req.resume();
        return send(req, res, fault.status, fault.body, headers);
      }
    }
  }

  if (deps.mgplus?.matches(method, path)) {
    const raw = await readRaw(req);
    if (!raw) return send(req, res, 413, 'request entity too large', headers);
    deps.mgplus.handle(req, res, raw, headers);
    return;
  }

  let body: unknown;
  try {
    body = await parseBody(req);
  } catch (err) {
    // Thrown before the platform's errorHandler: Koa's default handler answers in plain text.
    if (!(err instanceof PlainHttpError)) throw err;
    return send(req, res, err.status, err.expose ? err.message : STATUS_CODES[err.status], headers);
  }

  const ctx: RequestContext = {
    method,
    path,
    params: {},
    query: new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1).replace(/#.*$/, '')),
    headers: req.headers,
    body,
  };
  let answer: Reply;
  try {
    answer = await runSteps(ctx, deps.router);
  } catch (err) {
    // The platform's errorHandler: `err.status || 500`, `{error: message, stack}`.
    const e = err instanceof Error ? err : new Error(String(err));
    const status = (e as { status?: unknown }).status;
    answer = {
      status: typeof status === 'number' ? status : 500,
      body: { error: e.message, stack: stackOf(e) },
    };
  }
  if (answer.status === 405 || answer.status === 501 || (answer.status === 200 && method === 'OPTIONS')) {
    headers.allow = deps.router.match(method, path).allowed.join(', ');
  }
  send(req, res, answer.status, answer.body, { ...headers, ...answer.headers });
}

/** An http.Server serving the sandbox's routes. */
export function createSandboxServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch(() => {
      // A fault delay cut short by close(), or an unexpected failure: drop the connection.
      if (!res.headersSent) res.destroy();
    });
  });
  // The platform sits behind no keep-alive quirks worth reproducing; keep sockets short-lived for clean shutdowns.
  server.keepAliveTimeout = 5_000;
  return server;
}
