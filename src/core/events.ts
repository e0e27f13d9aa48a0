/**
 * The typed event emitter of the core client and real play. Its own small implementation (eventemitter3 weighed
 * ~1 KB gzip of the sign-in bundle for four methods), with the guarantee the SDK promises: a throwing listener is
 * reported (console.error) and the other listeners and the client carry on.
 */
import type { PlyrEventName } from './types.js';

type Listener<P> = (payload: P) => void;

/** A listener and whether it goes after its first call. */
interface Entry {
  listener: Listener<never>;
  once: boolean;
}

/** Typed events (`Events` maps names to payloads) with `on` returning an unsubscribe function, `once` and `off`. */
export class TypedEmitter<Events extends object> {
  /** Listeners by event, in order. Arrays are replaced, never changed, so an `emit` runs over a snapshot. */
  readonly #listeners = new Map<string, Entry[]>();

  #add(event: string, listener: Listener<never>, once: boolean): () => void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { listener, once }]);
    return () => this.#remove(event, (entry) => entry.listener === listener);
  }

  #remove(event: string, match: (entry: Entry) => boolean): void {
    const kept = this.#listeners.get(event)?.filter((entry) => !match(entry));
    if (kept?.length) this.#listeners.set(event, kept);
    else this.#listeners.delete(event);
  }

  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    return this.#add(event, listener, false);
  }

  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    return this.#add(event, listener, true);
  }

  /** Removes `listener` (every time it was added), also when it was added with `once` and has not fired yet. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.#remove(event, (entry) => entry.listener === listener);
  }

  emit<E extends keyof Events & string>(event: E, payload: Events[E]): void {
    for (const entry of this.#listeners.get(event) ?? []) {
      if (entry.once) this.#remove(event, (e) => e === entry);
      try {
        (entry.listener as Listener<Events[E]>)(payload);
      } catch (error) {
        console.error(`plyr-kit ${event} listener`, error);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}

/** Every client event name, for adapters that forward all of them (the Phaser plugin, the Unity bridge). */
export const PLYR_EVENT_NAMES: readonly PlyrEventName[] = [
  'ready',
  'session',
  'login',
  'logout',
  'guest:registered',
  'guest:claim-code',
  'guest:claimed',
  'error',
];
