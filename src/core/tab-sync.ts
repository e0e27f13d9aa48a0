/**
 * Keeps tabs of one origin in sync over BroadcastChannel `plyr-kit:<apiBase|gameId>`: a login or logout in one
 * tab reaches the others without a reload. Messages carry the session itself (same-origin tabs already share it
 * through IndexedDB), so tabs that fell back to memory storage stay in sync too.
 */
import { readSession } from './session.js';
import type { LoginMethod, Session } from './types.js';

/** What one tab tells the others. */
export interface TabMessage {
  session: Session | null;
  /** The guest session kept beside `session`, if any. */
  guest: Session | null;
  /** How the session began, for a login. */
  method?: LoginMethod;
}

/** An open channel. */
export interface TabSync {
  post(message: TabMessage): void;
  close(): void;
}

/** Opens the channel for `key`; `undefined` when BroadcastChannel is not available. */
export function createTabSync(key: string, receive: (message: TabMessage) => void): TabSync | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const channel = new BroadcastChannel(`plyr-kit:${key}`);
  // Node keeps a process alive while a channel is open; a page does not care.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = ({ data }: MessageEvent) => {
    const message = data as Partial<TabMessage> | null;
    const session = readSession(message?.session);
    if (message && (message.session === null || session))
      receive({ session, guest: readSession(message.guest), method: message.method });
  };
  return {
    // Only called while open: the client drops the channel when it is destroyed.
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
