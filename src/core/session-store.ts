/**
 * Where the session is kept between page loads: IndexedDB through idb-keyval (database `plyr-kit`, store
 * `sessions`), one versioned record `{ v: 1, session }` per `apiBase|gameId`. When IndexedDB is missing or throws
 * (private mode, quota), the store falls back to memory for the rest of the page and reports `STORAGE` once.
 */
import { createStore, del, get, set } from 'idb-keyval';
import { PlyrError } from './errors.js';
import { isSession } from './session.js';
import type { Session, SessionStorageAdapter } from './types.js';

/** Version of the stored record's shape. */
export const RECORD_VERSION = 1;

/** The session store of one client. */
export interface SessionStore {
  /** The stored session; a corrupt record is removed (and reported) and reads as `null`. */
  load(): Promise<Session | null>;
  /** Stores the session, or removes it for `null`. */
  save(session: Session | null): Promise<void>;
  /** False when the session lives only in this page's memory (other tabs cannot read it). */
  readonly shared: boolean;
}

function memoryAdapter(): SessionStorageAdapter {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
  };
}

function indexedDbAdapter(): SessionStorageAdapter {
  const store = createStore('plyr-kit', 'sessions');
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
  };
}

/**
 * The store for `key` (`apiBase|gameId`).
 * @param report - receives `STORAGE` errors (fallback to memory, corrupt record removed); never throws.
 */
export function createSessionStore(
  option: 'indexeddb' | 'memory' | SessionStorageAdapter | undefined,
  key: string,
  report: (error: PlyrError) => void,
): SessionStore {
  const memory = memoryAdapter();
  let adapter: SessionStorageAdapter =
    option === 'memory' ? memory : typeof option === 'object' ? option : indexedDbAdapter();

  /** Runs `op` on the adapter; on failure switches to memory for good and runs it there. */
  async function run<T>(op: (a: SessionStorageAdapter) => Promise<T>): Promise<T> {
    if (adapter !== memory) {
      try {
        return await op(adapter);
      } catch (error) {
        adapter = memory;
        store.shared = false;
        report(new PlyrError('STORAGE', 'Storage failed; using memory', { cause: error }));
      }
    }
    return op(memory);
  }

  const store = {
    shared: adapter !== memory,
    async load(): Promise<Session | null> {
      const record = await run((a) => a.get(key));
      if (record === undefined || record === null) return null;
      const r = record as { v?: unknown; session?: unknown };
      if (r.v === RECORD_VERSION && isSession(r.session)) return r.session;
      await run((a) => a.del(key));
      report(new PlyrError('STORAGE', 'Corrupt session removed'));
      return null;
    },
    save: (session: Session | null): Promise<void> =>
      run((a) => (session ? a.set(key, { v: RECORD_VERSION, session }) : a.del(key))),
  };
  return store;
}
