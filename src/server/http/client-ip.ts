/**
 * The client's IP address, for the per-IP limits and for MG+: taken from the connection, never from the browser's
 * JSON. Behind reverse proxies the connection is the proxy's, so `trustProxy` says how much of `X-Forwarded-For` to
 * believe; where a handler never sees the connection (Next.js, Fetch-API runtimes behind a platform proxy),
 * {@link clientIpFromHeaders} reads it with a set number of trusted proxies. `X-Forwarded-For` is never trusted by
 * default: anyone can send it, and a fresh forged value would otherwise be a fresh rate-limit bucket.
 */

/**
 * Which address is the client's:
 * - `false` / `0` (default): the connection's address; `X-Forwarded-For` is ignored (anyone can send it);
 * - `true`: the left-most `X-Forwarded-For` entry (every hop is trusted: only when all traffic comes through your
 *   own proxies, which overwrite the header);
 * - `n` (a number): `n` proxies in front of this server are trusted; the client is the address `n` hops back from
 *   the connection along `X-Forwarded-For` (like Express's `trust proxy` hop count).
 */
export type TrustProxy = boolean | number;

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d+)?$/;

/** An address as written by proxies and sockets, normalised: no port, IPv4-mapped IPv6 as IPv4. */
export function normaliseIp(address: string): string {
  let ip = address.trim();
  const withPort = IPV4_WITH_PORT.exec(ip);
  if (withPort) ip = withPort[1]!;
  const bracketed = BRACKETED_IPV6.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** The addresses of an `X-Forwarded-For` header, left to right, normalised (empty entries dropped). */
function forwardedFor(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(normaliseIp);
}

/** The client's IP address, or `undefined` when it cannot be known. */
export function resolveClientIp(
  header: (name: string) => string | null,
  connectionIp: string | undefined,
  trustProxy: TrustProxy = false,
): string | undefined {
  const remote = connectionIp === undefined || connectionIp === '' ? undefined : normaliseIp(connectionIp);
  const hops =
    trustProxy === true ? Number.POSITIVE_INFINITY : trustProxy === false ? 0 : Math.max(0, trustProxy);
  if (hops === 0) return remote;
  // Counting hops back needs the connection's address as the starting point.
  if (remote === undefined && hops !== Number.POSITIVE_INFINITY) return undefined;
  const forwarded = forwardedFor(header('x-forwarded-for'));
  const chain = remote === undefined ? forwarded : [...forwarded, remote];
  if (chain.length === 0) return undefined;
  const index = hops === Number.POSITIVE_INFINITY ? 0 : Math.max(0, chain.length - 1 - hops);
  return chain[index];
}

/** True for a dotted-quad IPv4 address (what MG+ accepts). */
export function isIpv4(value: string): boolean {
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value);
}

/** Options of {@link clientIpFromHeaders}. */
export interface ClientIpFromHeadersOptions {
  /**
   * How many proxies in front of the handler append to `X-Forwarded-For` (or, as Vercel's, overwrite it): the client
   * is the entry that many places from the right. `0` trusts no entry (every client shares one bucket). Set it to the
   * proxies really there: one more than that lets the browser choose its address by sending the header itself.
   */
  trustedProxies: number;
}

/**
 * A `getClientIp` for Fetch-API handlers that never see the connection: the client's address from
 * `X-Forwarded-For`, counting `trustedProxies` entries from the right. A request with fewer entries did not come
 * through those proxies and gets no address (`undefined`: the shared bucket), never a browser-written entry.
 *
 * ```ts
 * createSigningHandler({ ..., getClientIp: clientIpFromHeaders({ trustedProxies: 1 }) }); // one proxy in front
 * ```
 * @throws TypeError when `trustedProxies` is not a whole number ≥ 0.
 */
export function clientIpFromHeaders(
  options: ClientIpFromHeadersOptions,
): (request: Request) => string | undefined {
  const hops = options?.trustedProxies;
  if (typeof hops !== 'number' || !Number.isInteger(hops) || hops < 0)
    throw new TypeError(
      'clientIpFromHeaders: `trustedProxies` must be a whole number of proxies (0 or more).',
    );
  return (request) => {
    if (hops === 0) return undefined;
    const forwarded = forwardedFor(request.headers.get('x-forwarded-for'));
    return forwarded[forwarded.length - hops];
  };
}
