/**
 * The typed event emitter of the core client and real play: eventemitter3 underneath, plus the guarantee the SDK
 * promises that eventemitter3 does not give: a throwing listener is reported (console.error) and the other listeners
 * and the client carry on.
 */
import EventEmitter from 'eventemitter3';
import type { PlyrEventName } from './types.js';

type Listener<P> = (payload: P) => void;

/** Calls the listener kept as eventemitter3's `context`, so `off(event, listener)` can find it again. */
function callSafely(this: Listener<unknown>, payload: unknown, event: string): void {
  try {
    this(payload);
  } catch (error) {
    console.error(`plyr-kit ${event} listener`, error);
  }
}

/** Typed events (`Events` maps names to payloads) with `on` returning an unsubscribe function, `once` and `off`. */
export class TypedEmitter<Events extends object> {
  readonly #emitter = new EventEmitter();

  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    this.#emitter.on(event, callSafely, listener);
    return () => this.off(event, listener);
  }

  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    this.#emitter.once(event, callSafely, listener);
    return () => this.off(event, listener);
  }

  /** Removes `listener`, also when it was added with `once` and has not fired yet. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.#emitter.off(event, callSafely, listener);
  }

  emit<E extends keyof Events & string>(event: E, payload: Events[E]): void {
    this.#emitter.emit(event, payload, event);
  }

  /** Removes every listener. */
  clear(): void {
    this.#emitter.removeAllListeners();
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
  'allowances',
  'error',
];
