/**
 * The client's typed event emitter. A throwing listener is reported (console.error) and the other listeners and
 * the client carry on. It is written out rather than wrapping eventemitter3: that package ships CommonJS only to
 * bundlers and the UMD build has no CommonJS plugin, and a Map of Sets does all the client needs in less space.
 */
import type { PlyrEventName, PlyrEvents, PlyrListener } from './types.js';

type AnyListener = (payload: never) => void;

/** Typed events with `on` (returning an unsubscribe function), `once`, `off` and a listener-safe `emit`. */
export class Emitter {
  readonly #listeners = new Map<PlyrEventName, Set<AnyListener>>();

  on<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set.add(listener));
    return () => this.off(event, listener);
  }

  once<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    const wrapper = Object.assign(
      (payload: PlyrEvents[E]) => {
        this.off(event, listener);
        listener(payload);
      },
      { of: listener },
    );
    return this.on(event, wrapper);
  }

  /** Removes `listener`, also when it was added with `once` and has not fired yet. */
  off<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): void {
    const set = this.#listeners.get(event);
    for (const l of set ?? []) if (l === listener || (l as { of?: unknown }).of === listener) set?.delete(l);
  }

  emit<E extends PlyrEventName>(event: E, payload: PlyrEvents[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as PlyrListener<E>)(payload);
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
