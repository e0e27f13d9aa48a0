/**
 * Where a redirect attempt is kept: one sessionStorage record per client, which belongs to this tab and origin and
 * so survives the round trip through the hosted page. Apart from the attempt's contents (attempt.ts, loaded lazily)
 * because the client checks for a record on every start.
 */

/** sessionStorage, or `undefined` where there is none (Node, some sandboxed frames throw on access). */
export function tabStorage(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The record's name for the client with `key` (apiBase + gameId). */
export const attemptRecordName = (key: string): string => `plyr-kit:connect:${key}`;

/** True when this tab holds a record for the client with `key` (whether it is a valid attempt is checked later). */
export function hasAttemptRecord(key: string): boolean {
  try {
    return tabStorage()?.getItem(attemptRecordName(key)) != null;
  } catch {
    return false;
  }
}

/** Forgets the record of the client with `key`. */
export function removeAttemptRecord(key: string): void {
  try {
    tabStorage()?.removeItem(attemptRecordName(key));
  } catch {
    // nothing kept, nothing to forget
  }
}
