/**
 * Fixture for the core client tests: a sandbox platform and the real signing endpoint (at `/plyr/sign` in both
 * modes: sign mode at the URL itself, relay mode below it; relay only at `/plyr/relay`) on loopback port 0, sharing
 * one clock the test moves by hand, and a record of the requests the client sends (a pass-through wrapper of the
 * global fetch, so round trips can be counted; the relay forwards with the unwrapped fetch, so only the client's
 * own requests are recorded). Clients of {@link CoreEnv.client} use sign mode unless told otherwise; a plain URL
 * string (relay mode, the client's default) works with every endpoint the fixture starts.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from '@jest/globals';
import { createStore, del, get, set } from 'idb-keyval';
import type {
  PlyrClient,
  PlyrEventName,
  PlyrEvents,
  PlyrOptions,
  SessionStorageAdapter,
} from '../../src/index.js';
import { createPlyr } from '../../src/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createSigningHandler, type SigningHandlerOptions, toNodeListener } from '../../src/server/index.js';
import { sandboxKeys } from './server-harness.js';

/** A clock the test moves by hand (starts at the real time so the numbers look ordinary). */
export class TestClock {
  ms = Math.floor(Date.now() / 30_000) * 30_000 + 5_000;
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** One request the client sent. */
export interface SentRequest {
  method: string;
  url: string;
}

/** A running environment. */
export interface CoreEnv {
  sandbox: Sandbox;
  clock: TestClock;
  /** Endpoint URL: sign mode at the URL, relay mode below it (what a plain string `signer` uses). */
  signUrl: string;
  /** Relay-mode endpoint URL (platform paths are appended). */
  relayUrl: string;
  /** Requests sent through the global fetch since the last `sent.length = 0`. */
  sent: SentRequest[];
  /**
   * Starts another signing endpoint with overrides; its URL, served like {@link signUrl} (both modes) unless
   * `mode: 'relay'` (relay only).
   */
  extraSigner(overrides: Partial<SigningHandlerOptions>): Promise<string>;
  /** A client of this environment, in sign mode (memory-free: fake IndexedDB unless `storage` says otherwise). */
  client(options?: Partial<PlyrOptions>): PlyrClient;
  /**
   * A 2FA code of a seeded player that was never used: moves the clock to the next TOTP step first (the platform
   * refuses a code seen in the last 5 minutes).
   */
  otp(plyrId?: string): string;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A URL where nothing listens (a server was there a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `${url}/plyr/sign`;
}

/** Starts the sandbox and the signing endpoint. */
export async function startCoreEnv(signerOverrides: Partial<SigningHandlerOptions> = {}): Promise<CoreEnv> {
  const clock = new TestClock();
  const sandbox = await startSandbox({ now: clock.now });
  const originalFetch = globalThis.fetch;
  const sent: SentRequest[] = [];
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    // Read, never rebuild, a Request: constructing one from another takes its body away.
    if (input instanceof Request) sent.push({ method: input.method, url: input.url });
    else sent.push({ method: init?.method ?? 'GET', url: String(input) });
    return originalFetch(input, init);
  };
  const servers: Server[] = [];
  const base = {
    ...sandboxKeys(sandbox),
    mode: 'sign' as const, // sign mode by name: relay is the default of both the client and the endpoint

    now: clock.now,
    rateLimit: false as const,
    fetch: (input: string, init: RequestInit) => originalFetch(input, init),
  };
  /** The endpoint at `basePath` in both modes (unless `options.mode` says one): platform paths below it relay. */
  const bothModes = (options: Partial<SigningHandlerOptions>, basePath: string): RequestListener => {
    const sign = toNodeListener(createSigningHandler({ ...base, mode: 'sign', basePath, ...options }));
    const relay = toNodeListener(createSigningHandler({ ...base, mode: 'relay', basePath, ...options }));
    return (req, res) => (req.url?.startsWith(`${basePath}/api/`) ? relay : sign)(req, res);
  };
  const start = async (listener: RequestListener): Promise<string> => {
    const server = createServer(listener);
    servers.push(server);
    return listen(server);
  };
  const signListener = bothModes(signerOverrides, '/plyr/sign');
  const relayListener = toNodeListener(
    createSigningHandler({ ...base, mode: 'relay', basePath: '/plyr/relay', ...signerOverrides }),
  );
  const main = createServer((req, res) =>
    (req.url?.startsWith('/plyr/relay') ? relayListener : signListener)(req, res),
  );
  servers.push(main);
  const origin = await listen(main);
  const clients: PlyrClient[] = [];

