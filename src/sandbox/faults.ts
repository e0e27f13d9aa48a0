/** Injected faults (sandbox-only): matching platform requests are delayed, answered with a status, or dropped. */

/**
 * A fault to inject into matching platform routes (paths under `/api`, and MG+ `/v1/`), for timeout, 5xx and
 * network tests.
 * Without `status` or `reset` the request is only delayed and then served normally.
 */
export interface SandboxFault {
  /** Only this HTTP method (case-insensitive). Default: any. */
  method?: string;
  /** A string matches as a prefix of the request path (e.g. `/api/user/session/verify`); a RegExp is tested on it. */
  path: string | RegExp;
  /** Answer with this status instead of serving the route. */
  status?: number;
  /** Body of that answer: a string is sent as text/plain, anything else as JSON. Default: the status text. */
  body?: unknown;
  /** Wait this long before answering (or serving). Cancelled by `close()`. */
  delayMs?: number;
  /** Apply to this many matching requests, then disappear. Default: every request until cleared. */
  times?: number;
  /** Destroy the connection without an answer (a network failure as the client sees it). */
  reset?: boolean;
}

interface ActiveFault {
  fault: SandboxFault;
  remaining: number;
}

/** Validates a fault given over HTTP (`POST /sandbox/fault`); returns an error text or the fault. */
export function faultFromJson(body: unknown): SandboxFault | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return 'The body must be a JSON object';
  const f = body as Record<string, unknown>;
  if (typeof f.path !== 'string' || !f.path.startsWith('/')) return '`path` must be a string starting with /';
  if (f.method !== undefined && typeof f.method !== 'string') return '`method` must be a string';
  if (
    f.status !== undefined &&
    !(Number.isInteger(f.status) && Number(f.status) >= 100 && Number(f.status) <= 599)
  )
    return '`status` must be an integer from 100 to 599';
  const isCount = (v: unknown, min: number) => v === undefined || (Number.isInteger(v) && Number(v) >= min);
  if (!isCount(f.delayMs, 0)) return '`delayMs` must be a non-negative integer';
  if (!isCount(f.times, 1)) return '`times` must be a positive integer';
  if (f.reset !== undefined && typeof f.reset !== 'boolean') return '`reset` must be a boolean';
  const fault: SandboxFault = { path: f.path };
  if (f.method !== undefined) fault.method = f.method as string;
  if (f.status !== undefined) fault.status = f.status as number;
  if ('body' in f) fault.body = f.body;
  if (f.delayMs !== undefined) fault.delayMs = f.delayMs as number;
  if (f.times !== undefined) fault.times = f.times as number;
  if (f.reset !== undefined) fault.reset = f.reset as boolean;
  return fault;
}

/** The faults of one sandbox, first match wins. */
export class FaultRegistry {
  #active: ActiveFault[] = [];

  add(fault: SandboxFault): void {
    this.#active.push({ fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): number {
    const n = this.#active.length;
    this.#active = [];
    return n;
  }

  /** The fault for this request, if any; uses up one of its `times`. */
  take(method: string, path: string): SandboxFault | undefined {
    const index = this.#active.findIndex(({ fault }) => {
      if (fault.method && fault.method.toUpperCase() !== method) return false;
      if (typeof fault.path === 'string') return path.startsWith(fault.path);
      fault.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
      return fault.path.test(path);
    });
    const hit = this.#active[index];
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.#active.splice(index, 1);
    return hit.fault;
  }
}
