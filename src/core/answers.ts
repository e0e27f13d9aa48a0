/**
 * Reading answers defensively (the platform's and the signing endpoint's): JSON bodies, `Retry-After`, message
 * text that is safe to show. What a failed platform answer means is `platform-errors.ts`'s business.
 */

/** A plain object: not `null`, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Milliseconds of a `Retry-After` header in seconds; 1 s when it is missing or unreadable. */
export function retryAfter(header: string | null | undefined): number {
  const seconds = Number(header ?? Number.NaN);
  return seconds >= 0 ? seconds * 1000 : 1000;
}

/** Parses a body defensively: JSON when it is JSON, otherwise `undefined`. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Messages are for people: cap their length and never let anything shaped like a JWT through. */
export const safeText = (text: string): string =>
  text.replace(/eyJ[\w-]*\.[\w-]*\.?[\w-]*/g, '[jwt]').slice(0, 200);
