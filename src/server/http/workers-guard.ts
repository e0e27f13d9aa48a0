/**
 * Memory state on Cloudflare Workers is refused when a handler is created: every isolate has its own memory, and
 * Workers starts, spreads requests over and drops isolates as it likes, so rate limits and 2FA strikes would reset
 * without a sign (and real-play sessions would vanish). Refusing at start-up is the one place a studio will see it.
 */

/** Whether this runs on Cloudflare's workerd (Workers, `wrangler dev`, Miniflare). */
export function onCloudflareWorkers(): boolean {
  return typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers';
}

/** Whether `state` (an option as given) is the in-memory one: left out, or from `createMemoryState`. */
export function isMemoryState(state: unknown): boolean {
  return state === undefined || (state as { store?: unknown } | null)?.store === 'memory';
}

/**
 * Throws the start-up refusal for `who` (`createSigningHandler`, `createRelayHandler`) on workerd, unless the
 * studio said `allowMemoryState: true`.
 * @throws TypeError that says what to pass instead.
 */
export function refuseMemoryStateOnWorkers(who: string, allowMemoryState: boolean | undefined): void {
  if (allowMemoryState === true || !onCloudflareWorkers()) return;
  throw new TypeError(
    `${who}: memory state on Cloudflare Workers resets whenever Workers starts another isolate. Pass \`state: createRedisState({ redis: fromUpstash(upstashRedis) })\` (see docs/deploy.md), or \`allowMemoryState: true\` for a one-isolate dev setup.`,
  );
}
