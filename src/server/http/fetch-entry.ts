/**
 * The Fetch-API face of a pipeline: adapts `Request` to an {@link IncomingCall} and the answer to a `Response`,
 * and publishes the pipeline under {@link CALL_HANDLER} so `toNodeListener` can feed it straight from node:http.
 */
import { Refusal } from './errors.js';
import { JSON_HEADERS } from './front-door.js';
import { CALL_HANDLER, type CallHandler, type IncomingCall, readRequestBody } from './incoming.js';

/** A Fetch-API handler that may take the connection's address as a second argument. */
export type FetchCallHandler = (request: Request, info?: { clientIp?: string }) => Promise<Response>;

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

/** The Fetch-API handler of a pipeline; `getClientIp` reads the address when `info` does not carry one. */
export function fetchEntry(
  handleCall: CallHandler,
  getClientIp?: (request: Request) => string | null | undefined,
): FetchCallHandler {
  const handler: FetchCallHandler = async (request, info) => {
    let call: IncomingCall;
    try {
      const { target, host } = targetAndHost(request.url);
      const headers = request.headers;
      call = {
        method: request.method.toUpperCase(),
        target,
        host: host.toLowerCase(),
        header: (name) => headers.get(name),
        readBody: (limit, declared) => readRequestBody(request, limit, declared),
        clientIp: info?.clientIp ?? getClientIp?.(request) ?? undefined,
      };
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
