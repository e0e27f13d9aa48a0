/**
 * The Fetch-API face of a pipeline: adapts `Request` to an {@link IncomingCall} and the answer to a `Response`,
 * and publishes the pipeline under {@link CALL_HANDLER} so `toNodeListener` can feed it straight from node:http.
 */
import { Refusal } from './errors.js';
import { JSON_HEADERS } from './front-door.js';
import { CALL_HANDLER, type CallHandler, type IncomingCall, readStreamLimited } from './incoming.js';

/** A Fetch-API handler that may take the connection's address as a second argument. */
export type FetchCallHandler = (request: Request, info?: { clientIp?: string }) => Promise<Response>;

/** The Fetch-API handler of a pipeline; `getClientIp` reads the address when `info` does not carry one. */
export function fetchEntry(
  handleCall: CallHandler,
  getClientIp?: (request: Request) => string | null | undefined,
): FetchCallHandler {
  const handler: FetchCallHandler = async (request, info) => {
    let call: IncomingCall;
    try {
      const url = new URL(request.url);
      call = {
        method: request.method.toUpperCase(),
        target: url.pathname + url.search,
        host: url.host.toLowerCase(),
        header: (name) => request.headers.get(name),
        readBody: (limit) => readStreamLimited(request.body, limit),
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
