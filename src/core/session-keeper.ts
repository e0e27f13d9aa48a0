/**
 * The client's session state: the current session and a guest session kept beside it, their storage, the other
 * tabs, and the `login` / `logout` / `session` events. Every change goes through {@link SessionKeeper.begin} or
 * {@link SessionKeeper.end}, which bump a generation so that slower work (a restore, a verify) never overwrites a
 * newer state, and which store the change before they tell it: what was announced survives a reload.
 *
 * A guest's JWT is the account's only credential. Signing in over a guest keeps it beside the new session, and it
 * comes back when that session ends; only the platform saying the account is gone, or the game's `forgetGuest`,
 * forgets one.
 */
import type { TypedEmitter } from './events.js';
import { expired } from './session.js';
import { createSessionStore, type StoredSessions } from './session-store.js';
import { createTabSync, type TabMessage, type TabSync } from './tab-sync.js';
import type { LoginMethod, LogoutReason, PlyrEvents, PlyrOptions, Session } from './types.js';

const same = (a: Session | null, b: Session | null): boolean => a?.sessionJwt === b?.sessionJwt;

/** The session state of one client. */
export class SessionKeeper {
  #session: Session | null = null;
  #keptGuest: Session | null = null;
  #generation = 0;
  #closed = false;
  #writes: Promise<unknown> = Promise.resolve();
  readonly #events: TypedEmitter<PlyrEvents>;
  readonly #store;
  #sync: TabSync | undefined;

  /** `key` (`apiBase|gameId`) names the stored record and the tab channel. */
  constructor(
    key: string,
    options: Pick<PlyrOptions, 'storage' | 'syncTabs'>,
    events: TypedEmitter<PlyrEvents>,
  ) {
    this.#events = events;
    this.#store = createSessionStore(options.storage, key, (error) => events.emit('error', error));
    this.#sync =
      options.syncTabs === false ? undefined : createTabSync(key, (message) => this.#fromOtherTab(message));
  }

  get session(): Session | null {
    return this.#session;
  }

  /** The guest session kept beside the current one, or `null`. */
  get keptGuest(): Session | null {
    return this.#keptGuest;
  }

  /** Changes with every session change: compare before and after an await to know whether the state moved on. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Restores the stored sessions (nothing when the state changed meanwhile). A full account past its JWT's `exp`
   * ends (`logout`, reason `expired`); a guest is never dropped on the local clock's word, and neither is a session
   * whose expiry is unknown (the platform decides).
   */
  async restore(now: number): Promise<void> {
    const stored = await this.#store.load();
    if (!stored || this.#generation !== 0 || this.#closed) return;
    let { session, guest } = stored;
    if (session && !session.isGuest && expired(session, now)) {
      this.#events.emit('logout', { plyrId: session.plyrId, reason: 'expired' });
      ({ session, guest } = await this.#save({ session: guest, guest: null }));
    }
    if (!session || this.#generation !== 0) return;
    this.#keptGuest = guest;
    await this.begin(session, 'restore');
  }

  /** A guest session stored by another tab (or before a restore finished) that this client does not hold. */
  async storedGuest(): Promise<Session | null> {
    const stored = await this.#store.load();
    return [stored?.session, stored?.guest].find((s) => s?.isGuest) ?? null;
  }

  /**
   * A session began (or was restored). It is the session at once, so that a late answer about an older one cannot
   * end it; a new one (any method but `restore`) is stored first, and only then told to the other tabs and as
   * `login` and `session`: nothing is announced before it is durable, so a reload right after `login` finds it. A
   * failed write was told as an `error` (`STORAGE`) and the session lives in memory. Nothing is told when a newer
   * change came meanwhile. A guest session it replaces is kept beside it.
   */
  async begin(session: Session, method: LoginMethod): Promise<void> {
    const current = this.#session;
    if (current?.isGuest && current.plyrId !== session.plyrId) this.#keptGuest = current;
    if (this.#keptGuest?.plyrId === session.plyrId) this.#keptGuest = null;
    const generation = ++this.#generation;
    this.#session = session;
    if (method !== 'restore') {
      this.#adopt(await this.#save({ session, guest: this.#keptGuest }), generation);
      if (generation !== this.#generation) return;
      this.#sync?.post({ session, guest: this.#keptGuest, method });
    }
    this.#events.emit('login', { session, method });
    this.#events.emit('session', { session });
  }

  /**
   * The session ended: forget it everywhere (a guest's JWT too: callers end a guest only when the platform said
   * its account is gone, or the game said to forget it), emit `logout` and `session`. A kept guest comes back,
   * with a `login` (method `restore`).
   */
  async end(reason: LogoutReason): Promise<void> {
    const ended = this.#session;
    if (!ended) return;
    const next = this.#keptGuest;
    this.#keptGuest = null;
    const generation = ++this.#generation;
    this.#session = next;
    const stored = await this.#save({ session: next, guest: null }, ended.isGuest ? ended.plyrId : undefined);
    this.#sync?.post({ session: next, guest: null });
    this.#events.emit('logout', { plyrId: ended.plyrId, reason });
    if (next) this.#events.emit('login', { session: next, method: 'restore' });
    this.#events.emit('session', { session: next });
    this.#adopt(stored, generation);
  }

  /** Stops listening to the other tabs; later changes of state are ignored. */
  close(): void {
    this.#closed = true;
    this.#sync?.close();
    this.#sync = undefined;
  }

  /** Resolves once every write begun so far has ended (stored, or failed and told). */
  written(): Promise<unknown> {
    return this.#writes.catch(() => undefined);
  }

  /**
   * Writes the sessions; writes run one after another, so the last one wins. Resolves to what was stored: the
   * store keeps a guest it held that this client did not know about, unless it is the guest to `forget`.
   */
  #save(sessions: StoredSessions, forget?: string): Promise<StoredSessions> {
    const saved = this.#writes.then(() => this.#store.save(sessions, forget));
    this.#writes = saved;
    return saved;
  }

  /**
   * After a write made at `generation`: a guest the record held that this client did not know about (stored by
   * another tab, or before a restore had finished) is kept here too, or comes back when there is no session.
   */
  #adopt({ session, guest }: StoredSessions, generation: number): void {
    if (generation !== this.#generation || this.#closed) return;
    this.#keptGuest = guest;
    if (session && !this.#session) void this.begin(session, 'restore');
  }

  #fromOtherTab({ session, guest, method }: TabMessage): void {
    const current = this.#session;
    if (this.#closed || (same(session, current) && same(guest, this.#keptGuest))) return;
    this.#generation++;
    this.#session = session;
    this.#keptGuest = guest;
    if (!this.#store.shared) void this.#save({ session, guest });
    if (same(session, current)) return;
    if (current && session?.plyrId !== current.plyrId)
      this.#events.emit('logout', { plyrId: current.plyrId, reason: 'other-tab' });
    if (session) this.#events.emit('login', { session, method: method ?? 'restore' });
    this.#events.emit('session', { session });
  }
}
