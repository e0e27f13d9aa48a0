/**
 * `toNodeListener`: mounts a Fetch-API handler on node:http or Express.
 *
 * For handlers made by `createSigningHandler` and `createRelayHandler` it feeds the pipeline straight from
 * `IncomingMessage` and writes the answer to `ServerResponse`, without building undici `Request`/`Response` objects
 * (measured by `npm run bench`); the pipeline reads the request's own path, never a URL rebuilt through `Host`.
 * Any other Fetch-API handler gets a real `Request` and the connection's address as `{ clientIp }`; a request that
 * cannot become one (a malformed `Host`, a method the Fetch API forbids such as `TRACE`) is a 400.
 * Only types are imported from Node, so the module also loads in edge runtimes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Refusal } from './errors.js';
import { CALL_HANDLER, type CallHandler, type IncomingCall, type OutgoingAnswer } from './incoming.js';

/** A Fetch-API handler that may take the connection facts as a second argument. */
export type FetchHandler = (request: Request, info?: { clientIp?: string }) => Promise<Response>;

/** A node:http request listener that also fits Express (`app.use('/plyr/sign', listener)`). */
export type NodeListener = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Whether to take the client IP (for the per-IP rate limits) from `X-Forwarded-For`. Default `false`: the socket
   * address. `true`: the left-most address (only behind a proxy that overwrites the header). A number `n`: the
   * address `n` entries from the right, i.e. the one your `n` trusted proxies saw (1 = one proxy in front).
   */
  trustProxy?: boolean | number;
}

/** The request parts an Express-style framework may add. */
interface FrameworkRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
}

/** The client IP from the socket, or from `X-Forwarded-For` per `trustProxy`. */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean | number = false): string | undefined {
  const socketIp = req.socket?.remoteAddress;
  if (trustProxy === false || trustProxy === 0) return socketIp;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0) return socketIp;
  if (trustProxy === true) return list[0];
  return list[Math.max(0, list.length - trustProxy)];
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A body a framework already parsed (e.g. `express.json()`), as bytes; `undefined` when the stream is unread. */
function preParsedBody(req: FrameworkRequest): Uint8Array | undefined {
  if (!req.readableEnded || req.body === undefined) return undefined;
  const body = req.body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  return new TextEncoder().encode(JSON.stringify(body) ?? '');
}

/**
 * A body a framework read and kept nowhere we can see (Fastify parses into its own request object): waiting for
 * `end` would hang the request for good, so it is refused at once with the way to mount.
 */
function bodyAlreadyRead(): Refusal {
  return new Refusal(
    'BODY_ALREADY_READ',
    'A framework read the request body before the endpoint: mount toNodeListener before body parsing (Fastify: an onRequest hook with reply.hijack(); see the README, Mounting).',
  );
}

/** True when something else has read (or started reading) the stream: its `end` is gone or its bytes are. */
function streamTaken(req: IncomingMessage): boolean {
  return req.readableEnded || req.readableDidRead;
}

/** Reads the request body up to `limit` bytes; `null` beyond it (the rest is left unread). */
function readNodeBody(req: FrameworkRequest, limit: number): Promise<Uint8Array | null> {
  const parsed = preParsedBody(req);
  if (parsed !== undefined) return Promise.resolve(parsed.byteLength > limit ? null : parsed);
  if (streamTaken(req)) return Promise.reject(bodyAlreadyRead());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    // After `end` the listeners stay: no data can follow, and removing three listeners a request costs more than
    // leaving them to the request's garbage (a late `error` then still has a listener).
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: OutgoingAnswer,
  bodyRead: boolean,
): void {
  // A body left unread (refused before or while reading) is not drained: the connection is closed instead, so a
  // huge upload costs neither memory nor bandwidth.
  const unread = !req.complete && !(bodyRead && req.readableEnded);
  const headers: Record<string, string | number> = unread
    ? { ...answer.headers, connection: 'close' }
    : answer.headers;
  const body = answer.body;
  // A length, so Node sends the answer in one piece instead of chunked (less to frame and to write).
  if (body !== null)
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(answer.status, headers);
  res.end(body ?? undefined);
  if (unread) res.once('finish', () => req.destroy());
}

