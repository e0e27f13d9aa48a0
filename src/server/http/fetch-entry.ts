/**
 * The Fetch-API face of a pipeline: adapts `Request` to an {@link IncomingCall} and the answer to a `Response`,
 * and publishes the pipeline under {@link CALL_HANDLER} so `toNodeListener` can feed it straight from node:http.
 */
import { Refusal } from './errors.js';
import { JSON_HEADERS } from './front-door.js';
import { CALL_HANDLER, type CallHandler, type IncomingCall, readRequestBody } from './incoming.js';

/** Connection facts a Fetch-API `Request` cannot carry. */
export interface ConnectionInfo {
  /**
   * The client's IP address, or a function that reads it (`() => server.requestIP(request)?.address` on Bun). A
   * function is called at most once, and only when something needs the address (a rate limit, MG+'s player IP): a
   * handler without limits then never pays for reading it.
   */
  clientIp?: string | (() => string | null | undefined);
}

/** A Fetch-API handler that may take the connection's address as a second argument. */
export type FetchCallHandler = (request: Request, info?: ConnectionInfo) => Promise<Response>;

/**
 * The path and query, and the host, of a request URL. `Request.url` is already serialized by the runtime, so they are
 * cut out of the text (as `URL` would give them, without building one per request); a URL of another shape (with a
 * user name, say) goes through `URL`.
 */
function targetAndHost(href: string): { target: string; host: string } {
  const authority = href.indexOf('://') + 3;
  const slash = authority < 3 ? -1 : href.indexOf('/', authority);
  const host = slash === -1 ? '' : href.slice(authority, slash);
  if (slash === -1 || host === '' || host.includes('@')) {
    const url = new URL(href);
    return { target: url.pathname + url.search, host: url.host };
  }
  const hash = href.indexOf('#', slash);
  return { target: hash === -1 ? href.slice(slash) : href.slice(slash, hash), host };
}

/** The client's address from `info` (a value, or a function called now), else from `getClientIp`. */
function connectionIp(
  request: Request,
  info: ConnectionInfo | undefined,
  getClientIp: ((request: Request) => string | null | undefined) | undefined,
): string | undefined {
  const given = info?.clientIp;
  return (typeof given === 'function' ? given() : given) ?? getClientIp?.(request) ?? undefined;
}

/** An {@link IncomingCall} over a Fetch-API `Request` (a class: see `NodeCall` in node-adapter.ts). */
class FetchCall implements IncomingCall {
  readonly method: string;
  readonly target: string;
  readonly host: string;
  private readonly headers: Headers;

  constructor(
    private readonly request: Request,
    private readonly info: ConnectionInfo | undefined,
    private readonly getClientIp: ((request: Request) => string | null | undefined) | undefined,
  ) {
    const { target, host } = targetAndHost(request.url);
    this.method = request.method.toUpperCase();
    this.target = target;
    this.host = host.toLowerCase();
    this.headers = request.headers;
  }

  header(name: string): string | null {
    return this.headers.get(name);
  }

  readBody(limit: number, declared?: string | null): Promise<Uint8Array | null> {
    return readRequestBody(this.request, limit, declared);
  }

  /** Read when first needed (the call's context keeps it): Bun's `requestIP` costs about 1.5 µs a request. */
  get clientIp(): string | undefined {
    return connectionIp(this.request, this.info, this.getClientIp);
  }
}

/** The Fetch-API handler of a pipeline; `getClientIp` reads the address when `info` does not carry one. */
export function fetchEntry(
  handleCall: CallHandler,
  getClientIp?: (request: Request) => string | null | undefined,
): FetchCallHandler {
  const handler: FetchCallHandler = async (request, info) => {
    let call: IncomingCall;
    try {
      call = new FetchCall(request, info, getClientIp);
    } catch {
      const refusal = new Refusal('INVALID_REQUEST', 'Unreadable request.');
      return new Response(refusal.bodyText(), { status: refusal.status, headers: JSON_HEADERS });
    }
    const answer = await handleCall(call);
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
  };
  Object.defineProperty(handler, CALL_HANDLER, { value: handleCall });
  return handler;
}
