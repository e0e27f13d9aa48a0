/**
 * A minimal platform client for the sandbox tests: signs requests per docs/platform/plyr-api.md#hmac-signing with
 * node:crypto (independently of src/server and src/core) and calls the sandbox over real HTTP with fetch. Also a
 * controllable clock.
 */
import { createHmac } from 'node:crypto';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

/** A parsed JSON object (tests read fields and compare them). */
export type JsonObject = { [key: string]: unknown };

/** What a call returned. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or `{}` when it is not JSON. */
  json: JsonObject;
}

/** Per-call options. */
export interface CallOptions {
  /** Extra headers (a value of `undefined` removes a default header, e.g. `{ signature: undefined }`). */
  headers?: Record<string, string | undefined>;
  /** Send no HMAC headers at all. */
  unsigned?: boolean;
  /** Timestamp to sign and send (default: the client's clock). */
  timestamp?: number | string;
  /** Sign this text instead of the body text actually sent. */
  signText?: string;
  /** Send this exact body text (POST), instead of `JSON.stringify(body)`. */
  rawBody?: string;
  /** Content-Type for POST. Default `application/json`. */
  contentType?: string;
}

/**
 * The HMAC signature of docs/platform/plyr-api.md#hmac-signing: HMAC-SHA256(secret as UTF-8 text, timestamp +
 * bodyText), lowercase hex.
 */
export const signRequest = (secretKey: string, timestamp: string, bodyText: string): string =>
  createHmac('sha256', secretKey)
    .update(timestamp + bodyText)
    .digest('hex');

/** Signs and sends platform requests to one sandbox with one API key. */
export class SandboxClient {
  constructor(
    readonly url: string,
    readonly apiKey: string,
    readonly secretKey: string,
    readonly now: () => number = Date.now,
  ) {}

  /** The same client with another key pair. */
  withKey(apiKey: string, secretKey: string): SandboxClient {
    return new SandboxClient(this.url, apiKey, secretKey, this.now);
  }

  get(path: string, options: CallOptions = {}): Promise<Answer> {
    return this.call('GET', path, undefined, options);
  }

  post(path: string, body?: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.call('POST', path, body, options);
  }

  async call(method: string, path: string, body: unknown, options: CallOptions = {}): Promise<Answer> {
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const bodyText = options.rawBody ?? (hasBody ? JSON.stringify(body ?? {}) : '{}');
    const timestamp = String(options.timestamp ?? this.now());
    const headers: Record<string, string> = {};
    if (!options.unsigned) {
      headers.apikey = this.apiKey;
      headers.timestamp = timestamp;
      headers.signature = signRequest(this.secretKey, timestamp, options.signText ?? bodyText);
    }
    if (hasBody) headers['content-type'] = options.contentType ?? 'application/json';
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const res = await fetch(this.url + path, { method, headers, body: hasBody ? bodyText : undefined });
    const text = await res.text();
    let json: JsonObject = {};
    try {
      json = JSON.parse(text) as JsonObject;
    } catch {
      // Plain-text answers (Koa defaults) stay in `text`.
    }
    return { status: res.status, headers: res.headers, text, json };
  }
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(public ms = Date.UTC(2025, 5, 1, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): number {
    this.ms += ms;
    return this.ms;
  }
}

/** A sandbox on the test clock with a client of its main game. */
export interface TestSandbox {
  sb: Sandbox;
  clock: TestClock;
  client: SandboxClient;
  /** A client of the second game (`other-game`). */
  other: SandboxClient;
  /** A code of `plyrId` never used before: moves the clock one TOTP step first. */
  freshCode(plyrId: string): string;
  /** Logs `plyrId` in with a fresh code (extra body fields merged in). */
  login(plyrId: string, extra?: JsonObject, client?: SandboxClient): Promise<Answer>;
  /** Registers a guest (tokens `[]`). */
  registerGuest(client?: SandboxClient): Promise<Answer>;
}

/** Starts a sandbox on a {@link TestClock}. Close it with `sb.close()`. */
export async function startTestSandbox(): Promise<TestSandbox> {
  const clock = new TestClock();
  const sb = await startSandbox({ now: clock.now });
  const client = new SandboxClient(sb.url, sb.apiKey, sb.secretKey, clock.now);
  const second = sb.games[1]!;
  const other = client.withKey(second.apiKey, second.secretKey);
  const freshCode = (plyrId: string) => {
    clock.advance(30_000);
    return sb.totp(plyrId);
  };
  return {
    sb,
    clock,
    client,
    other,
    freshCode,
    login: (plyrId, extra = {}, via = client) =>
      via.post('/api/user/login', { plyrId, otp: freshCode(plyrId), ...extra }),
    registerGuest: (via = client) => via.post('/api/instantPlayPass/register', { tokens: [] }),
  };
}
