/**
 * One PLYR[CONNECT] attempt: its unguessable ids, and (redirect mode) its record in sessionStorage.
 */
import type { ConnectAction, ConnectMode } from '../types.js';
import { attemptRecordName, removeAttemptRecord, tabStorage } from './attempt-record.js';

/** What identifies and bounds an attempt. */
export interface ConnectAttempt {
  /** Key of the hand-off at `/api/auth/read/:uid` (UUID v4: any API key can read any uid). */
  uid: string;
  /** Echoed by the hosted page in its answer; binds the answer to this attempt. */
  callbackString: string;
  mode: ConnectMode;
  action: ConnectAction;
  /** Origin the answer must come from (the hosted page's). */
  origin: string;
  /** When the attempt gives up (ms since the epoch, client clock). */
  deadline: number;
}

/** A fresh attempt. */
export function newAttempt(
  mode: ConnectMode,
  action: ConnectAction,
  origin: string,
  deadline: number,
): ConnectAttempt {
  return {
    uid: crypto.randomUUID(),
    callbackString: crypto.randomUUID(),
    mode,
    action,
    origin,
    deadline,
  };
}

const isAttempt = (value: unknown): value is ConnectAttempt => {
  const a = value as Partial<ConnectAttempt> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    ['uid', 'callbackString', 'mode', 'action', 'origin'].every(
      (key) => typeof a[key as keyof ConnectAttempt] === 'string',
    ) &&
    typeof a.deadline === 'number'
  );
};

/** The stored redirect attempt of one client (`key` = apiBase + gameId). */
export interface AttemptStore {
  load(): ConnectAttempt | undefined;
  /** False when the tab has no working sessionStorage (the attempt could not be resumed). */
  save(attempt: ConnectAttempt): boolean;
  clear(): void;
}

/** The attempt store of the client with `key`; a record that is not an attempt is dropped. */
export function attemptStore(key: string): AttemptStore {
  const name = attemptRecordName(key);
  return {
    load() {
      const storage = tabStorage();
      let value: unknown;
      try {
        value = JSON.parse(storage?.getItem(name) ?? 'null');
      } catch {
        // corrupt: dropped below
      }
      if (isAttempt(value)) return value;
      if (value !== null) storage?.removeItem(name);
      return undefined;
    },
    save(attempt) {
      const storage = tabStorage();
      try {
        storage?.setItem(name, JSON.stringify(attempt));
        return typeof storage?.getItem(name) === 'string';
      } catch {
        return false;
      }
    },
    clear() {
      removeAttemptRecord(key);
    },
  };
}
