/**
 * `toNextRoute`: a Fetch-API handler as a Next.js App Router route handler (`app/<mount>/[...path]/route.ts`).
 *
 * Three things differ from a plain Fetch runtime. `next build` loads the route module with no secrets in the
 * environment, so the handler is built on the first request, not at import. On the edge runtime Next appends the
 * route's params to the URL (`?path=api&path=user&path=login`), which the handler would refuse as a query the
 * platform route does not take: exactly those entries are removed, nothing else. And `next start` reports
 * `localhost` as the URL's host whatever the browser asked for, so the same-origin check reads the `Host` header.
 * Only types are shared with Next: the module imports nothing from it.
 */
import { HOST } from './front-door.js';
import type { FetchHandler } from './node-adapter.js';

/** The part of Next's route context that is read: the dynamic params of the route (a promise since Next 15). */
export interface NextRouteContext {
  params?:
    | Promise<Record<string, string | string[] | undefined>>
    | Record<string, string | string[] | undefined>;
}

/** A Next.js route handler: export it as `GET`, `POST` and `OPTIONS`. */
export type NextRouteHandler = (request: Request, context?: NextRouteContext) => Promise<Response>;

/** The request URL with Next's echo of the route params removed and the host the browser asked for. */
async function ownUrl(request: Request, context: NextRouteContext | undefined): Promise<URL> {
  const url = new URL(request.url);
  const params = await context?.params;
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    const echoed = Array.isArray(value) ? value : [value];
    const present = url.searchParams.getAll(name);
    // Only an exact echo is Next's: any other value under that name came from the browser and stays (refused).
    if (present.length === echoed.length && present.every((v, i) => v === echoed[i]))
      url.searchParams.delete(name);
  }
  const host = request.headers.get('host');
  if (host === null || host === url.host || !HOST.test(host)) return url; // a malformed Host: Next's URL stays
  // Rebuilt, not `url.host = host`: that setter keeps the old port when Host has none.
  return new URL(url.pathname + url.search, `${url.protocol}//${host}`);
}

/**
 * Wraps a handler factory as a Next.js route handler; `build` runs on the first request (again after it throws).
 *
 * ```ts
 * // app/plyr/relay/[...path]/route.ts
 * const relay = toNextRoute(() => createSigningHandler({ ..., basePath: '/plyr/relay' }));
 * export { relay as GET, relay as OPTIONS, relay as POST };
 * ```
 */
export function toNextRoute(build: () => FetchHandler): NextRouteHandler {
  if (typeof build !== 'function')
    throw new TypeError(
      'toNextRoute: pass a function that builds the handler, e.g. () => createSigningHandler({...}).',
    );
  let handler: FetchHandler | undefined;
  return async (request, context) => {
    handler ??= build();
    const url = await ownUrl(request, context);
    if (url.href === request.url) return handler(request);
    const method = request.method.toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? null : request.body;
    const init = { method, headers: request.headers, body, signal: request.signal, duplex: 'half' };
    return handler(new Request(url, init as RequestInit));
  };
}
