/**
 * Where the session is kept between page loads: IndexedDB through idb-keyval (database `plyr-kit`, store
 * `sessions`), one versioned record `{ v: 1, session, guest? }` per `apiBase|gameId`, where `guest` is a guest
 * session kept beside a full account's. When IndexedDB is missing or throws (private mode, quota), the store falls
 * back to memory for the rest of the page and reports `STORAGE` once.
 *
 * A guest's JWT is its account's only credential, so the store never loses one by accident: records are read
 * leniently (and rewritten in the current shape), and a write never drops a guest that is stored but that the
 * writer does not know about (another tab, a restore that had not finished); only an explicit `forget` does.
 */
import { createStore, del, get, set } from 'idb-keyval';
import { isObject } from './answers.js';
import { PlyrError } from './errors.js';
import { readSession } from './session.js';
import type { Session, SessionStorageAdapter } from './types.js';

/** Version of the stored record's shape. */
export const RECORD_VERSION = 1;

/** What is stored: the current session and a guest session kept beside it (only ever beside another session). */
export interface StoredSessions {
  session: Session | null;
  guest: Session | null;
}

/** The session store of one client. */
export interface SessionStore {
  /**
   * The stored sessions, or `null` when there are none. A record that holds no readable session JWT is removed
   * (and reported); any other is read and, when it differs from the current shape, rewritten.
   */
  load(): Promise<StoredSessions | null>;
  /**
   * Stores `sessions` (removes the record when there is no session) and resolves to what was stored: a guest the
   * record already held is kept (beside `sessions.session`, or as the session when there is none) unless its
   * PLYR[ID] is `forget`.
   */
  save(sessions: StoredSessions, forget?: string): Promise<StoredSessions>;
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

/** The invariants: a guest is kept only beside another session; with no session, the kept guest is the session. */
function settle(session: Session | null, guest: Session | null): StoredSessions {
  if (!session) return { session: guest, guest: null };
  return { session, guest: guest?.isGuest && guest.plyrId !== session.plyrId ? guest : null };
}

/** The stored shape of `sessions` (which has a session). */
const toRecord = ({ session, guest }: StoredSessions) =>
  guest ? { v: RECORD_VERSION, session, guest } : { v: RECORD_VERSION, session };

/** Whether two records are the same JSON (a record that cannot be written as JSON is not). */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
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

  /** Reads the record; `undefined` when there is none, `null` when it holds no session JWT. */
  async function read(): Promise<{ record: unknown; sessions: StoredSessions | null } | undefined> {
    const record = await run((a) => a.get(key));
    if (record === undefined || record === null) return undefined;
    // Older or hand-made shapes: `v` as a string or missing, the session itself as the record.
    const r = isObject(record) ? record : {};
    const sessions = settle(readSession(r.session) ?? readSession(r), readSession(r.guest));
    return { record, sessions: sessions.session ? sessions : null };
  }

  const store = {
    shared: adapter !== memory,
    async load(): Promise<StoredSessions | null> {
      const stored = await read();
      if (!stored) return null;
      const { record, sessions } = stored;
      if (!sessions) {
        await run((a) => a.del(key));
        report(new PlyrError('STORAGE', 'Corrupt session removed'));
        return null;
      }
      const current = toRecord(sessions);
      if (!sameJson(record, current)) await run((a) => a.set(key, current));
      return sessions;
    },
    async save(sessions: StoredSessions, forget?: string): Promise<StoredSessions> {
      let { session, guest } = settle(sessions.session, sessions.guest);
      const known = (s: Session) => s.plyrId === session?.plyrId || s.plyrId === guest?.plyrId;
      const stored = (await read())?.sessions;
      for (const s of [stored?.session, stored?.guest]) {
        if (!s?.isGuest || s.plyrId === forget || known(s)) continue;
        if (!session) session = s;
        else guest ??= s;
      }
      const result = settle(session, guest);
      await run((a) => (result.session ? a.set(key, toRecord(result)) : a.del(key)));
      return result;
    },
  };
  return store;
}
