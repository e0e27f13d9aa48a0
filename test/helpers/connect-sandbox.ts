/**
 * PLYR[CONNECT] test helpers: what the sandbox's hosted page does when the player clicks Approve (its approve
 * route, over real HTTP), reading an attempt back out of a hosted-page URL, and a tab-like sessionStorage for Node.
 */
import { Buffer } from 'node:buffer';

/** The `requestData` of a hosted-page URL, decoded. */
export function requestDataOf(url: string): Record<string, unknown> {
  const encoded = new URL(url).searchParams.get('requestData') ?? '';
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
}

/** base64 of UTF-8 JSON, as the hosted page and the client encode `requestData` and `callbackData`. */
export const base64Json = (value: unknown): string =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/**
 * Approves an attempt as the sandbox's hosted page does (`POST /sandbox/connect/approve`): issues the session for
 * `plyrId` and, with a `uid` in the request data, stores the hand-off. Resolves to the status and the login answer.
 */
export async function approveOnSandbox(
  sandboxUrl: string,
  requestData: Record<string, unknown>,
  options: { plyrId?: string; action?: string } = {},
): Promise<{ status: number; data: Record<string, unknown>; error?: string }> {
  const res = await fetch(`${sandboxUrl}/sandbox/connect/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      action: options.action ?? 'login',
      requestData: base64Json(requestData),
      plyrId: options.plyrId ?? 'demo-player',
    }),
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; error?: string };
  return { status: res.status, data: json.data ?? {}, ...(json.error ? { error: json.error } : {}) };
}

/** A Storage kept in memory: one browser tab's sessionStorage, for Node. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}