  return {
    sandbox,
    clock,
    signUrl: `${origin}/plyr/sign`,
    relayUrl: `${origin}/plyr/relay`,
    sent,
    async extraSigner(overrides) {
      const basePath = overrides.mode === 'relay' ? '/plyr/relay' : '/plyr/sign';
      return `${await start(bothModes(overrides, basePath))}${basePath}`;
    },
    client(options = {}) {
      const client = createPlyr({
        gameId: sandbox.gameId,
        signer: { url: `${origin}/plyr/sign`, mode: 'sign' },
        apiBase: sandbox.url,
        now: clock.now,
        timeoutMs: 2000,
        retries: 0,
        ...options,
      });
      clients.push(client);
      return client;
    },
    otp(plyrId = 'demo-player') {
      clock.advance(30_000);
      return sandbox.totp(plyrId);
    },
    async close() {
      for (const client of clients) client.destroy();
      globalThis.fetch = originalFetch;
      await Promise.all(
        servers.map(
          (server) =>
            new Promise((resolve) => {
              server.close(resolve);
              server.closeAllConnections();
            }),
        ),
      );
      await sandbox.close();
    },
  };
}

/**
 * A fresh {@link CoreEnv} for each test of the file: started before each test and closed after it, after anything
 * pushed onto `closeFirst` (stubs a test started). The returned object always reads the current test's environment.
 */
export function useCoreEnv(closeFirst: Array<{ close(): Promise<void> }> = []): CoreEnv {
  let current: CoreEnv | undefined;
  beforeEach(async () => {
    current = await startCoreEnv();
  });
  afterEach(async () => {
    await Promise.all(closeFirst.splice(0).map((stub) => stub.close()));
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as CoreEnv, {
    get(_target, key) {
      if (current === undefined) throw new Error('the core environment is only there inside a test');
      return Reflect.get(current, key);
    },
  });
}

/** Resolves with the payload of the next `event` of `client`. */
export function nextEvent<E extends PlyrEventName>(client: PlyrClient, event: E): Promise<PlyrEvents[E]> {
  return new Promise((resolve) => client.once(event, resolve));
}

/** Waits, turn by turn of the event loop and for at most `limitMs`, until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  if (!(await condition())) throw new Error('condition not reached');
}

/** The IndexedDB store the client keeps sessions in (its own database), for tests that read or plant records. */
export const sessionIdb = () => createStore('plyr-kit', 'sessions');
/** The key of `env`'s game's session record (`apiBase|gameId`). */
export const recordKeyOf = (env: CoreEnv): string => `${env.sandbox.url}|${env.sandbox.gameId}`;
/** The stored session record of `env`'s game, or `undefined`. */
export const storedRecord = (env: CoreEnv): Promise<unknown> => get(recordKeyOf(env), sessionIdb());

/**
 * The client's IndexedDB store (same database, same records) as a storage adapter that also mirrors, in `written`,
 * what each write left once IndexedDB said it was done: read synchronously (in an event listener, right after an
 * `await`), it is what a reload at that moment would find.
 */
export function durableStorage(): { storage: SessionStorageAdapter; written: Map<string, unknown> } {
  const store = sessionIdb();
  const written = new Map<string, unknown>();
  return {
    written,
    storage: {
      get: (key) => get(key, store),
      set: async (key, value) => {
        await set(key, value, store);
        written.set(key, value);
      },
      del: async (key) => {
        await del(key, store);
        written.delete(key);
      },
    },
  };
}