function badRequest(res: ServerResponse): void {
  res.writeHead(400, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end('{"error":"Malformed request.","code":"INVALID_REQUEST"}');
}

function internalError(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end('{"error":"The signing endpoint failed unexpectedly.","code":"INTERNAL"}');
}

/**
 * An {@link IncomingCall} read straight from node:http. A class, not an object literal: no closures per request,
 * and a getter on a literal makes V8 build each call object the slow way (an object literal with `get clientIp()`
 * cost the node path 25–35 µs a request in `npm run bench`).
 */
class NodeCall implements IncomingCall {
  readonly method: string;
  readonly target: string;
  readonly host: string;
  /** Whether the pipeline asked for the body (see {@link writeAnswer}). */
  bodyRead = false;

  constructor(
    private readonly req: FrameworkRequest,
    private readonly trustProxy: boolean | number,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.target = req.originalUrl ?? req.url ?? '/';
    this.host = (req.headers.host ?? '').toLowerCase();
  }

  header(name: string): string | null {
    return headerOf(this.req, name);
  }

  readBody(limit: number): Promise<Uint8Array | null> {
    this.bodyRead = true;
    return readNodeBody(this.req, limit);
  }

  /** Read when first needed (the call's context keeps it). */
  get clientIp(): string | undefined {
    return clientIpOf(this.req, this.trustProxy);
  }
}

function fastListener(handle: CallHandler, trustProxy: boolean | number): NodeListener {
  return (req: FrameworkRequest, res) => {
    const call = new NodeCall(req, trustProxy);
    // One reaction, not `.then().catch()`: a turn of the microtask queue fewer per request.
    handle(call).then(
      (answer) => {
        try {
          writeAnswer(req, res, answer, call.bodyRead);
        } catch {
          internalError(res);
        }
      },
      () => internalError(res),
    );
  };
}

/** Builds a Fetch-API `Request` from a node:http request (body streamed, not buffered). */
function toRequest(req: FrameworkRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const url = `http://${req.headers.host ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`;
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const parsed = preParsedBody(req);
  let body: BodyInit;
  if (parsed !== undefined) {
    body = parsed as BodyInit;
  } else {
    const chunks = req[Symbol.asyncIterator]();
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value as Buffer));
      },
      cancel() {
        req.destroy();
      },
    });
  }
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}

function fetchListener(handler: FetchHandler, trustProxy: boolean | number): NodeListener {
  return (req: FrameworkRequest, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      if (method !== 'GET' && method !== 'HEAD' && preParsedBody(req) === undefined && streamTaken(req)) {
        const refusal = bodyAlreadyRead();
        res.writeHead(refusal.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(refusal.bodyText());
        return;
      }
      let request: Request;
      try {
        request = toRequest(req);
      } catch {
        badRequest(res);
        return;
      }
      try {
        const ip = clientIpOf(req, trustProxy);
        const response = await handler(request, ip === undefined ? {} : { clientIp: ip });
        const headers: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          if (name !== 'set-cookie') headers[name] = value;
        });
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) headers['set-cookie'] = cookies;
        const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
        const unread = !req.complete;
        res.writeHead(response.status, unread ? { ...headers, connection: 'close' } : headers);
        res.end(body);
        if (unread) res.once('finish', () => req.destroy());
      } catch {
        internalError(res);
      }
    })();
  };
}

/**
 * Mounts a Fetch-API handler on node:http (`http.createServer(toNodeListener(handler))`) or Express
 * (`app.use('/plyr/sign', toNodeListener(handler))`; the handler sees the full original URL, so set its `basePath`
 * to the mount path). Works with a body already parsed by `express.json()` too; a body a framework read without
 * keeping it where Node's request shows it (a Fastify route) is refused at once with 500 `BODY_ALREADY_READ`, never
 * left waiting: mount Fastify in an `onRequest` hook with `reply.hijack()` (README, Mounting).
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  const trustProxy = options.trustProxy ?? false;
  const fast = (handler as unknown as Record<symbol, CallHandler | undefined>)[CALL_HANDLER];
  return typeof fast === 'function' ? fastListener(fast, trustProxy) : fetchListener(handler, trustProxy);
}
